import { describe, expect, it } from 'vitest';
import { cutText, isLongerThan, SEARCH_MAX, searchedText, textLength, tooLongText } from '../../src/shared/text-length';
import { validateFeedback } from '../../src/shared/kaart/feedback';
import { ignoredName } from '../../src/shared/kaart/fields';
import { readTaxonomyMapping } from '../../src/shared/kaart/taxonomy-mapping-file';
import { validateKaartRecord } from '../../src/shared/kaart/validate';
import { sampleSet } from './fixtures/kaart-sample';

describe('textLength: characters as a person counts them, the same on the tablet and the server', () => {
  it('counts an emoji, a character outside the BMP and a lone surrogate as one each; letters with an accent as they are written', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('Taalcafé')).toBe(8);
    expect(textLength('😀')).toBe(1);
    expect('😀'.length).toBe(2); // what counted before
    expect(textLength('a😀b𝄞c')).toBe(5);
    expect(textLength('\uD83D')).toBe(1);
    expect(textLength('\uDE00\uD83D')).toBe(2); // a low before a high surrogate is no pair
    expect(textLength('x\uD83D')).toBe(2);
    // joined emoji are several code points (not grapheme clusters: see text-length.ts)
    expect(textLength('🇳🇱')).toBe(2);
    expect(textLength('👍🏽')).toBe(2);
    expect(textLength('😀'.repeat(100_000))).toBe(100_000);
  });

  it('isLongerThan agrees with textLength, at the limit and one past it', () => {
    for (const text of ['😀'.repeat(200), `${'😀'.repeat(199)}ab`, 'a'.repeat(200), `${'a'.repeat(199)}😀`]) {
      expect(textLength(text)).toBe(text === `${'😀'.repeat(199)}ab` ? 201 : 200);
      expect(isLongerThan(text, 200)).toBe(textLength(text) > 200);
      expect(isLongerThan(text, textLength(text))).toBe(false);
      expect(isLongerThan(text, textLength(text) - 1)).toBe(true);
    }
  });
});

describe('tooLongText: the one "hoogstens N tekens. Nu zijn het er M."', () => {
  it('counts the text with textLength and writes thousands with a dot, as every caller does after its own lead-in', () => {
    expect(tooLongText(140, '😀'.repeat(141))).toBe('hoogstens 140 tekens. Nu zijn het er 141.');
    expect(tooLongText(4000, 'x'.repeat(12_345))).toBe('hoogstens 4.000 tekens. Nu zijn het er 12.345.');
    expect(tooLongText(1_000_000, 'x'.repeat(999))).toBe('hoogstens 1.000.000 tekens. Nu zijn het er 999.');
  });
});

describe('cutText: a text as a message repeats it, cut at max characters without parting one', () => {
  const x = (n: number) => 'x'.repeat(n);

  it('keeps a text of at most max characters whole and cuts a longer one with "…", counting an emoji as 1', () => {
    expect(cutText('', 40)).toBe('');
    expect(cutText(x(40), 40)).toBe(x(40));
    expect(cutText(x(41), 40)).toBe(`${x(40)}…`);
    expect(cutText('😀'.repeat(40), 40)).toBe('😀'.repeat(40));
    expect(cutText('😀'.repeat(41), 40)).toBe(`${'😀'.repeat(40)}…`);
    expect(cutText(`${x(39)}😀b`, 40)).toBe(`${x(39)}😀…`);
    expect(cutText(`${x(39)}\uD83D\uD83Dy`, 40)).toBe(`${x(39)}\uD83D…`); // a lone surrogate is one character, as textLength counts it
    expect(cutText('😀'.repeat(1_000_000), 3)).toBe('😀😀😀…');
  });

  it('never leaves half an emoji: String.slice(0, 40) did', () => {
    for (const text of [`${x(39)}😀😀`, `${'😀'.repeat(19)}x${'😀'.repeat(30)}`]) {
      expect(text.slice(0, 40)).toMatch(/[\uD800-\uDBFF]$/); // what it was
      const cut = cutText(text, 40);
      expect(cut).not.toMatch(/[\uD800-\uDBFF]…$/);
      expect(cut.endsWith('😀…')).toBe(true);
    }
  });

  it('moves the cut back before a letter whose accent, an emoji whose skin tone or joined part, or a flag whose second half would be cut off', () => {
    expect(cutText(`${x(39)}e\u0301zz`, 40)).toBe(`${x(39)}…`); // é as e + combining acute
    expect(cutText(`${x(38)}e\u0301zz`, 40)).toBe(`${x(38)}e\u0301…`);
    expect(cutText(`${x(39)}👍🏽`, 40)).toBe(`${x(39)}…`);
    expect(cutText(`${x(38)}👍🏽z`, 40)).toBe(`${x(38)}👍🏽…`);
    expect(cutText(`${x(38)}👨\u200d👩\u200d👧`, 40)).toBe(`${x(38)}…`);
    expect(cutText(`${x(38)}❤\ufe0fz`, 39)).toBe(`${x(38)}…`); // a variation selector
    expect(cutText(`${x(39)}🇳🇱`, 40)).toBe(`${x(39)}…`);
    expect(cutText(`${x(38)}🇳🇱🇧🇪`, 40)).toBe(`${x(38)}🇳🇱…`);
    expect(cutText(`${x(37)}🇳🇱🇧🇪`, 40)).toBe(`${x(37)}🇳🇱…`);
    // a text of nothing but marks is still cut at max, rather than to nothing
    expect(cutText(`a${'\u0301'.repeat(100)}`, 40)).toBe(`a${'\u0301'.repeat(39)}…`);
  });
});

