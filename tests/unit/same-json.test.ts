import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/shared/same-json';

// One comparison of data for the sync engine's records and the live queries' first answers (issue 15: one of everything).
describe('sameJson', () => {
  it('is true for equal rows: nested objects, arrays, Dates, a key order of its own, a key set to undefined as absent', () => {
    const row = { id: 'a', day: '2026-12-02', savedAt: new Date(Date.UTC(2026, 11, 2)), questions: [{ topic: 'digid', codes: ['x', 'y'] }], deleted: undefined };
    const copy = { deleted: undefined, questions: [{ codes: ['x', 'y'], topic: 'digid' }], savedAt: new Date(Date.UTC(2026, 11, 2)), day: '2026-12-02', id: 'a' };
    expect(sameJson(row, copy)).toBe(true);
    expect(sameJson([row], [copy])).toBe(true);
    expect(sameJson(null, null)).toBe(true);
    expect(sameJson(undefined, undefined)).toBe(true);
    expect(sameJson({ id: 'a' }, { id: 'a', extra: undefined })).toBe(true);
  });

  it('is false for any difference, and for what it cannot compare (a Map)', () => {
    const row = { id: 'a', questions: [{ topic: 'digid' }] };
    expect(sameJson(row, { id: 'a', questions: [{ topic: 'toeslagen' }] })).toBe(false);
    expect(sameJson(row, { id: 'a', questions: [{ topic: 'digid' }, { topic: 'digid' }] })).toBe(false);
    expect(sameJson(row, { id: 'a' })).toBe(false);
    expect(sameJson({ id: 'a', b: undefined }, { id: 'a', c: null })).toBe(false);
    expect(sameJson(new Date(1), new Date(2))).toBe(false);
    expect(sameJson(new Date(1), '1970-01-01T00:00:00.001Z')).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, undefined)).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson(new Map([['a', 1]]), new Map([['a', 1]]))).toBe(false);
  });
});
