import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import type { CheckedRecord, DeliveryCheckResponse } from '../../src/shared/delivery-check';
import type { Registration } from '../../src/shared/registration';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, expectApiError, postJson, storeAccepted, type TestServer, useTestServer } from './test-server';

const CHECK = '/api/v1/registrations/check';

const check = (server: TestServer, token: string, body: unknown, headers: Record<string, string> = {}) => postJson(server, CHECK, token, body, headers);

describe.each(DATABASE_KINDS)('POST /api/v1/registrations/check on %s', (kind) => {
  const server = useTestServer(kind);
  let ours: EnrollResponse;

  beforeAll(async () => {
    ours = await enrollTablet(server);
  });

  const store = (tablet: EnrollResponse, records: Registration[]) => storeAccepted(server, tablet, records);
  const results = async (tablet: EnrollResponse, records: CheckedRecord[]) => {
    const response = await check(server, tablet.token, { records });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return (response.json() as DeliveryCheckResponse).results;
  };

  it('answers held for a stored revision or a higher one, missing for an unknown id or a lower revision, in the order asked', async () => {
    const [one, two] = [registration(ours.deviceId, { revision: 2 }), registration(ours.deviceId, { revision: 3 })];
    await store(ours, [one, two]);
    const unknown = randomUUID();
    expect(await results(ours, [
      { id: two.id, revision: 3 }, // same revision
      { id: unknown, revision: 1 }, // never stored (or lost in a restore)
      { id: one.id, revision: 1 }, // the server has a newer one
      { id: one.id.toUpperCase(), revision: 5 }, // the server has an older one: send it again
    ])).toEqual([
      { id: two.id, status: 'held' },
      { id: unknown, status: 'missing' },
      { id: one.id, status: 'held' },
      { id: one.id.toUpperCase(), status: 'missing' },
    ]);
    expect(await results(ours, [])).toEqual([]);
  });

  it('answers held for a tombstone of that revision', async () => {
    const record = registration(ours.deviceId);
    await store(ours, [record]);
    await store(ours, [{ ...record, revision: 2, deleted: true }]);
    expect(await results(ours, [{ id: record.id, revision: 2 }, { id: record.id, revision: 3 }]))
      .toEqual([{ id: record.id, status: 'held' }, { id: record.id, status: 'missing' }]);
  });

  it('answers held for an id stored for another organisation or another tablet, whatever the revision: nothing about their record leaks', async () => {
    const elsewhere = await enrollTablet(server, OTHER_ORGANISATION.id);
    const colleague = await enrollTablet(server);
    const theirs = registration(elsewhere.deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id, revision: 2 });
    const colleagues = registration(colleague.deviceId, { revision: 2 });
    await store(elsewhere, [theirs]);
    await store(colleague, [colleagues]);
    const asked = [1, 2, 3, 2_147_483_647].flatMap((revision) => [{ id: theirs.id, revision }, { id: colleagues.id, revision }]);
    expect(await results(ours, asked)).toEqual(asked.map(({ id }) => ({ id, status: 'held' })));
    // the same answer as for a record of our own that is held: nothing tells them apart
    const own = registration(ours.deviceId);
    await store(ours, [own]);
    const [foreign, mine] = await Promise.all([check(server, ours.token, { records: [{ id: theirs.id, revision: 9 }] }), check(server, ours.token, { records: [{ id: own.id, revision: 1 }] })]);
    expect(foreign.body.replace(theirs.id, 'ID')).toBe(mine.body.replace(own.id, 'ID'));
    expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(mine.headers).sort());
  });

  it('answers for a revoked tablet\'s records as for its own after the tablet of the same organisation took over', async () => {
    const old = await enrollTablet(server);
    const record = registration(old.deviceId, { revision: 2 });
    await store(old, [record]);
    const successor = await enrollTablet(server);
    expect(await results(successor, [{ id: record.id, revision: 3 }])).toEqual([{ id: record.id, status: 'held' }]); // old not revoked: someone else's
    expect(await revokeDevice(server.db, old.deviceId)).toBe(true);
    expect(await results(successor, [{ id: record.id, revision: 2 }, { id: record.id, revision: 3 }]))
      .toEqual([{ id: record.id, status: 'held' }, { id: record.id, status: 'missing' }]);
  });

  it('refuses a revoked tablet with 403 device_revoked, a coordinator or national token with 403 forbidden, and no token with 401', async () => {
    const revoked = await enrollTablet(server);
    await revokeDevice(server.db, revoked.deviceId);
    expectApiError(await check(server, revoked.token, { records: [] }), 403, 'device_revoked');
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const national = await createApiToken(server.db, 'national', null);
    expectApiError(await check(server, coordinator, { records: [] }), 403, 'forbidden');
    expectApiError(await check(server, national, { records: [] }), 403, 'forbidden');
    expectApiError(await check(server, 'not-a-token', { records: [] }), 401, 'unauthorized');
    expectApiError(await server.app.inject({ method: 'POST', url: CHECK, payload: { records: [] } }), 401, 'unauthorized');
  });

  it('answers 413 too_many_records above 1000 records, and takes exactly 1000', async () => {
    const many = (n: number) => Array.from({ length: n }, () => ({ id: randomUUID(), revision: 1 }));
    expectApiError(await check(server, ours.token, { records: many(1001) }), 413, 'too_many_records', /hoogstens 1000/);
    const answer = await results(ours, many(1000));
    expect(answer).toHaveLength(1000);
    expect(answer.every((result) => result.status === 'missing')).toBe(true);
  });

  it.each([
    ['an array', [], /JSON-object/],
    ['a string', '"records"', /JSON-object/],
    ['no records', {}, /lijst records/],
    ['records that is no list', { records: { id: randomUUID(), revision: 1 } }, /lijst records/],
    ['an unknown field', { records: [], deviceId: randomUUID() }, /Onbekend veld.*"deviceId"/],
    ['a record that is no object', { records: [randomUUID()] }, /records\[0\] moet een object/],
    ['a record with an unknown field', { records: [{ id: randomUUID(), revision: 1, deleted: true }] }, /Onbekend veld in records\[0\].*"deleted"/],
    ['an id that is no uuid', { records: [{ id: randomUUID(), revision: 1 }, { id: 'abc', revision: 1 }] }, /records\[1\]\.id is geen geldige UUID/],
    ['a missing id', { records: [{ revision: 1 }] }, /records\[0\]\.id/],
    ['a revision that is no integer', { records: [{ id: randomUUID(), revision: 1.5 }] }, /records\[0\]\.revision moet een geheel getal/],
    ['a revision as text', { records: [{ id: randomUUID(), revision: '1' }] }, /records\[0\]\.revision/],
    ['revision 0', { records: [{ id: randomUUID(), revision: 0 }] }, /records\[0\]\.revision/],
    ['a revision above int4', { records: [{ id: randomUUID(), revision: 2_147_483_648 }] }, /records\[0\]\.revision/],
    ['a missing revision', { records: [{ id: randomUUID() }] }, /records\[0\]\.revision/],
  ])('answers 400 invalid_request naming what is wrong for %s', async (_name, body, message) => {
    expectApiError(await check(server, ours.token, typeof body === 'string' ? body : body), 400, 'invalid_request', message);
  });

  it('answers 400 invalid_json for a body that is no JSON and 415 for another content type', async () => {
    expectApiError(await check(server, ours.token, '{"records": ['), 400, 'invalid_json');
    expectApiError(await check(server, ours.token, 'records', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('changes nothing on the server', async () => {
    const record = registration(ours.deviceId);
    await store(ours, [record]);
    const before = await server.db.query('SELECT to_jsonb(r)::text AS row FROM registrations r ORDER BY id');
    await results(ours, [{ id: record.id, revision: 7 }, { id: randomUUID(), revision: 1 }]);
    expect(await server.db.query('SELECT to_jsonb(r)::text AS row FROM registrations r ORDER BY id')).toEqual(before);
  });
});
