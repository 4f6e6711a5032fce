import { describe, expect, it } from 'vitest';
import { describeStorage } from '../../src/features/settings/storage';

/** The two StorageManager calls the settings page reads, answering as a browser would. */
const storageManager = (persisted: boolean, estimate: StorageEstimate) => ({
  persisted: async () => persisted,
  estimate: async () => estimate,
}) as unknown as StorageManager;

describe('what Instellingen says about storage', () => {
  it('says whether storage is persistent and how much of the quota is used, in Dutch numbers', async () => {
    expect(await describeStorage(storageManager(true, { usage: 1_572_864, quota: 10_737_418_240 }))).toEqual({ persisted: true, usageText: '1,5 MB van 10 GB', nearlyFull: false });
    // a browser's quota is gigabytes: "10.243,1 MB" read as a riddle
    expect((await describeStorage(storageManager(true, { usage: 3_250_586, quota: 10_740_665_139 }))).usageText).toBe('3,1 MB van 10 GB');
    expect((await describeStorage(storageManager(true, { usage: 1_200 * 1_048_576, quota: 2_000 * 1_048_576 }))).usageText).toBe('1,2 GB van 2 GB');
    expect((await describeStorage(storageManager(true, { usage: 999 * 1_048_576, quota: 0 }))).usageText).toBe('999 MB');
  });

  it('warns when nine tenths of the quota are used', async () => {
    expect((await describeStorage(storageManager(false, { usage: 95 * 1_048_576, quota: 100 * 1_048_576 }))).nearlyFull).toBe(true);
  });

  it('says "Onbekend" where the browser has no storage manager', async () => {
    expect(await describeStorage(undefined)).toEqual({ persisted: undefined, usageText: 'Onbekend', nearlyFull: false });
  });
});
