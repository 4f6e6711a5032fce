import { describe, expect, it } from 'vitest';
import {
  addMapping, changeMapping, DEFAULT_TAXONOMY_MAPPING, effectiveMapping, importHsdsJson, isMappingEdits, mappingRows, noMappingEdits, removeMapping,
  themeByCode, themeById, type TaxonomyMappingEdits,
} from '../../src/shared/kaart';
import { pub, serviceDocument } from './fixtures/hsds-published';

const ok = (change: ReturnType<typeof addMapping>): TaxonomyMappingEdits => {
  if (!change.ok) throw new Error(change.message);
  return change.edits;
};

describe('the taxonomy mapping a coordinator edits', () => {
  it('starts as the shipped defaults, every default pointing to one of our themes', () => {
    expect(effectiveMapping(undefined)).toEqual(DEFAULT_TAXONOMY_MAPPING);
    expect(Object.values(DEFAULT_TAXONOMY_MAPPING).every((code) => themeByCode(code) !== undefined)).toBe(true);
    expect(mappingRows(noMappingEdits()).every((row) => row.origin === 'default')).toBe(true);
  });

  it('adds a term (trimmed, lower case), changes a default, removes one, and reset is forgetting the edits', () => {
    let edits = ok(addMapping(noMappingEdits(), '  Koffie-Inloop  ', 'zorg_welzijn'));
    edits = ok(changeMapping(edits, 'food', 'zorg_welzijn'));
    edits = removeMapping(edits, 'transit');
    const mapping = effectiveMapping(edits);
    expect(mapping['koffie-inloop']).toBe('zorg_welzijn');
    expect(mapping.food).toBe('zorg_welzijn');
    expect('transit' in mapping).toBe(false);
    const rows = mappingRows(edits);
    expect(rows.find((row) => row.term === 'koffie-inloop')?.origin).toBe('added');
    expect(rows.find((row) => row.term === 'food')?.origin).toBe('changed');
    expect(rows.find((row) => row.term === 'housing')?.origin).toBe('default');
    // a default given its shipped theme again is no edit; a removed default can be added back
    edits = ok(changeMapping(edits, 'food', DEFAULT_TAXONOMY_MAPPING.food));
    edits = ok(addMapping(edits, 'Transit', 'vervoer'));
    expect(edits).toEqual({ set: { 'koffie-inloop': 'zorg_welzijn' }, removed: [] });
    // removing one's own term forgets it
    expect(removeMapping(edits, 'koffie-inloop')).toEqual(noMappingEdits());
  });

  it('refuses an empty term, a term over 100 characters, an unknown theme and a duplicate, in Dutch', () => {
    expect(addMapping(noMappingEdits(), '   ', 'wonen')).toMatchObject({ ok: false, field: 'term', message: 'Vul een term in.' });
    expect(addMapping(noMappingEdits(), 'x'.repeat(101), 'wonen')).toMatchObject({ ok: false, field: 'term', message: expect.stringContaining('hoogstens 100 tekens') });
    expect(addMapping(noMappingEdits(), 'x'.repeat(100), 'wonen').ok).toBe(true);
    expect(addMapping(noMappingEdits(), 'buurtzorg', 'ruimtevaart')).toMatchObject({ ok: false, field: 'theme', message: expect.stringContaining('Kies een van de thema') });
    expect(addMapping(noMappingEdits(), 'Food  Pantry', 'wonen')).toMatchObject({ ok: false, field: 'term', message: expect.stringContaining('staat al in de lijst') });
    expect(changeMapping(noMappingEdits(), 'bestaat niet', 'wonen')).toMatchObject({ ok: false, message: expect.stringContaining('staat niet in de lijst') });
  });

  it('skips stored entries that are not valid and tells a stored value of the wrong shape', () => {
    const stored = { set: { '': 'wonen', buurtzorg: 'ruimtevaart', ['x'.repeat(101)]: 'wonen', eetcafe: 'zorg_welzijn' }, removed: [] };
    const mapping = effectiveMapping(stored);
    expect(mapping.eetcafe).toBe('zorg_welzijn');
    expect(Object.keys(mapping).some((term) => term === '' || term === 'buurtzorg' || term.length > 100)).toBe(false);
    expect(isMappingEdits(stored)).toBe(true);
    expect(isMappingEdits({ set: [], removed: [] })).toBe(false);
    expect(isMappingEdits({ set: { a: 1 }, removed: [] })).toBe(false);
    expect(isMappingEdits('wonen')).toBe(false);
  });

  it('an import uses the edited mapping: a term the coordinator mapped gets that theme, a removed default none', () => {
    const text = JSON.stringify(serviceDocument());
    const themesOf = (mapping?: Record<string, string>) => importHsdsJson(text, { ownerOrganisationId: null, taxonomyMapping: mapping }).records.attribute
      .filter((attribute) => attribute.link_id === pub.service).map((attribute) => themeById(attribute.taxonomy_term_id)?.code).sort();
    // defaults: "Schuldhulpverlening" → geld_schulden, "Koffie-inloop" is only a keyword
    expect(themesOf()).toEqual(['geld_schulden']);
    const edited = effectiveMapping(removeMapping(ok(addMapping(noMappingEdits(), 'Koffie-inloop', 'zorg_welzijn')), 'schuldhulpverlening'));
    // "Schuldhulpverlening" is also a theme synonym, so it keeps geld_schulden; the new term adds zorg_welzijn
    expect(themesOf(edited)).toEqual(['geld_schulden', 'zorg_welzijn']);
    const remapped = effectiveMapping(ok(changeMapping(noMappingEdits(), 'schuldhulpverlening', 'juridisch')));
    expect(themesOf(remapped)).toEqual(['juridisch']);
  });
});
