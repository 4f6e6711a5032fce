import { describe, expect, it } from 'vitest';
import { countScales } from '../../src/features/reports/dashboard/chart-scales';

describe('the dashboard charts\' count axis', () => {
  it('steps in whole contacts from zero, upright or lying down (no "1,5 contacten")', () => {
    expect(countScales(false).y).toEqual({ ticks: { color: '#1a1a1a', precision: 0 }, beginAtZero: true });
    expect(countScales(false).x.ticks.precision).toBeUndefined();
    expect(countScales(true).x).toEqual({ ticks: { color: '#1a1a1a', precision: 0 }, beginAtZero: true });
    expect(countScales(true).y.ticks.precision).toBeUndefined();
  });
});
