import { describe, expect, it } from 'vitest';
import { ensureOrganisation } from '../../src/db/demo-organisation';
import { revokeDevice } from '../../src/server/devices';
import { DEFAULT_LIMITS, type BatchRequest } from '../../src/shared/api';
import { enrollDevice } from '../../src/sync/enroll';
import { classifyKaartResponse } from '../../src/sync/kaart-outcome';
import { classifyBatchResponse } from '../../src/sync/outcome';
import { serverError } from '../../src/sync/server-answer';
import { fetchTransport } from '../../src/sync/transport';
import { useRealServer } from './real-server';
import '../server/server-secret'; // the server's codes and tokens need its secret

/*
 * The other side of "only the server's own answer counts": the real server's 400, 401, 403 and 413,
 * as they come over the wire to fetchTransport, are recognised as the server's and still pause,
 * quarantine or split as the contract says.
 */

const server = useRealServer();
const enrolled = () => server.enroll();

const batchOf = (deviceId: string, records: unknown[]): BatchRequest =>
  ({ batchId: crypto.randomUUID(), deviceId, sentAt: new Date().toISOString(), records }) as BatchRequest;
const now = () => new Date();

describe('the real server\'s error answers are the server\'s', () => {
  it('401 unauthorized (unknown token): pause to enroll again', async () => {
    const device = await enrolled();
    const batch = batchOf(device.deviceId, []);
    const raw = await fetchTransport(server.url).postBatch(batch, 'not-a-token');
    expect(raw.status).toBe(401);
    expect(serverError(raw)).toMatchObject({ error: 'unauthorized' });
    expect(classifyBatchResponse(batch, raw, now())).toMatchObject({ kind: 'pause', reason: 'reenroll' });
  });

  it('403 device_revoked: pause, for batches and the kaart alike', async () => {
    const device = await enrolled();
    await revokeDevice(server.db, device.deviceId);
    const batch = batchOf(device.deviceId, []);
    const transport = fetchTransport(server.url);
    const raw = await transport.postBatch(batch, device.token);
    expect(raw.status).toBe(403);
    expect(classifyBatchResponse(batch, raw, now())).toMatchObject({ kind: 'pause', reason: 'revoked', error: { error: 'device_revoked' } });
    expect(classifyKaartResponse(await transport.getKaartChanges(undefined, 500, device.token), now(), (b) => b)).toMatchObject({ kind: 'pause', reason: 'revoked' });
  });

  it('413 too_many_records and payload_too_large: split', async () => {
    const device = await enrolled();
    const many = batchOf(device.deviceId, Array.from({ length: DEFAULT_LIMITS.maxBatchRecords + 1 }, () => ({})));
    const tooMany = await fetchTransport(server.url).postBatch(many, device.token);
    expect(tooMany.status).toBe(413);
    expect(classifyBatchResponse(many, tooMany, now())).toEqual({ kind: 'too_large' });

    const big = batchOf(device.deviceId, [{ note: 'x'.repeat(DEFAULT_LIMITS.maxBatchBytes) }]);
    const tooBig = await fetchTransport(server.url).postBatch(big, device.token);
    expect(tooBig.status).toBe(413);
    expect(classifyBatchResponse(big, tooBig, now())).toEqual({ kind: 'too_large' });
  });

  it('400 invalid_request: quarantine; a refused kaart cursor too', async () => {
    const device = await enrolled();
    const bad = { ...batchOf(device.deviceId, []), records: 'geen lijst' } as unknown as BatchRequest;
    const transport = fetchTransport(server.url);
    const raw = await transport.postBatch(bad, device.token);
    expect(raw.status).toBe(400);
    expect(classifyBatchResponse(bad, raw, now())).toMatchObject({ kind: 'quarantine', status: 400, error: { error: 'invalid_request' } });
    expect(classifyKaartResponse(await transport.getKaartChanges('geen-cursor', 500, device.token), now(), (b) => b)).toMatchObject({ kind: 'quarantine', status: 400 });
  });

  it('enrollment: the server\'s 400 invalid_code is a wrong code', async () => {
    const db = server.newTabletDb('real-server-answers');
    await ensureOrganisation(db);
    expect(await enrollDevice(db, fetchTransport(server.url), 'ZZZZ-ZZZZ', 'Tablet')).toMatchObject({ ok: false, error: 'invalid_code' });
  });
});
