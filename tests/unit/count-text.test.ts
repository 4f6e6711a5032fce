import { describe, expect, it } from 'vitest';
import { countText } from '../../src/shared/count-text';

describe('countText', () => {
  it('writes the word for one only for exactly one', () => {
    expect(countText(1, 'regel', 'regels')).toBe('1 regel');
    expect(countText(0, 'regel', 'regels')).toBe('0 regels');
    expect(countText(3, 'regel', 'regels')).toBe('3 regels');
  });

  it('keeps a count in plain digits unless told how to write it', () => {
    expect(countText(12000, 'registratie', 'registraties')).toBe('12000 registraties');
    expect(countText(12000, 'rij', 'rijen', (n) => n.toLocaleString('nl-NL'))).toBe('12.000 rijen');
  });

  it('takes a phrase as the word, so the verb can go with the count', () => {
    expect(countText(1, 'gegeven staat', 'gegevens staan')).toBe('1 gegeven staat');
    expect(countText(2, 'gegeven staat', 'gegevens staan')).toBe('2 gegevens staan');
  });
});
