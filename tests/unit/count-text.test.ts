import { describe, expect, it } from 'vitest';
import { countText, countWord, dutchNumber } from '../../src/shared/count-text';

describe('countText', () => {
  it('writes the word for one only for exactly one', () => {
    expect(countText(1, 'regel', 'regels')).toBe('1 regel');
    expect(countText(0, 'regel', 'regels')).toBe('0 regels');
    expect(countText(3, 'regel', 'regels')).toBe('3 regels');
  });

  it('keeps a count in plain digits unless told how to write it', () => {
    expect(countText(12000, 'registratie', 'registraties')).toBe('12000 registraties');
    expect(countText(12000, 'rij', 'rijen', dutchNumber)).toBe('12.000 rijen');
  });

  it('gives the word alone for a count shown apart (a figure in bold)', () => {
    expect([0, 1, 2].map((n) => countWord(n, 'contact', 'contacten'))).toEqual(['contacten', 'contact', 'contacten']);
  });

  it('takes a phrase as the word, so the verb can go with the count', () => {
    expect(countText(1, 'gegeven staat', 'gegevens staan')).toBe('1 gegeven staat');
    expect(countText(2, 'gegeven staat', 'gegevens staan')).toBe('2 gegevens staan');
  });
});

describe('dutchNumber', () => {
  it('writes thousands with a dot and decimals with a comma', () => {
    expect(dutchNumber(0)).toBe('0');
    expect(dutchNumber(999)).toBe('999');
    expect(dutchNumber(1000)).toBe('1.000');
    expect(dutchNumber(5_000_001)).toBe('5.000.001');
    expect(dutchNumber(2.5, 1)).toBe('2,5');
    expect(dutchNumber(2.04, 1)).toBe('2');
    expect(dutchNumber(1234.5, 2, 2)).toBe('1.234,50');
    expect(dutchNumber(-1234.049, 2)).toBe('-1.234,05');
  });

  it('writes what toLocaleString("nl-NL") writes, for every kind of number and number of decimals', () => {
    // a seeded walk over integers, fractions, halves (the rounding edge), negatives and large numbers
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const values = [0, -0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.05, 1.005, 0.045, 999.95, 999_999.5, 1e15, -1e15, 123_456.789];
    for (let i = 0; i < 2000; i++) {
      const scale = 10 ** Math.floor(random() * 10);
      const value = (random() - 0.3) * scale;
      values.push(value, Math.round(value), Math.round(value * 100) / 100, Math.round(value * 2) / 2);
    }
    // The reference as one formatter per setting (what toLocaleString makes anew at each call), and one expect for all:
    // 40,000 of each took past the test's 5 s on a loaded machine (CI, session 48).
    const failures: string[] = [];
    for (const [max, min] of [[0, 0], [1, 0], [2, 0], [2, 2], [3, 1]] as const) {
      const reference = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: max, minimumFractionDigits: min });
      expect(reference.format(1234.5)).toBe((1234.5).toLocaleString('nl-NL', { maximumFractionDigits: max, minimumFractionDigits: min }));
      for (const value of values) {
        const written = dutchNumber(value, max, min);
        if (written !== reference.format(value)) failures.push(`${value} ${max} ${min}: ${written} against ${reference.format(value)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
