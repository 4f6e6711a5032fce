import { describe, expect, it } from 'vitest';
import type { BatchRequest } from '../../src/shared/api';
import { classifyBatchResponse } from '../../src/sync/outcome';
import type { RawResponse } from '../../src/sync/transport';

const batch = {
  batchId: 'b-1', deviceId: 'd', sentAt: '2026-11-24T09:15:00.000Z',
  records: [{ id: 'r-1' }, { id: 'r-2' }],
} as unknown as BatchRequest;
const now = new Date('2026-11-24T09:15:00.000Z');
const json = (status: number, body: unknown, retryAfter: string | null = null): RawResponse =>
  ({ status, retryAfter, contentType: 'application/json', bodyText: JSON.stringify(body) });
const answer = { batchId: 'b-1', serverTime: '', results: [{ id: 'r-1', status: 'accepted' }, { id: 'r-2', status: 'rejected', code: 'x', message: 'y' }] };

describe('classifyBatchResponse, row by row of the contract table', () => {
  it('counts a JSON answer that echoes the batchId and lists every record as answered', () => {
    expect(classifyBatchResponse(batch, json(200, answer), now)).toEqual({ kind: 'answered', response: answer });
  });

  it.each([
    [400, 'invalid_request', { kind: 'quarantine', status: 400, error: { error: 'invalid_request', message: 'm' } }],
    [415, 'unsupported_media_type', { kind: 'quarantine', status: 415, error: { error: 'unsupported_media_type', message: 'm' } }],
    [401, 'unauthorized', { kind: 'pause', reason: 'reenroll', error: { error: 'unauthorized', message: 'm' } }],
    [403, 'device_revoked', { kind: 'pause', reason: 'revoked', error: { error: 'device_revoked', message: 'm' } }],
    [413, 'payload_too_large', { kind: 'too_large' }],
  ])('maps %i with the server\'s %s to what the table says', (status, error, expected) => {
    expect(classifyBatchResponse(batch, json(status, { error, message: 'm' }), now)).toEqual(expected);
  });

  it('maps a 400 batch_id_in_use (nothing stored, use a new batchId) to a re-cut, not a quarantine', () => {
    expect(classifyBatchResponse(batch, json(400, { error: 'batch_id_in_use', message: 'm' }), now)).toEqual({ kind: 'recut' });
  });

  it('maps 429 and 503 with Retry-After to a wait of that length', () => {
    expect(classifyBatchResponse(batch, json(429, { error: 'rate_limited', message: 'm' }, '7'), now)).toEqual({ kind: 'retry_after', status: 429, retryAfterMs: 7_000 });
    expect(classifyBatchResponse(batch, json(503, { error: 'database_unavailable', message: 'm' }, 'Tue, 24 Nov 2026 09:16:00 GMT'), now))
      .toEqual({ kind: 'retry_after', status: 503, retryAfterMs: 60_000 });
  });

  it.each<[string, RawResponse | { thrown: unknown }, string]>([
    ['a network error', { thrown: new TypeError('Failed to fetch') }, 'network'],
    ['a timeout', { thrown: Object.assign(new Error('aborted'), { name: 'AbortError' }) }, 'timeout'],
    ['a 500', json(500, {}), 'http_500'],
    ['a 504', json(504, {}), 'http_504'],
    ['a 503 without Retry-After', json(503, { error: 'database_unavailable', message: 'm' }), 'http_503'],
    ['a status outside the table', json(404, {}), 'http_404'],
    ['a 200 with HTML', { status: 200, contentType: 'text/html', bodyText: '<html></html>' }, 'not_json'],
    ['a body cut halfway', { status: 200, contentType: 'application/json', bodyText: JSON.stringify(answer).slice(0, 30) }, 'not_json'],
    ['another batchId', json(200, { ...answer, batchId: 'b-2' }), 'other_batch'],
    ['a missing result', json(200, { ...answer, results: answer.results.slice(0, 1) }), 'missing_results'],
    ['an unknown record status', json(200, { ...answer, results: [answer.results[0], { id: 'r-2', status: 'maybe' }] }), 'malformed_results'],
  ])('calls %s an unknown outcome', (_name, raw, why) => {
    expect(classifyBatchResponse(batch, raw, now)).toEqual({ kind: 'unknown', why });
  });
});