describe('searchedText: what a search box searches', () => {
  it('takes the first SEARCH_MAX characters (an emoji 1) without a mark and never half an emoji; the box lets twice as many UTF-16 units in', () => {
    expect(searchedText('huurtoeslag', SEARCH_MAX.kaart)).toBe('huurtoeslag');
    expect(searchedText('😀'.repeat(150), SEARCH_MAX.referral)).toBe('😀'.repeat(100));
    expect(searchedText(`${'x'.repeat(99)}😀😀`, SEARCH_MAX.partner)).toBe(`${'x'.repeat(99)}😀`);
    for (const max of Object.values(SEARCH_MAX)) expect(textLength(searchedText('😀'.repeat(max) + 'x', max))).toBe(max);
  });
});

describe('the messages that repeat a text of a file cut it with cutText', () => {
  const half = `${'x'.repeat(39)}😀😀`; // String.slice(0, 40) left a lone surrogate
  const accent = `${'x'.repeat(39)}e\u0301z`;

  it('an unknown field of a kaart record, an ignored name, a term of a taxonomy table', () => {
    expect(validateKaartRecord('service', { ...(sampleSet().service[0] as unknown as Record<string, unknown>), [half]: 1 })).toEqual([
      { field: `${'x'.repeat(39)}😀…`, code: 'unknown_field', message: `Het veld "${'x'.repeat(39)}😀…" hoort hier niet bij.` },
    ]);
    expect(ignoredName('file', `${'x'.repeat(59)}😀😀`)).toBe(`file.${'x'.repeat(59)}😀…`);
    expect(ignoredName('file', `${'x'.repeat(59)}e\u0301`)).toBe(`file.${'x'.repeat(59)}…`);
    const read = readTaxonomyMapping({ terms: { [accent]: 'geen-thema' } });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems[0]).toMatch(new RegExp(`^term "${'x'.repeat(39)}…": `));
    expect(readTaxonomyMapping({ [half]: 1 })).toMatchObject({ ok: false, problems: [expect.stringContaining(`Onbekend veld "${'x'.repeat(39)}😀…"`)] });
  });
});

describe('the kaart\'s limits count characters with textLength', () => {
  const service = sampleSet().service[0] as unknown as Record<string, unknown>;

  it('takes a name of 200 emoji and refuses 201, saying 201', () => {
    expect(validateKaartRecord('service', { ...service, name: '😀'.repeat(200) })).toEqual([]);
    expect(validateKaartRecord('service', { ...service, name: '😀'.repeat(201) })).toEqual([
      { field: 'name', code: 'too_long', message: 'Gebruik voor naam hoogstens 200 tekens. Nu zijn het er 201.' },
    ]);
  });

  it('takes a keyword of 100 emoji and refuses 101', () => {
    expect(validateKaartRecord('service', { ...service, keywords: ['😀'.repeat(100)] })).toEqual([]);
    expect(validateKaartRecord('service', { ...service, keywords: ['😀'.repeat(101)] }).map((e) => `${e.field}:${e.code}`)).toEqual(['keywords:invalid_code']);
  });

  it('takes a "Klopt niet" note of 500 emoji and refuses 501, saying 501', () => {
    const mark = { id: '7f0c1f5e-2b4d-4c1a-9e7e-3a7f5d9b2c10', service_id: service.id, note: '😀'.repeat(500), created_at: '2026-11-24T10:15:00+01:00', resolved: false };
    expect(validateFeedback(mark)).toEqual([]);
    expect(validateFeedback({ ...mark, note: '😀'.repeat(501) })).toEqual([{ field: 'note', code: 'too_long', message: 'Gebruik hoogstens 500 tekens. Nu zijn het er 501.' }]);
  });
});
