import { describe, expect, it } from 'vitest';
import { API_ERRORS } from '../../src/server/errors';
import type { BatchRequest } from '../../src/shared/api';
import { SERVER_ERROR_CODES } from '../../src/shared/error-codes';
import { classifyKaartResponse } from '../../src/sync/kaart-outcome';
import { classifyBatchResponse } from '../../src/sync/outcome';
import { serverError } from '../../src/sync/server-answer';
import type { RawResponse } from '../../src/sync/transport';

// What a captive portal, a web filter or a proxy answers instead of the ingest server: none of it
// may pause the tablet, quarantine or split a batch, or mark kaart edits as refused.
const NOT_THE_SERVER: Array<[string, string | null, (status: number) => string]> = [
  ['HTML', 'text/html; charset=utf-8', () => '<!doctype html><html><body><h1>Welkom bij Bibliotheek-WiFi</h1><p>Accepteer de voorwaarden.</p></body></html>'],
  ['an empty body', null, () => ''],
  ['an empty body said to be JSON', 'application/json', () => ''],
  ['text/plain', 'text/plain', () => 'Forbidden by policy'],
  ['JSON of another shape', 'application/json', () => JSON.stringify({ status: 'blocked', category: 'social' })],
  ['a JSON array', 'application/json', () => JSON.stringify([{ error: 'unauthorized', message: 'x' }])],
  ['JSON with an unknown code', 'application/json', () => JSON.stringify({ error: 'access_denied', message: 'Geen toegang.' })],
  ['JSON with a code of another status', 'application/json', (status) => JSON.stringify({ error: status === 401 ? 'device_revoked' : 'unauthorized', message: 'x' })],
  ['JSON without a message', 'application/json', (status) => JSON.stringify({ error: SERVER_ERROR_CODES[status]?.[0] ?? 'x' })],
  ['the server\'s body as text/html', 'text/html', (status) => JSON.stringify({ error: SERVER_ERROR_CODES[status]?.[0] ?? 'x', message: 'x' })],
];
const STATUSES = [400, 401, 403, 413, 415, 429, 503];
const now = new Date('2026-11-24T09:15:00.000Z');
const batch = { batchId: 'b-1', deviceId: 'd', sentAt: now.toISOString(), records: [{ id: 'r-1' }] } as unknown as BatchRequest;
const raw = (status: number, contentType: string | null, bodyText: string): RawResponse => ({ status, contentType, retryAfter: '60', bodyText });
const cases = STATUSES.flatMap((status) => NOT_THE_SERVER.map(([name, contentType, body]) => [status, name, raw(status, contentType, body(status))] as const));
const server = (status: number, error: string, retryAfter: string | null = null): RawResponse =>
  ({ status, contentType: 'application/json; charset=utf-8', retryAfter, bodyText: JSON.stringify({ error, message: 'Melding.' }) });

