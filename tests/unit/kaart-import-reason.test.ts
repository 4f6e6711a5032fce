import { describe, expect, it } from 'vitest';
import { importReason } from '../../src/features/kaart/import-reason';

const plan = (changes: number, unchanged = 0, outsideScope = 0) => ({ changes, unchanged, outsideScope });

describe('importReason (the tablet import: why no "importeren")', () => {
  it('offers the import when something changes, with errors skipped', () => {
    expect(importReason({ errorCount: 0, unit: 'rij', skipping: false, plan: plan(3) })).toBeUndefined();
    expect(importReason({ errorCount: 2, unit: 'rij', skipping: true, plan: plan(3) })).toBeUndefined();
  });

  it('says a problem with the whole file first, then errors not skipped', () => {
    expect(importReason({ blocked: 'Dit is geen kaart.', errorCount: 2, unit: 'rij', skipping: false, plan: plan(0) })).toBe('Dit is geen kaart.');
    expect(importReason({ errorCount: 1, unit: 'rij', skipping: false, plan: plan(3) }))
      .toBe('Er is 1 rij met een fout. Verbeter het bestand en kies het opnieuw, of vink "Rijen met fouten overslaan" aan.');
    expect(importReason({ errorCount: 2, unit: 'gegeven', skipping: false, plan: plan(3) }))
      .toBe('Er zijn 2 gegevens met een fout. Verbeter het bestand en kies het opnieuw, of vink "Gegevens met fouten overslaan" aan.');
  });

  it('with nothing to write, names what each part of the file is, not "alle rijen hebben een fout"', () => {
    expect(importReason({ errorCount: 2, unit: 'rij', skipping: true, plan: plan(0) }))
      .toBe('Er is niets om te importeren: 2 rijen hebben een fout. Verbeter het bestand en kies het opnieuw.');
    expect(importReason({ errorCount: 2, unit: 'rij', skipping: true, plan: plan(0, 3) }))
      .toBe('Er is niets om te importeren: 2 rijen hebben een fout en 3 gegevens staan al zo op deze tablet. Verbeter het bestand en kies het opnieuw.');
    expect(importReason({ errorCount: 1, unit: 'rij', skipping: true, plan: plan(0, 1) }))
      .toBe('Er is niets om te importeren: 1 rij heeft een fout en 1 gegeven staat al zo op deze tablet. Verbeter het bestand en kies het opnieuw.');
  });

  it('does not say a file of another organisation\'s records "staat al zo op deze tablet"', () => {
    expect(importReason({ errorCount: 0, unit: 'gegeven', skipping: false, plan: plan(0, 0, 4) }))
      .toBe('Er is niets om te importeren: 4 gegevens zijn van de landelijke kaart of van een andere organisatie, en die wijzigt deze tablet niet.');
    expect(importReason({ errorCount: 0, unit: 'gegeven', skipping: false, plan: plan(0, 2, 1) }))
      .toBe('Er is niets om te importeren: 2 gegevens staan al zo op deze tablet en 1 gegeven is van de landelijke kaart of van een andere organisatie, en die wijzigt deze tablet niet.');
    expect(importReason({ errorCount: 0, unit: 'rij', skipping: false, plan: plan(0, 12_000) }))
      .toBe('Er is niets om te importeren: 12.000 gegevens staan al zo op deze tablet.');
  });
});
