import { describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import { cutRecords, jsonBytes } from '../../src/sync/limits';

function record(i: number, textLength = 0): Registration {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, revision: 1, schemaVersion: 'ido-2024.1', deviceId: 'd', organisationId: 'o',
    locationId: 'l', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt: '2026-11-24T10:15:00+01:00', durationMinutes: 15,
    questions: [{ category: 'overig', topics: [], governmentOrganisations: [], help: [], resolved: 'ja', otherText: 'é'.repeat(textLength) }],
    consentForReferral: false, deleted: false,
  };
}

const envelope = { batchId: '00000000-0000-4000-8000-000000000000', deviceId: 'd', sentAt: '2026-11-24T09:15:00.000Z', records: [] as Registration[] };

describe('cutRecords', () => {
  it('cuts by record count, keeping the order', () => {
    const records = Array.from({ length: 7 }, (_, i) => record(i));
    const { parts, oversize } = cutRecords(records, { maxBatchRecords: 3, maxBatchBytes: 1_048_576 }, jsonBytes(envelope));
    expect(parts.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(parts.flat()).toEqual(records);
    expect(oversize).toEqual([]);
  });

  it('counts bytes exactly as JSON.stringify of the request, in UTF-8', () => {
    const records = Array.from({ length: 3 }, (_, i) => record(i, 20)); // é is two bytes
    const exact = new TextEncoder().encode(JSON.stringify({ ...envelope, records })).length;
    expect(cutRecords(records, { maxBatchRecords: 500, maxBatchBytes: exact }, jsonBytes(envelope)).parts).toHaveLength(1);
    expect(cutRecords(records, { maxBatchRecords: 500, maxBatchBytes: exact - 1 }, jsonBytes(envelope)).parts.map((p) => p.length)).toEqual([2, 1]);
  });

  it('keeps every body within maxBatchBytes', () => {
    const records = Array.from({ length: 40 }, (_, i) => record(i, i * 7));
    const maxBatchBytes = 4_000;
    const { parts } = cutRecords(records, { maxBatchRecords: 500, maxBatchBytes }, jsonBytes(envelope));
    expect(parts.flat()).toEqual(records);
    for (const part of parts) expect(jsonBytes({ ...envelope, records: part })).toBeLessThanOrEqual(maxBatchBytes);
  });

  it('sets aside a record too large to go even alone', () => {
    const small = record(1);
    const huge = record(2, 5_000);
    const { parts, oversize } = cutRecords([small, huge], { maxBatchRecords: 500, maxBatchBytes: 2_000 }, jsonBytes(envelope));
    expect(parts).toEqual([[small]]);
    expect(oversize).toEqual([huge]);
  });
});
