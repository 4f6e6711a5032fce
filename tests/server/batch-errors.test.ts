import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/shared/api';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { batch, ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, countRows, enrollTablet, postBatch, useTestServer } from './test-server';

/** Every whole-batch error: the status, exactly `{error, message}`, a Dutch message, nothing of the server's insides. */
function expectError(response: LightMyRequestResponse, status: number, error: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json();
  expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  expect(body.error).toBe(error);
  expect(body.message).toMatch(/^[A-Z].{10,}/);
  expect(response.body).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT|node_modules|\/work\//);
}

describe.each(DATABASE_KINDS)('whole-batch errors on %s', (kind) => {
  const server = useTestServer(kind);
  let token = '';
  let deviceId = '';
  beforeAll(async () => {
    ({ token, deviceId } = await enrollTablet(server));
  });

  it('answers 401 unauthorized without a token, or with an unknown one', async () => {
    expectError(await postBatch(server, token, batch(deviceId, [registration(deviceId)]), { authorization: undefined }), 401, 'unauthorized');
    expectError(await postBatch(server, 'bm90LWEtcmVhbC10b2tlbg', batch(deviceId, [registration(deviceId)])), 401, 'unauthorized');
    expectError(await postBatch(server, token, batch(deviceId, []), { authorization: `Basic ${token}` }), 401, 'unauthorized');
  });

  it('answers 403 device_revoked once the coordinator revoked the tablet', async () => {
    const revoked = await enrollTablet(server);
    await revokeDevice(server.db, revoked.deviceId);
    const record = registration(revoked.deviceId);
    expectError(await postBatch(server, revoked.token, batch(revoked.deviceId, [record])), 403, 'device_revoked');
    expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(0);
  });

  it('answers 403 device_mismatch when the body names another device than the token', async () => {
    const other = await enrollTablet(server);
    expectError(await postBatch(server, token, batch(other.deviceId, [registration(other.deviceId)])), 403, 'device_mismatch');
  });

  it('answers 403 to a coordinator token: reports tokens cannot send registrations', async () => {
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    expectError(await postBatch(server, coordinator, batch(deviceId, [])), 403, 'forbidden');
  });

  it('answers 400 idempotency_key_mismatch when Idempotency-Key is not the batchId, or missing', async () => {
    expectError(await postBatch(server, token, batch(deviceId, [registration(deviceId)]), { 'idempotency-key': randomUUID() }), 400, 'idempotency_key_mismatch');
    expectError(await postBatch(server, token, batch(deviceId, [registration(deviceId)]), { 'idempotency-key': undefined }), 400, 'idempotency_key_mismatch');
  });

  it.each([
    ['a body that is not JSON', '{"batchId": ', 'invalid_json'],
    ['an empty body', '', 'invalid_json'],
    ['HTML from a captive portal', '<html><body>Log in</body></html>', 'invalid_json'],
    ['a __proto__ key', '{"__proto__": {"admin": true}, "records": []}', 'invalid_json'],
    ['a constructor.prototype key', '{"constructor": {"prototype": {"admin": true}}}', 'invalid_json'],
    ['records that are not a list', JSON.stringify({ batchId: randomUUID(), deviceId: randomUUID(), sentAt: new Date().toISOString(), records: 'x' }), 'invalid_request'],
    ['only {"records": "x"}', '{"records": "x"}', 'invalid_request'],
    ['a list instead of an object', '[]', 'invalid_request'],
    ['null', 'null', 'invalid_request'],
    ['a number', '42', 'invalid_request'],
    ['a batchId that is no UUID', JSON.stringify({ batchId: 'abc', deviceId: randomUUID(), sentAt: new Date().toISOString(), records: [] }), 'invalid_request'],
    ['no sentAt', JSON.stringify({ batchId: randomUUID(), deviceId: randomUUID(), records: [] }), 'invalid_request'],
    ['a NUL byte in a key', '{"batch\\u0000Id": 1}', 'invalid_request'],
  ])('answers 400 to %s', async (_name, payload, error) => {
    const before = await countRows(server.db, 'batches');
    expectError(await postBatch(server, token, payload), 400, error);
    expect(await countRows(server.db, 'batches')).toBe(before);
  });

  it(`answers 413 too_many_records over ${DEFAULT_LIMITS.maxBatchRecords} records, storing none`, async () => {
    const records = Array.from({ length: DEFAULT_LIMITS.maxBatchRecords + 1 }, () => ({ id: randomUUID() }));
    const body = batch(deviceId, records);
    expectError(await postBatch(server, token, body), 413, 'too_many_records');
    expect(await countRows(server.db, 'batches', 'batch_id = $1', [body.batchId])).toBe(0);
  });

  it(`answers 413 payload_too_large over ${DEFAULT_LIMITS.maxBatchBytes} bytes, before parsing`, async () => {
    const padding = 'x'.repeat(DEFAULT_LIMITS.maxBatchBytes);
    const body = batch(deviceId, [{ ...registration(deviceId), padding }]);
    expectError(await postBatch(server, token, body), 413, 'payload_too_large');
    // Not even valid JSON is read when it is too long.
    expectError(await postBatch(server, token, `[${'1,'.repeat(DEFAULT_LIMITS.maxBatchBytes / 2)}1]`), 413, 'payload_too_large');
  });

  it('answers 415 unsupported_media_type to anything but application/json', async () => {
    const body = JSON.stringify(batch(deviceId, [registration(deviceId)]));
    expectError(await postBatch(server, token, body, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await postBatch(server, token, body, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    expectError(await postBatch(server, token, body, { 'content-type': undefined }), 415, 'unsupported_media_type');
  });

  it('accepts application/json with a charset parameter', async () => {
    const response = await postBatch(server, token, batch(deviceId, [registration(deviceId)]), { 'content-type': 'application/json; charset=utf-8' });
    expect(response.statusCode).toBe(200);
  });

  it('answers 400 batch_id_in_use when another device sends a batchId that is already stored', async () => {
    const body = batch(deviceId, [registration(deviceId)]);
    expect((await postBatch(server, token, body)).statusCode).toBe(200);
    const other = await enrollTablet(server);
    const response = await postBatch(server, other.token, { ...body, deviceId: other.deviceId });
    expectError(response, 400, 'batch_id_in_use');
    expect(response.body).not.toContain(body.records[0].id);
  });

  it('answers GET on the batches path with 404 in the same shape', async () => {
    expectError(await server.app.inject({ method: 'GET', url: '/api/v1/batches' }), 404, 'not_found');
  });
});
