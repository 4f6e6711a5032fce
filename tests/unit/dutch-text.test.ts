import { describe, expect, it } from 'vitest';
import { capitalize, dutchList } from '../../src/shared/dutch-text';

describe('dutch-text', () => {
  it('joins a list with commas and "en" before the last', () => {
    expect(dutchList([])).toBe('');
    expect(dutchList(['maandag'])).toBe('maandag');
    expect(dutchList(['maandag', 'dinsdag'])).toBe('maandag en dinsdag');
    expect(dutchList(['maandag', 'dinsdag', 'vrijdag'])).toBe('maandag, dinsdag en vrijdag');
  });

  it('starts a sentence with a capital and leaves the rest', () => {
    expect(capitalize('loopt 3 uur achter')).toBe('Loopt 3 uur achter');
    expect(capitalize('')).toBe('');
    expect(capitalize('ÉÉn keer DigiD')).toBe('ÉÉn keer DigiD');
  });
});
