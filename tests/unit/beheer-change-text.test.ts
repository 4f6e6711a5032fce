import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/features/beheer/format';

describe('changeText (the Logboek\'s "Voor" and "Na")', () => {
  it('writes the fields of a change as "key: value", lists with commas', () => {
    expect(changeText({ name: 'Bibliotheek X', scenarios: ['spreekuur', 'balie'], closedOn: null })).toBe('name: Bibliotheek X; scenarios: spreekuur, balie; closedOn: null');
    expect(changeText(null)).toBe('');
  });

  it('writes a list of objects (a location\'s hoursHistory) as their fields, never "[object Object]"', () => {
    const text = changeText({ hoursHistory: [{ from: '2026-12-06', hoursPerWeek: 4 }, { from: '2027-01-01', hoursPerWeek: 6 }] });
    expect(text).not.toContain('[object Object]');
    expect(text).toBe('hoursHistory: {"from":"2026-12-06","hoursPerWeek":4}, {"from":"2027-01-01","hoursPerWeek":6}');
  });
});
