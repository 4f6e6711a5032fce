import { describe, expect, it } from 'vitest';
import { describeDeliveryCheck } from '../../src/features/settings/delivery-check';

describe('describeDeliveryCheck', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('says when the check last passed, in Amsterdam time', () => {
    expect(describeDeliveryCheck('2026-11-30T09:42:00.000Z', now)).toBe('Laatst geslaagd op 30 november om 10:42');
    expect(describeDeliveryCheck('2026-07-01T22:05:00.000Z', now)).toBe('Laatst geslaagd op 2 juli om 00:05'); // summer time
  });
  it('names the year when it was another year', () => {
    expect(describeDeliveryCheck('2025-12-31T22:59:00.000Z', now)).toBe('Laatst geslaagd op 31 december 2025 om 23:59');
  });
  it('says it was not done yet when there is no (readable) date', () => {
    expect(describeDeliveryCheck(undefined, now)).toBe('Nog niet gedaan');
    expect(describeDeliveryCheck('gisteren', now)).toBe('Nog niet gedaan');
  });
});
