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
    // an emoji is one character, as a keyword counts it (textLength)
    expect(addMapping(noMappingEdits(), '😀'.repeat(100), 'wonen').ok).toBe(true);
    expect(addMapping(noMappingEdits(), '😀'.repeat(101), 'wonen')).toMatchObject({ ok: false, field: 'term', message: 'De term is te lang: hoogstens 100 tekens. Nu zijn het er 101.' });
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

  it('takes a term named as a member every object has ("constructor", "__proto__", "toString") as any other term', () => {
    // "constructor" was "already in the list" (Object.prototype's), "__proto__" was added and then gone from the table
    let edits = ok(addMapping(noMappingEdits(), 'Constructor', 'wonen'));
    edits = ok(addMapping(edits, '__proto__', 'juridisch'));
    expect(changeMapping(edits, 'toString', 'wonen')).toMatchObject({ ok: false, message: expect.stringContaining('staat niet in de lijst') });
    expect(addMapping(edits, '__PROTO__', 'wonen')).toMatchObject({ ok: false, message: expect.stringContaining('staat al in de lijst') });
    // kept on the tablet: the settings store keeps a structured clone
    edits = structuredClone(edits);
    expect(isMappingEdits(edits)).toBe(true);
    expect(Object.keys(edits.set).sort()).toEqual(['__proto__', 'constructor']);
    const mapping = effectiveMapping(edits);
    expect(Object.hasOwn(mapping, '__proto__') && mapping.__proto__).toBe('juridisch');
    expect(Object.hasOwn(mapping, 'constructor') && mapping.constructor).toBe('wonen');
    expect(Object.hasOwn(mapping, 'tostring')).toBe(false);
    const rows = mappingRows(edits);
    expect(rows.filter((row) => row.term === 'constructor' || row.term === '__proto__')).toEqual([
      { term: '__proto__', code: 'juridisch', origin: 'added' }, { term: 'constructor', code: 'wonen', origin: 'added' },
    ]);
    expect(rows.some((row) => row.term === 'tostring')).toBe(false);
    edits = ok(changeMapping(edits, '__proto__', 'wonen'));
    expect(effectiveMapping(edits).__proto__).toBe('wonen');
    // removing one's own term forgets it, and marks no default removed
    edits = removeMapping(removeMapping(edits, '__proto__'), 'CONSTRUCTOR');
    expect(edits.removed).toEqual([]);
    expect(Object.keys(edits.set)).toEqual([]);
    expect(mappingRows(edits).length).toBe(Object.keys(DEFAULT_TAXONOMY_MAPPING).length);
    // a stored table (read back as JSON would be) with such a term
    expect(Object.hasOwn(effectiveMapping({ set: JSON.parse('{"__proto__": "wonen"}') as Record<string, string>, removed: ['constructor'] }), '__proto__')).toBe(true);
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
