import { describe, expect, it } from 'vitest';
import { filtersToQuery, parseFilters, statsQuery } from '../../src/features/reports/dashboard/filters';

describe('the dashboard filters and demo organisations', () => {
  it('keeps "demo meetellen" in the URL and asks the server for includeDemo=true', () => {
    const filters = parseFilters('year=2026&includeDemo=true');
    expect(filters).toEqual({ year: '2026', includeDemo: 'true' });
    expect(filtersToQuery(filters)).toBe('year=2026&includeDemo=true');
    expect(statsQuery(filters, ['month']).get('includeDemo')).toBe('true');
  });

  it('leaves includeDemo out when it is not ticked, or holds anything but true', () => {
    expect(statsQuery(parseFilters('year=2026'), []).has('includeDemo')).toBe(false);
    expect(statsQuery(parseFilters('year=2026&includeDemo=yes'), []).has('includeDemo')).toBe(false);
  });
});
