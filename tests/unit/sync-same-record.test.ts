import { describe, expect, it } from 'vitest';
import type { BatchRecord } from '../../src/shared/api';
import { sameRecord } from '../../src/sync/records';

const sent = {
  id: '00000000-0000-4000-8000-000000000001', revision: 2, schemaVersion: 'ido-2024.1', deviceId: 'd', organisationId: 'o',
  locationId: 'l', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt: '2026-11-24T10:15:00+01:00', durationMinutes: 15,
  questions: [{ category: 'overig', topics: ['a', 'b'], governmentOrganisations: [], help: [], resolved: 'ja' }],
  consentForReferral: false, deleted: false,
} as unknown as BatchRecord;

const changed = (patch: Record<string, unknown>) => ({ ...sent, ...patch }) as unknown as BatchRecord;

// applyResults marks a record sent only when what the tablet holds is still what went out: this comparison decides it.
describe('sameRecord', () => {
  it('sees the same content whatever the order of keys, with keys set to undefined as absent', () => {
    const reordered = Object.fromEntries(Object.entries(sent).reverse()) as unknown as BatchRecord;
    expect(sameRecord(reordered, sent)).toBe(true);
    expect(sameRecord(changed({ note: undefined }), sent)).toBe(true);
    expect(sameRecord(sent, changed({ note: undefined }))).toBe(true);
    const questions = [{ resolved: 'ja', help: [], governmentOrganisations: [], topics: ['a', 'b'], category: 'overig', otherText: undefined }];
    expect(sameRecord(changed({ questions }), sent)).toBe(true);
  });

  it('sees every change: a value, a key more or less, an array order or length, a nested field', () => {
    expect(sameRecord(changed({ durationMinutes: 20 }), sent)).toBe(false);
    expect(sameRecord(changed({ note: 'x' }), sent)).toBe(false);
    expect(sameRecord(sent, changed({ note: 'x' }))).toBe(false);
    expect(sameRecord(changed({ deleted: true }), sent)).toBe(false);
    expect(sameRecord(changed({ consentForReferral: null }), sent)).toBe(false);
    const withTopics = (topics: string[]) => changed({ questions: [{ ...(sent as unknown as { questions: object[] }).questions[0], topics }] });
    expect(sameRecord(withTopics(['b', 'a']), sent)).toBe(false);
    expect(sameRecord(withTopics(['a']), sent)).toBe(false);
    expect(sameRecord(withTopics(['a', 'b']), sent)).toBe(true);
    expect(sameRecord(changed({ questions: [] }), sent)).toBe(false);
    expect(sameRecord(changed({ questions: {} }), sent)).toBe(false);
    expect(sameRecord(changed({ revision: '2' }), sent)).toBe(false);
  });
});
