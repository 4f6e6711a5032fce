import { describe, expect, it } from 'vitest';
import { decompound, indexTerms, normalizeDutch, tokenizeDutch } from '../../src/workers/dutch-text';
import { MAX_QUERY_TERMS, parseKaartQuery } from '../../src/workers/kaart-query';
import synonyms from '../../src/workers/synonyms.nl.json';

describe('Dutch text normalisation', () => {
  it('lower-cases and strips diacritics and ligatures', () => {
    expect(normalizeDutch('Taalcafé')).toBe('taalcafe');
    expect(normalizeDutch('Ĳsselstein, coördinator, privé')).toBe('ijsselstein, coordinator, prive');
  });

  it('splits on punctuation and hyphens, and keeps the joined form of a hyphenated word', () => {
    expect(tokenizeDutch('DigiD-spreekuur')).toEqual(['digid', 'spreekuur', 'digidspreekuur']);
    expect(tokenizeDutch('Klik & Tik: (gratis)!')).toEqual(['klik', 'tik', 'gratis']);
    expect(tokenizeDutch('--')).toEqual([]);
  });

  it('indexes a compound as itself and its parts', () => {
    expect(indexTerms('huurtoeslag')).toEqual(['huurtoeslag', 'toeslag', 'huur']);
    expect(decompound('kinderopvangtoeslag')).toEqual(expect.arrayContaining(['toeslag', 'kinderopvang', 'opvang']));
    expect(decompound('taalcafe')).toEqual(['cafe', 'taal']);
    expect(decompound('belastingspreekuur')).toEqual(['spreekuur', 'belasting']);
    expect(decompound('gezondheidszorg')).toEqual(['zorg', 'gezondheid']);
  });

  it('does not split off short prefixes or words that are only a part', () => {
    expect(decompound('verleren')).toEqual([]);
    expect(decompound('hulp')).toEqual([]);
    expect(decompound('thuiszorg')).toEqual(['zorg', 'thuis']);
  });

  it('leaves stop words and single letters out of the index', () => {
    expect(indexTerms('de')).toBeNull();
    expect(indexTerms('e')).toBeNull();
    expect(indexTerms('ww')).toEqual(['ww']);
  });
});

describe('parsing a query', () => {
  it('drops stop words, but keeps a query of only stop words so typing "in" still searches', () => {
    expect(parseKaartQuery('hulp bij de aangifte').terms).toEqual(['hulp', 'aangifte']);
    expect(parseKaartQuery('in').terms).toEqual(['in']);
  });

  it('adds the synonyms of words and phrases, but not the words already typed', () => {
    expect(parseKaartQuery('zorgtoeslag').synonyms).toEqual(['toeslag']);
    expect(parseKaartQuery('Blauwe envelop').synonyms).toEqual(['belasting', 'aangifte']);
    expect(parseKaartQuery('huur').synonyms).toEqual(['wonen', 'woning']);
    expect(parseKaartQuery('gemeentehuis').synonyms).toEqual([]);
  });

  it('expands the word still being typed to the synonyms of the words it begins', () => {
    expect(parseKaartQuery('huurtoesl').synonyms).toEqual(['toeslag']);
    expect(parseKaartQuery('huurtoesl ').synonyms).toEqual(['toeslag']);
    expect(parseKaartQuery('huu').synonyms).toEqual([]);
  });

  it('caps the number of words and the length of the text', () => {
    const many = Array.from({ length: 50 }, (_, i) => `woord${i}`).join(' ');
    expect(parseKaartQuery(many).terms).toHaveLength(MAX_QUERY_TERMS);
    expect(parseKaartQuery(`${'x'.repeat(300)} digid`).terms).toEqual(['x'.repeat(200)]);
    // 200 characters as textLength counts them (an emoji 1), as the search box's maxlength of twice that lets through
    const emoji = `${'🙂'.repeat(150)} schulden ${'x'.repeat(100)} huur`;
    expect(parseKaartQuery(emoji).terms).toContain('schulden');
    expect(parseKaartQuery(emoji).terms).not.toContain('huur');
  });
});

describe('the synonym list', () => {
  it('has at least 20 groups, each with words to look for and words to add', () => {
    expect(synonyms.groups.length).toBeGreaterThanOrEqual(20);
    for (const group of synonyms.groups) {
      expect(group.when.length, group.about).toBeGreaterThan(0);
      expect(group.alsoSearch.length, group.about).toBeGreaterThan(0);
    }
  });

  it('covers the words the spec names', () => {
    for (const [typed, expected] of [
      ['huurtoeslag', 'toeslag'], ['kinderopvangtoeslag', 'toeslag'], ['kindgebonden budget', 'toeslag'],
      ['inkomstenbelasting', 'belasting'], ['blauwe envelop', 'belasting'], ['deurwaarder', 'schuld'],
      ['betalingsachterstand', 'schuld'], ['incasso', 'schuld'], ['inloggen', 'digid'], ['machtigen', 'digid'],
      ['ww', 'uitkering'], ['bijstand', 'werk'], ['huurcommissie', 'wonen'], ['nederlands leren', 'taal'],
      ['inburgering', 'taal'], ['belastingdienst', 'toeslag'],
    ]) {
      expect(parseKaartQuery(typed).synonyms, typed).toContain(expected);
    }
  });
});
