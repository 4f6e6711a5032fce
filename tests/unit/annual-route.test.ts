import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../src/app/router';
import { choiceToQuery, parseChoice } from '../../src/features/reports/annual/choice';

describe('the annual report\'s address', () => {
  it('opens #/jaarverslag with its query and writes it back the same', () => {
    const route = parseRoute('#/jaarverslag?jaar=2025&gemeente=GM0855');
    expect(route).toEqual({ page: 'annual', query: 'jaar=2025&gemeente=GM0855' });
    expect(routeHref(route)).toBe('#/jaarverslag?jaar=2025&gemeente=GM0855');
    expect(routeHref({ page: 'annual', query: '' })).toBe('#/jaarverslag');
  });

  it('reads the year and one subject; a year out of range becomes this year', () => {
    expect(parseChoice('jaar=2025&organisatie=abc&gemeente=GM0855', 2026)).toEqual({ year: 2025, organisation: 'abc' });
    expect(parseChoice('gemeente=GM0855', 2026)).toEqual({ year: 2026, municipality: 'GM0855' });
    expect(parseChoice('jaar=1800', 2026)).toEqual({ year: 2026 });
    expect(parseChoice('jaar=2025.5', 2026)).toEqual({ year: 2026 });
    expect(choiceToQuery({ year: 2025, municipality: 'GM0855' })).toBe('jaar=2025&gemeente=GM0855');
  });
});
