import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/workers/geo-distance';
import { FIXTURE_CENTRE, FIXTURE_RADIUS_KM, FIXTURE_THEMES, generateSearchDocuments } from '../../src/workers/kaart-fixtures';
import { KaartIndex } from '../../src/workers/kaart-index';
import { codes } from '../../src/shared/codelists';

describe('generated sociale-kaart services', () => {
  it('are the same for the same seed, differ for another seed, and grow without changing', () => {
    expect(generateSearchDocuments(50, 1)).toEqual(generateSearchDocuments(50, 1));
    expect(generateSearchDocuments(50, 2)).not.toEqual(generateSearchDocuments(50, 1));
    expect(generateSearchDocuments(100, 7).slice(0, 40)).toEqual(generateSearchDocuments(40, 7));
  });

  it('have unique ids, known themes and topics, and places around Amersfoort', () => {
    const docs = generateSearchDocuments(2_000, 3);
    expect(new Set(docs.map((d) => d.id)).size).toBe(2_000);
    const themeCodes = new Set(FIXTURE_THEMES.map((t) => t.code));
    expect(themeCodes.size).toBe(10);
    const topicCodes = new Set(codes('topic'));
    for (const doc of docs) {
      expect(doc.themes.every((code) => themeCodes.has(code))).toBe(true);
      expect(doc.themeNames).toHaveLength(doc.themes.length);
      expect(doc.idoTopics.every((code) => topicCodes.has(code))).toBe(true);
      expect(doc.languages[0]).toBe('nl');
      if (doc.latitude !== undefined && doc.longitude !== undefined) {
        expect(haversineKm(FIXTURE_CENTRE, { latitude: doc.latitude, longitude: doc.longitude })).toBeLessThanOrEqual(FIXTURE_RADIUS_KM + 0.01);
      }
    }
    expect(new Set(docs.flatMap((d) => d.themes)).size).toBe(10);
    const located = docs.filter((d) => d.latitude !== undefined).length;
    expect(located).toBeGreaterThan(1_800);
    expect(located).toBeLessThan(2_000);
  });
});

describe('an index of 10,000 generated services', () => {
  const docs = generateSearchDocuments(10_000, 1);
  const index = new KaartIndex();

  it('builds and answers a query, a typo, a theme browse and a nearby search', () => {
    expect(index.build(docs)).toBe(10_000);

    const hits = index.search('schuldhulp');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.slice(0, 10).every((hit) => docs.find((d) => d.id === hit.id)?.themes.includes('geld_schulden'))).toBe(true);

    expect(index.search('belastnigaangifte').length).toBeGreaterThan(0);

    const taal = index.search('', { themes: ['taal'] });
    expect(taal.length).toBe(docs.filter((d) => d.themes.includes('taal')).length);

    const near = index.search('spreekuur', { near: { ...FIXTURE_CENTRE, maxKm: 2 }, sort: 'distance', limit: 25 });
    expect(near).toHaveLength(25);
    expect(near.every((hit) => (hit.distanceKm ?? Infinity) <= 2)).toBe(true);
  });

  it('takes edits and removals into the large index', () => {
    index.build(docs);
    const first = docs[0];
    index.upsert([{ ...first, name: 'Zeldzame naam Xylofoonhulp' }]);
    expect(index.search('xylofoonhulp').map((hit) => hit.id)).toEqual([first.id]);
    expect(index.remove(docs.slice(0, 1_000).map((d) => d.id))).toBe(1_000);
    expect(index.size).toBe(9_000);
    expect(index.search('xylofoonhulp')).toEqual([]);
  });
});
