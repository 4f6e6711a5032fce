import { describe, expect, it } from 'vitest';
import { risingQuery } from '../../src/features/reports/dashboard/rising-query';

describe('the dashboard\'s "Opvallend" query', () => {
  const today = new Date(2026, 10, 30, 12); // 30 November 2026

  it('judges this month for this year, and keeps the place filters', () => {
    expect(risingQuery({ year: '2026', municipality: 'GM0855', includeDemo: 'true' }, today).toString()).toBe('municipality=GM0855&includeDemo=true');
  });

  it('judges December of an earlier year, and the month of a chosen end date', () => {
    expect(risingQuery({ year: '2025' }, today).get('month')).toBe('2025-12');
    expect(risingQuery({ from: '2026-01-01', to: '2026-03-15' }, today).get('month')).toBe('2026-03');
    // An end date in this month or later, or only a start date: this month (no month parameter).
    expect(risingQuery({ to: '2027-01-31' }, today).has('month')).toBe(false);
    expect(risingQuery({ from: '2026-02-01' }, today).has('month')).toBe(false);
  });
});
