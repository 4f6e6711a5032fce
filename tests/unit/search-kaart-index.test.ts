import { beforeEach, describe, expect, it } from 'vitest';
import { KaartIndex } from '../../src/workers/kaart-index';
import type { SearchDocument } from '../../src/workers/kaart-search-types';
import { KAART_DOCUMENTS, LIBRARY } from './fixtures/search-kaart-documents';

const doc = (id: string): SearchDocument => {
  const found = KAART_DOCUMENTS.find((d) => d.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
};

let index: KaartIndex;
const ids = (query: string, filters = {}): string[] => index.search(query, filters).map((hit) => hit.id);

beforeEach(() => {
  index = new KaartIndex();
  index.build(KAART_DOCUMENTS);
});

describe('finding services by what staff type', () => {
  it('finds the toeslagen services first while "huurtoesl" is still being typed', () => {
    const found = ids('huurtoesl');
    expect(found[0]).toBe('s-huurtoeslag');
    expect(found[1]).toBe('s-toeslagenspreekuur');
  });

  it('finds toeslagen services for "zorgtoeslag" through synonyms, below the service that names it', () => {
    const hits = index.search('zorgtoeslag');
    expect(hits[0].id).toBe('s-huurtoeslag');
    const spreekuur = hits.find((hit) => hit.id === 's-toeslagenspreekuur');
    expect(spreekuur).toBeDefined();
    expect(spreekuur?.terms).not.toContain('zorgtoeslag');
    expect(hits.map((hit) => hit.id)).not.toContain('s-mantelzorg');
  });

  it('finds "toeslagen" under a service that only says "huurtoeslag"', () => {
    expect(ids('toeslagen')).toContain('s-huurtoeslag');
  });

  it('forgives a typo: "schuldhlp" finds the Schuldhulpmaatje', () => {
    expect(ids('schuldhlp')[0]).toBe('s-schuldhulpmaatje');
  });

  it('forgives no typo in words shorter than four letters, so "bus" does not find "bos"', () => {
    const plain = { organizationName: '', description: '', themes: [], themeNames: [], idoTopics: [], languages: ['nl'] };
    index.build([{ ...plain, id: 'bus', name: 'Bus naar de markt' }, { ...plain, id: 'bos', name: 'Bos en natuur' }]);
    expect(ids('bus')).toEqual(['bus']);
    expect(ids('markd')).toEqual(['bus']);
  });

  it('finds belasting help for "aangifte" and for the phrase "blauwe envelop"', () => {
    expect(ids('aangifte')[0]).toBe('s-belastingaangifte');
    expect(ids('blauwe envelop')[0]).toBe('s-belastingaangifte');
  });

  it('reads "kindgebonden budget" as one phrase about toeslagen, not as "budget" on its own', () => {
    const found = ids('kindgebonden budget');
    expect(found.slice(0, 2)).toEqual(['s-huurtoeslag', 's-toeslagenspreekuur']);
    expect(found).not.toContain('s-geldzaken');
  });

  it('ranks a service named DigiD above one that only mentions DigiD in its description', () => {
    expect(ids('digid')).toEqual(['s-digid', 's-klik-en-tik']);
  });

  it('ranks every service that matches the typed word above those that match only a synonym', () => {
    const hits = index.search('huur');
    const typed = hits.filter((hit) => hit.terms.some((term) => term.startsWith('huur')));
    const synonymOnly = hits.filter((hit) => !typed.includes(hit));
    expect(typed.map((hit) => hit.id).sort()).toEqual(['s-huurteam', 's-huurtoeslag']);
    expect(synonymOnly.map((hit) => hit.id)).toContain('s-energiecoach');
    expect(Math.min(...typed.map((hit) => hit.score))).toBeGreaterThan(Math.max(...synonymOnly.map((hit) => hit.score)));
  });

  it('ignores diacritics: "cafe" and "café" both find the Taalcafé', () => {
    expect(ids('cafe')).toEqual(['s-taalcafe']);
    expect(ids('café')).toEqual(['s-taalcafe']);
    expect(ids('TAALCAFÉ')[0]).toBe('s-taalcafe');
  });

  it('splits hyphenated words and keeps the joined form', () => {
    expect(ids('spreekuur')).toContain('s-digid');
    expect(ids('digidspreekuur')[0]).toBe('s-digid');
    expect(ids('email')).toContain('s-computerhulp');
  });

  it('searches the labels of the registration topics a service helps with', () => {
    // "Rechtsbijstand" appears only as the label of the topic code `rechtsbijstand`.
    expect(ids('rechtsbijstand')[0]).toBe('s-juridisch-loket');
  });

  it('reports the matched terms of each hit for highlighting', () => {
    const [hit] = index.search('cafe');
    expect(hit.terms).toEqual(['cafe']);
    expect(hit.score).toBeGreaterThan(0);
  });
});

describe('browsing and filtering', () => {
  it('finds nothing for an empty query without filters', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('', { themes: [] })).toEqual([]);
  });

  it('lists every service of a theme, sorted by name, when the query is empty', () => {
    expect(ids('', { themes: ['taal'] })).toEqual(['s-inburgering', 's-taalcafe', 's-taalmaatje']);
  });

  it('lists a service with two themes under both', () => {
    expect(ids('', { themes: ['geld_schulden'] })).toContain('s-voedselbank');
    expect(ids('', { themes: ['zorg_welzijn'] })).toContain('s-voedselbank');
  });

  it('narrows a query to the chosen themes', () => {
    const found = ids('hulp', { themes: ['digitale_hulp'] });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((id) => doc(id).themes.includes('digitale_hulp'))).toBe(true);
    expect(ids('hulp')).toContain('s-schuldhulpmaatje');
    expect(found).not.toContain('s-schuldhulpmaatje');
  });

  it('filters on the referral method', () => {
    expect(ids('', { referralMethod: 'warm' })).toEqual(['s-schuldhulpmaatje', 's-wijkteam', 's-taalmaatje', 's-voedselbank']);
    const found = ids('hulp', { referralMethod: 'walk_in' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((id) => doc(id).referralMethod === 'walk_in')).toBe(true);
  });

  it('filters on a language the service helps in, whatever its case', () => {
    const arabic = ['s-inburgering', 's-juridisch-loket', 's-geldzaken'];
    expect(ids('', { language: 'ar' })).toEqual(arabic);
    expect(ids('', { language: 'AR' })).toEqual(arabic);
  });

  it('keeps only the ids the caller computed (for "nu open"), as a set or a list', () => {
    const open = ['s-digid', 's-opvoedspreekuur'];
    expect(ids('spreekuur', { onlyIds: new Set(open) }).sort()).toEqual(open);
    expect(ids('spreekuur', { onlyIds: open }).sort()).toEqual(open);
    expect(ids('spreekuur', { onlyIds: new Set() })).toEqual([]);
  });

  it('keeps services within a radius, nearest first, and leaves out those without a place', () => {
    const hits = index.search('', { near: { ...LIBRARY, maxKm: 0.5 }, sort: 'distance' });
    expect(hits.map((hit) => hit.id)).toEqual([
      's-digid', 's-klik-en-tik', 's-toeslagenspreekuur', 's-inburgering', 's-taalcafe', 's-huurteam', 's-huurtoeslag', 's-juridisch-loket',
    ]);
    const distances = hits.map((hit) => hit.distanceKm ?? Number.NaN);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...distances)).toBeGreaterThan(0.4);
  });

  it('sorts query hits by distance when asked, and puts services without a place last', () => {
    const hits = index.search('hulp', { near: LIBRARY, sort: 'distance' });
    expect(hits.at(-1)?.id).toBe('s-computerhulp');
    expect(hits.at(-1)?.distanceKm).toBeUndefined();
    const known = hits.filter((hit) => hit.distanceKm !== undefined).map((hit) => hit.distanceKm as number);
    expect(known).toEqual([...known].sort((a, b) => a - b));
  });

  it('keeps relevance order with a place but no distance sort, and reports the distance', () => {
    const hits = index.search('digid', { near: LIBRARY });
    expect(hits.map((hit) => hit.id)).toEqual(['s-digid', 's-klik-en-tik']);
    expect(hits[0].distanceKm).toBe(0);
  });

  it('rejects a place that is not a coordinate', () => {
    expect(() => index.search('', { near: { latitude: Number.NaN, longitude: 5 } })).toThrow(RangeError);
  });

  it('combines filters and honours the limit', () => {
    expect(ids('', { themes: ['taal'], language: 'en' })).toEqual(['s-inburgering']);
    expect(ids('', { themes: ['taal'], limit: 2 })).toEqual(['s-inburgering', 's-taalcafe']);
  });
});

