import { describe, expect, it } from 'vitest';
import { ratio } from '../../src/features/reports/annual/format';

describe('the annual report\'s ratios', () => {
  it('never shows a small figure as 0: 2 questions per 931.000 inwoners is 0,0021 per 1.000', () => {
    expect(ratio((2 / 931_000) * 1000)).toBe('0,0021');
    expect(ratio(0)).toBe('0');
    expect(ratio(0.35)).toBe('0,35');
    expect(ratio(12.3456)).toBe('12,35');
    expect(ratio(undefined)).toBe('–');
  });
});
