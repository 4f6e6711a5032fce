import { describe, expect, it } from 'vitest';
import { refusedImport } from '../../src/features/beheer/kaart/api';

/** A refused import's 400 as the server sends it (docs/admin-api.md, "Sociale kaart importeren en exporteren"). */
const refused = {
  error: 'invalid_request', dryRun: false, imported: false, acceptable: false, message: 'Niets geïmporteerd: het bestand heeft 1 fout. Herstel het bestand.',
  format: 'hsds-csv', created: 1, updated: 0, unchanged: 0, rejected: 1, idInUse: 0,
  errors: ['organizations.csv, rij 3 (organisatie), veld naam (name): Vul naam in.'], errorCount: 1,
  warnings: [], warningCount: 0, refused: [], refusedCount: 0, notes: [], noteCount: 0, ignoredFields: [], ignoredFieldCount: 0,
};

describe('beheer kaart import: which 400 is a refused import the page lists, and which shows its message alone', () => {
  it('takes a refused import with every list of text and every count a number', () => {
    expect(refusedImport(refused)).toMatchObject({ imported: false, acceptable: false, errors: refused.errors, errorCount: 1 });
  });

  it.each([
    ['a body that is no object', 'Niets'],
    ['an invalid body (no lists: a wrong field, a wrong mapping)', { error: 'invalid_request', message: 'Het veld "files" moet een lijst zijn.' }],
    ['a dry run', { ...refused, dryRun: true }],
    ['an import that was written', { ...refused, imported: true }],
    ['a line that is no text', { ...refused, errors: [{ toString: 'x' }] }],
    ['a list that is no list', { ...refused, refused: 'regio.json' }],
    ['a count that is no number', { ...refused, errorCount: '1' }],
    ['a negative count', { ...refused, noteCount: -1 }],
  ])('shows the message alone for %s', (_, body) => {
    expect(refusedImport(body)).toBeUndefined();
  });
});