describe('keeping the index up to date', () => {
  it('finds an edited service under its new name and no longer under the old, without a rebuild', () => {
    expect(ids('steunpunt')).toEqual(['s-mantelzorg']);
    const size = index.upsert([{ ...doc('s-mantelzorg'), name: 'Respijthuis De Eem' }]);
    expect(size).toBe(KAART_DOCUMENTS.length);
    expect(ids('respijthuis')).toEqual(['s-mantelzorg']);
    expect(ids('steunpunt')).toEqual([]);
    expect(ids('cafe')).toEqual(['s-taalcafe']);
  });

  it('moves an edited service to its new theme and place', () => {
    index.upsert([{ ...doc('s-regiotaxi'), themes: ['zorg_welzijn'], themeNames: ['Zorg & welzijn'], ...LIBRARY }]);
    expect(ids('', { themes: ['vervoer'] })).toEqual([]);
    expect(ids('', { themes: ['zorg_welzijn'] })).toContain('s-regiotaxi');
    expect(ids('regiotaxi', { near: { ...LIBRARY, maxKm: 0.1 } })).toEqual(['s-regiotaxi']);
  });

  it('adds a new service and takes the last version of an id repeated in one batch', () => {
    const repair = { ...doc('s-taalcafe'), id: 's-repaircafe', name: 'Repair Café', themes: ['wonen'], themeNames: ['Wonen'], description: 'Samen spullen repareren.' };
    expect(index.upsert([repair, { ...repair, name: 'Repaircafé Soesterkwartier' }])).toBe(KAART_DOCUMENTS.length + 1);
    expect(ids('soesterkwartier')).toEqual(['s-repaircafe']);
    expect(ids('cafe').sort()).toEqual(['s-repaircafe', 's-taalcafe']);
  });

  it('drops a removed service from results and from the size, and ignores unknown ids', () => {
    expect(index.remove(['s-voedselbank', 's-bestaat-niet'])).toBe(1);
    expect(index.size).toBe(KAART_DOCUMENTS.length - 1);
    expect(ids('voedselbank')).not.toContain('s-voedselbank');
    expect(ids('voedselpakket')).toEqual([]);
    expect(ids('', { themes: ['geld_schulden'] })).not.toContain('s-voedselbank');
    expect(index.remove(['s-voedselbank'])).toBe(0);
  });

  it('keeps one hit per service after many edits, while discarded versions are vacuumed', async () => {
    for (let edit = 1; edit <= 60; edit++) {
      index.upsert([{ ...doc('s-huurteam'), description: `Versie ${edit}: advies over huurverhoging.` }]);
      index.upsert([{ ...doc('s-taalmaatje'), description: `Versie ${edit}: een vrijwilliger oefent met u.` }]);
    }
    expect(ids('huurteam')).toEqual(['s-huurteam']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ids('huurteam')).toEqual(['s-huurteam']);
    expect(ids('taalmaatje')).toEqual(['s-taalmaatje']);
    expect(index.search('versie').map((hit) => hit.id).sort()).toEqual(['s-huurteam', 's-taalmaatje']);
    expect(index.size).toBe(KAART_DOCUMENTS.length);
  });

  it('replaces everything on a second build', () => {
    expect(index.build([doc('s-taalcafe')])).toBe(1);
    expect(ids('digid')).toEqual([]);
    expect(ids('', { themes: ['taal'] })).toEqual(['s-taalcafe']);
  });
});

describe('hostile input', () => {
  it('does not throw on a 10,000-character query', () => {
    expect(() => index.search('schulden '.repeat(1_112).slice(0, 10_000))).not.toThrow();
    expect(() => index.search('a'.repeat(10_000))).not.toThrow();
    expect(ids('toeslag '.repeat(1_250))[0]).toMatch(/toeslag/);
  });

  it('treats brackets and regular-expression characters as plain separators', () => {
    expect(index.search('((((')).toEqual([]);
    expect(() => index.search('.*+?^${}()|[]\\/ \u0000 🙂 <script>')).not.toThrow();
    expect(ids('digid.*(')).toEqual(['s-digid', 's-klik-en-tik']);
  });

  it('finds nothing rather than failing when the query is not a string', () => {
    expect(index.search(undefined as unknown as string)).toEqual([]);
  });
});
