import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_TIMEOUT_MS, reportTimeoutFromEnv } from '../../src/server/reports/time-limit';

describe('REPORT_TIMEOUT_MS', () => {
  it('is 5 seconds when unset or empty', () => {
    expect(DEFAULT_REPORT_TIMEOUT_MS).toBe(5_000);
    expect(reportTimeoutFromEnv(undefined)).toBe(5_000);
    expect(reportTimeoutFromEnv('')).toBe(5_000);
  });

  it('takes whole milliseconds from 100 to 600000', () => {
    expect(reportTimeoutFromEnv('100')).toBe(100);
    expect(reportTimeoutFromEnv('30000')).toBe(30_000);
    expect(reportTimeoutFromEnv('600000')).toBe(600_000);
  });

  it.each(['99', '600001', '0', '-5', '1.5', '5s', ' 500', '1e4', 'NaN', 'Infinity', '9'.repeat(400)])('refuses %j in Dutch, quoting at most 40 characters', (value) => {
    let message = '';
    try {
      reportTimeoutFromEnv(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^REPORT_TIMEOUT_MS moet een heel aantal milliseconden van 100 tot en met 600000 zijn, niet "/);
    expect(message.length).toBeLessThan(160);
  });
});
