import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../src/app/router';
import { heatLevel } from '../../src/features/reports/dashboard/hours/BusyHoursView';
import { hoursApiQuery, hoursFiltersToQuery, parseHoursFilters } from '../../src/features/reports/dashboard/hours/query';

describe('the hours view\'s address', () => {
  it('opens "Uren en drukte" at #/dashboard/uren with its choices, and the dashboard stays at #/dashboard', () => {
    expect(parseRoute('#/dashboard/uren?location=demo-centrum&weeks=4')).toEqual({ page: 'dashboardHours', query: 'location=demo-centrum&weeks=4' });
    expect(parseRoute('#/dashboard?year=2026')).toEqual({ page: 'dashboard', query: 'year=2026' });
    expect(routeHref({ page: 'dashboardHours', query: 'scenario=lopend' })).toBe('#/dashboard/uren?scenario=lopend');
  });

  it('keeps a scenario code and a number of weeks from the URL, and drops what cannot be one', () => {
    expect(parseHoursFilters('location=x&scenario=lopend&weeks=13')).toEqual({ location: 'x', scenario: 'lopend', weeks: '13' });
    expect(parseHoursFilters('scenario=<b>&weeks=veel')).toEqual({});
    expect(hoursFiltersToQuery({ from: '2026-01-01', scenario: 'balie', weeks: '4' })).toBe('from=2026-01-01&scenario=balie&weeks=4');
  });

  it('asks each endpoint only for the parameters it takes', () => {
    const filters = { year: '2026', location: 'x', scenario: 'lopend', weeks: '4' };
    expect(hoursApiQuery(filters, ['scenario', 'weeks']).toString()).toBe('from=2026-01-01&to=2026-12-31&location=x&scenario=lopend&weeks=4');
    expect(hoursApiQuery(filters, [], false).toString()).toBe('from=2026-01-01&to=2026-12-31');
  });
});

describe('the heat map\'s shades', () => {
  it('leaves an empty cell unshaded and shades the others by their share of the busiest, in four steps', () => {
    expect([0, 1, 2, 3, 4, 5, 8].map((n) => heatLevel(n, 8))).toEqual([0, 1, 1, 2, 2, 3, 4]);
    expect(heatLevel(0, 0)).toBe(0);
  });
});