describe('the server\'s own answer, and everything else', () => {
  it('knows exactly the codes of the server\'s API_ERRORS, each under its status', () => {
    const fromServer: Record<number, string[]> = {};
    for (const [code, [status]] of Object.entries(API_ERRORS)) (fromServer[status] ??= []).push(code);
    expect(Object.fromEntries(Object.entries(SERVER_ERROR_CODES).map(([status, codes]) => [status, [...codes].sort()])))
      .toEqual(Object.fromEntries(Object.entries(fromServer).map(([status, codes]) => [status, codes.sort()])));
  });

  it.each(cases)('batches: %i with %s is an unknown outcome (resend the same batch after a backoff)', (status, _name, answer) => {
    expect(serverError(answer)).toBeUndefined();
    expect(classifyBatchResponse(batch, answer, now)).toEqual({ kind: 'unknown', why: `http_${status}` });
  });

  it.each(cases)('kaart push and pull: %i with %s is an unknown outcome', (status, _name, answer) => {
    expect(classifyKaartResponse(answer, now, (body) => body)).toEqual({ kind: 'unknown', why: `http_${status}` });
  });

  it.each<[number, string, RawResponse, unknown]>([
    [400, 'invalid_request', server(400, 'invalid_request'), { kind: 'quarantine', status: 400, error: { error: 'invalid_request', message: 'Melding.' } }],
    [400, 'batch_id_in_use', server(400, 'batch_id_in_use'), { kind: 'recut' }],
    [401, 'unauthorized', server(401, 'unauthorized'), { kind: 'pause', reason: 'reenroll', error: { error: 'unauthorized', message: 'Melding.' } }],
    [403, 'device_revoked', server(403, 'device_revoked'), { kind: 'pause', reason: 'revoked', error: { error: 'device_revoked', message: 'Melding.' } }],
    [403, 'forbidden', server(403, 'forbidden'), { kind: 'pause', reason: 'revoked', error: { error: 'forbidden', message: 'Melding.' } }],
    [413, 'too_many_records', server(413, 'too_many_records'), { kind: 'too_large' }],
    [415, 'unsupported_media_type', server(415, 'unsupported_media_type'), { kind: 'quarantine', status: 415, error: { error: 'unsupported_media_type', message: 'Melding.' } }],
    [429, 'rate_limited', server(429, 'rate_limited', '30'), { kind: 'retry_after', status: 429, retryAfterMs: 30_000 }],
    [503, 'database_unavailable', server(503, 'database_unavailable', '5'), { kind: 'retry_after', status: 503, retryAfterMs: 5_000 }],
  ])('batches: %i with the server\'s %s does what the contract table says', (_status, _code, answer, expected) => {
    expect(classifyBatchResponse(batch, answer, now)).toEqual(expected);
  });

  it('kaart: the server\'s own 401, 403 and 400 still pause or refuse as before', () => {
    expect(classifyKaartResponse(server(401, 'unauthorized'), now, (b) => b)).toMatchObject({ kind: 'pause', reason: 'reenroll' });
    expect(classifyKaartResponse(server(403, 'device_revoked'), now, (b) => b)).toMatchObject({ kind: 'pause', reason: 'revoked' });
    expect(classifyKaartResponse(server(400, 'invalid_request'), now, (b) => b)).toMatchObject({ kind: 'quarantine', status: 400 });
    expect(classifyKaartResponse(server(413, 'payload_too_large'), now, (b) => b)).toEqual({ kind: 'too_large' });
  });

  const answer = { batchId: 'b-1', serverTime: now.toISOString(), results: [{ id: 'r-1', status: 'accepted' }] };
  it.each<[string, RawResponse, string]>([
    ['HTML', raw(200, 'text/html', '<html>Log in</html>'), 'not_json'],
    ['an empty body', raw(200, null, ''), 'not_json'],
    ['the answer as text/plain', raw(200, 'text/plain', JSON.stringify(answer)), 'not_json'],
    ['JSON of another shape', raw(200, 'application/json', JSON.stringify({ ok: true })), 'other_batch'],
    ['another batch\'s answer', raw(200, 'application/json', JSON.stringify({ ...answer, batchId: 'b-2' })), 'other_batch'],
  ])('a 200 with %s is not the answer', (_name, answer200, why) => {
    expect(classifyBatchResponse(batch, answer200, now)).toEqual({ kind: 'unknown', why });
  });

  it('a 200 that echoes the batchId as JSON is the answer', () => {
    expect(classifyBatchResponse(batch, raw(200, 'application/json; charset=utf-8', JSON.stringify(answer)), now)).toEqual({ kind: 'answered', response: answer });
  });

  it('a kaart 200 counts only when it is JSON', () => {
    const page = JSON.stringify({ items: [], hasMore: false });
    expect(classifyKaartResponse(raw(200, 'text/html', page), now, (b) => b ?? undefined)).toEqual({ kind: 'unknown', why: 'malformed_answer' });
    expect(classifyKaartResponse(raw(200, 'application/json', page), now, (b) => b ?? undefined)).toEqual({ kind: 'answered', body: { items: [], hasMore: false } });
  });
});
