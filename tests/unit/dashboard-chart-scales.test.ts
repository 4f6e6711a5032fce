import { describe, expect, it } from 'vitest';
import { countScales, wrappedLabel } from '../../src/features/reports/dashboard/chart-scales';

describe('the dashboard charts\' count axis', () => {
  it('steps in whole contacts from zero, upright or lying down (no "1,5 contacten")', () => {
    expect(countScales(false).y).toEqual({ ticks: { color: '#1a1a1a', font: { size: 15 }, precision: 0 }, beginAtZero: true });
    expect(countScales(false).x.ticks.precision).toBeUndefined();
    expect(countScales(true).x).toEqual({ ticks: { color: '#1a1a1a', font: { size: 15 }, precision: 0 }, beginAtZero: true });
    expect(countScales(true).y.ticks.precision).toBeUndefined();
  });

  it('draws its axis text at 15 px, not Chart.js\'s 12 px, on both axes', () => {
    for (const horizontal of [false, true]) {
      const scales = countScales(horizontal);
      expect([scales.x.ticks.font.size, scales.y.ticks.font.size]).toEqual([15, 15]);
    }
  });
});

describe('the labels beside bars lying down', () => {
  it('come in lines of whole words, at most 20 characters, so Chart.js does not cut them at the left', () => {
    expect(wrappedLabel('Extern: verteld waar de bezoeker heen kan')).toEqual(['Extern: verteld waar', 'de bezoeker heen kan']);
    expect(wrappedLabel('Niet doorverwezen')).toBe('Niet doorverwezen');
    // A word longer than a line stays whole on its own line.
    expect(wrappedLabel('Belastingdienst/Toeslagen en nog wat')).toEqual(['Belastingdienst/Toeslagen', 'en nog wat']);
  });
});
