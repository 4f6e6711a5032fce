import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { type CheckedRecord, type DayCheckResponse, type DayDigest, dayDigest, type DeliveryCheckResponse } from '../../src/shared/delivery-check';
import type { Registration } from '../../src/shared/registration';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { groupSession, ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, expectApiError, postJson, storeAccepted, useTestServer } from './test-server';

const DAYS = '/api/v1/registrations/check-days';
const CHECK = '/api/v1/registrations/check';
const DAY = '2025-11-24';

/** What a tablet sends for one day of its registrations. */
async function digestOf(day: string, records: readonly CheckedRecord[]): Promise<DayDigest> {
  return { day, count: records.length, digest: await dayDigest(records) };
}
const pairs = (records: readonly Registration[]): CheckedRecord[] => records.map(({ id, revision }) => ({ id, revision }));

describe('dayDigest', () => {
  it('is SHA-256 hex of "id:revision\\n" per registration, ids in lowercase, sorted', async () => {
    const a = { id: 'aaaaaaaa-0000-4000-8000-000000000001', revision: 2 };
    const b = { id: 'BBBBBBBB-0000-4000-8000-000000000002', revision: 10 };
    const expected = createHash('sha256').update('aaaaaaaa-0000-4000-8000-000000000001:2\nbbbbbbbb-0000-4000-8000-000000000002:10\n').digest('hex');
    expect(await dayDigest([b, a])).toBe(expected);
    expect(await dayDigest([a, b])).toBe(expected);
    expect(await dayDigest([a, { ...b, revision: 11 }])).not.toBe(expected);
    expect(await dayDigest([])).toBe(createHash('sha256').update('').digest('hex'));
  });
});

describe.each(DATABASE_KINDS)('POST /api/v1/registrations/check-days on %s', (kind) => {
  const server = useTestServer(kind);
  let ours: EnrollResponse;

  beforeAll(async () => {
    ours = await enrollTablet(server);
  });

  const store = (tablet: EnrollResponse, records: Registration[]) => storeAccepted(server, tablet, records);
  const answer = async (tablet: EnrollResponse, days: DayDigest[]) => {
    const response = await postJson(server, DAYS, tablet.token, { days });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return (response.json() as DayCheckResponse).days;
  };
  const perId = async (tablet: EnrollResponse, records: CheckedRecord[]) => {
    const response = await postJson(server, CHECK, tablet.token, { records });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as DeliveryCheckResponse).results;
  };

  it('answers same for a day whose count and digest equal what the server holds for this tablet, differs for any difference, in the order asked', async () => {
    const tablet = await enrollTablet(server);
    const monday = [registration(tablet.deviceId), registration(tablet.deviceId, { revision: 3 })];
    const tuesday = [1, 2, 3].map(() => registration(tablet.deviceId, { startedAt: '2025-11-25T09:00:00+01:00' }));
    await store(tablet, [...monday, ...tuesday]);
    const lost = { id: randomUUID(), revision: 1 };

    expect(await answer(tablet, [
      await digestOf('2025-11-25', pairs(tuesday)), // exactly what the server holds
      await digestOf(DAY, [...pairs(monday), lost]), // one the server lost
      await digestOf(DAY, pairs(monday)).then((d) => ({ ...d, day: '2025-11-23' })), // a day the server has nothing of
    ])).toEqual([
      { day: '2025-11-25', status: 'same' },
      { day: DAY, status: 'differs' },
      { day: '2025-11-23', status: 'differs' },
    ]);
    // the tablet has a newer revision than the server (an edit the server lost), or an older one
    expect(await answer(tablet, [await digestOf(DAY, [pairs(monday)[0], { id: monday[1].id, revision: 4 }])])).toEqual([{ day: DAY, status: 'differs' }]);
    expect(await answer(tablet, [await digestOf(DAY, [pairs(monday)[0], { id: monday[1].id, revision: 2 }])])).toEqual([{ day: DAY, status: 'differs' }]);
    // the tablet purged one the server still has: the day differs (the per-id check then finds the rest held)
    expect(await answer(tablet, [await digestOf(DAY, pairs(monday).slice(1))])).toEqual([{ day: DAY, status: 'differs' }]);
    // the right digest with a wrong count, and the right count with a wrong digest
    const right = await digestOf(DAY, pairs(monday));
    expect(await answer(tablet, [right])).toEqual([{ day: DAY, status: 'same' }]);
    expect(await answer(tablet, [{ ...right, count: 3 }])).toEqual([{ day: DAY, status: 'differs' }]);
    expect(await answer(tablet, [{ ...right, digest: 'f'.repeat(64) }])).toEqual([{ day: DAY, status: 'differs' }]);
    // upper-case ids on the tablet give the same digest
    expect(await answer(tablet, [await digestOf(DAY, pairs(monday).map((r) => ({ ...r, id: r.id.toUpperCase() })))])).toEqual([{ day: DAY, status: 'same' }]);
    expect(await answer(tablet, [])).toEqual([]);
  });

  it('takes the Amsterdam day of startedAt, as the tablet does, and counts a tombstone at its revision', async () => {
    const tablet = await enrollTablet(server);
    const lateUtc = registration(tablet.deviceId, { startedAt: '2025-11-24T23:30:00+00:00' }); // 00:30 on the 25th in Amsterdam
    const earlyLocal = registration(tablet.deviceId, { startedAt: '2025-11-24T00:10:00+01:00' }); // 23:10 on the 23rd in UTC
    const summer = registration(tablet.deviceId, { startedAt: '2025-07-01T23:30:00+00:00' }); // CEST: 01:30 on 2 July
    const deleted = registration(tablet.deviceId);
    await store(tablet, [lateUtc, earlyLocal, summer, deleted]);
    await store(tablet, [{ ...deleted, revision: 2, deleted: true }]);
    expect(await answer(tablet, [
      await digestOf('2025-11-25', pairs([lateUtc])),
      await digestOf(DAY, [...pairs([earlyLocal]), { id: deleted.id, revision: 2 }]),
      await digestOf('2025-07-02', pairs([summer])),
    ])).toEqual([
      { day: '2025-11-25', status: 'same' },
      { day: DAY, status: 'same' },
      { day: '2025-07-02', status: 'same' },
    ]);
    expect(await answer(tablet, [await digestOf(DAY, [...pairs([earlyLocal]), { id: deleted.id, revision: 1 }])])).toEqual([{ day: DAY, status: 'differs' }]);
  });

  it('counts only this tablet\'s own rows: another tablet\'s or organisation\'s do not change its day, and an id of theirs makes the day differ while the per-id check says held', async () => {
    const tablet = await enrollTablet(server);
    const colleague = await enrollTablet(server);
    const elsewhere = await enrollTablet(server, OTHER_ORGANISATION.id);
    const mine = [registration(tablet.deviceId), registration(tablet.deviceId)];
    const colleagues = registration(colleague.deviceId);
    const theirs = registration(elsewhere.deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id });
    await store(tablet, mine);
    await store(colleague, [colleagues]);
    await store(elsewhere, [theirs]);

    expect(await answer(tablet, [await digestOf(DAY, pairs(mine))])).toEqual([{ day: DAY, status: 'same' }]);
    // a tablet claiming another's ids (its own list is wrong, or it guesses): differs, the same answer as for a lost record of its own
    for (const foreign of [colleagues, theirs]) {
      const claimed = [...pairs(mine), { id: foreign.id, revision: foreign.revision }];
      expect(await answer(tablet, [await digestOf(DAY, claimed)])).toEqual([{ day: DAY, status: 'differs' }]);
      expect(await perId(tablet, claimed)).toEqual(claimed.map(({ id }) => ({ id, status: 'held' })));
    }
    const lostOwn = await postJson(server, DAYS, tablet.token, { days: [await digestOf(DAY, [...pairs(mine), { id: randomUUID(), revision: 1 }])] });
    const foreignClaim = await postJson(server, DAYS, tablet.token, { days: [await digestOf(DAY, [...pairs(mine), { id: theirs.id, revision: 1 }])] });
    expect(foreignClaim.body).toBe(lostOwn.body);
    // the colleague's own day is its own business
    expect(await answer(colleague, [await digestOf(DAY, pairs([colleagues]))])).toEqual([{ day: DAY, status: 'same' }]);
  });

  it('leaves a revoked predecessor\'s records to the per-id check, and refuses the revoked tablet itself', async () => {
    const old = await enrollTablet(server);
    const record = registration(old.deviceId, { revision: 2 });
    await store(old, [record]);
    expect(await revokeDevice(server.db, old.deviceId)).toBe(true);
    const successor = await enrollTablet(server);
    const own = registration(successor.deviceId);
    await store(successor, [own]);
    // the re-enrolled tablet still has the old record as sent: the day differs, per id it is held
    const claimed = [pairs([record])[0], pairs([own])[0]];
    expect(await answer(successor, [await digestOf(DAY, claimed)])).toEqual([{ day: DAY, status: 'differs' }]);
    expect(await perId(successor, claimed)).toEqual(claimed.map(({ id }) => ({ id, status: 'held' })));
    expect(await answer(successor, [await digestOf(DAY, pairs([own]))])).toEqual([{ day: DAY, status: 'same' }]);
    expectApiError(await postJson(server, DAYS, old.token, { days: [await digestOf(DAY, pairs([record]))] }), 403, 'device_revoked');
  });

  it('refuses a coordinator or national token with 403 forbidden and no or an unknown token with 401', async () => {
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const national = await createApiToken(server.db, 'national', null);
    expectApiError(await postJson(server, DAYS, coordinator, { days: [] }), 403, 'forbidden');
    expectApiError(await postJson(server, DAYS, national, { days: [] }), 403, 'forbidden');
    expectApiError(await postJson(server, DAYS, 'not-a-token', { days: [] }), 401, 'unauthorized');
    expectApiError(await server.app.inject({ method: 'POST', url: DAYS, payload: { days: [] } }), 401, 'unauthorized');
  });

  it('answers 413 too_many_records above 400 days, and takes exactly 400', async () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => ({
      day: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), count: 1, digest: 'a'.repeat(64),
    }));
    expectApiError(await postJson(server, DAYS, ours.token, { days: days(401) }), 413, 'too_many_records', /hoogstens 400 dagen/);
    const answered = await answer(ours, days(400));
    expect(answered).toHaveLength(400);
    expect(answered.every((result) => result.status === 'differs')).toBe(true);
  });

  it('answers 413 payload_too_large for a body over 128 KiB, whatever it holds', async () => {
    const padded = `{"days":[]${' '.repeat(128 * 1024)}}`;
    expectApiError(await postJson(server, DAYS, ours.token, padded), 413, 'payload_too_large');
    expect((await postJson(server, DAYS, ours.token, `{"days":[]${' '.repeat(100 * 1024)}}`)).statusCode).toBe(200);
  });

  const hex = 'a'.repeat(64);
  it.each([
    ['an array', [], /JSON-object/],
    ['a string', '"days"', /JSON-object/],
    ['no days', {}, /lijst days/],
    ['days that is no list', { days: { day: DAY, count: 1, digest: hex } }, /lijst days/],
    ['an unknown field', { days: [], records: [] }, /Onbekend veld.*"records"/],
    ['a day that is no object', { days: [DAY] }, /days\[0\] moet een object/],
    ['a day with an unknown field', { days: [{ day: DAY, count: 1, digest: hex, ids: [] }] }, /Onbekend veld in days\[0\].*"ids"/],
    ['a day in another format', { days: [{ day: '24-11-2025', count: 1, digest: hex }] }, /days\[0\]\.day moet een datum/],
    ['a day that does not exist', { days: [{ day: '2025-02-30', count: 1, digest: hex }] }, /days\[0\]\.day/],
    ['a timestamp as day', { days: [{ day: '2025-11-24T00:00:00Z', count: 1, digest: hex }] }, /days\[0\]\.day/],
    ['a missing day', { days: [{ count: 1, digest: hex }] }, /days\[0\]\.day/],
    ['a day asked twice', { days: [{ day: DAY, count: 1, digest: hex }, { day: DAY, count: 2, digest: hex }] }, /days\[1\]\.day staat al eerder/],
    ['count 0', { days: [{ day: DAY, count: 0, digest: hex }] }, /days\[0\]\.count moet een geheel getal/],
    ['a count that is no integer', { days: [{ day: DAY, count: 1.5, digest: hex }] }, /days\[0\]\.count/],
    ['a count as text', { days: [{ day: DAY, count: '1', digest: hex }] }, /days\[0\]\.count/],
    ['a huge count', { days: [{ day: DAY, count: 1e12, digest: hex }] }, /days\[0\]\.count/],
    ['a digest in upper case', { days: [{ day: DAY, count: 1, digest: 'A'.repeat(64) }] }, /days\[0\]\.digest/],
    ['a short digest', { days: [{ day: DAY, count: 1, digest: 'a'.repeat(63) }] }, /days\[0\]\.digest/],
    ['a missing digest', { days: [{ day: DAY, count: 1 }] }, /days\[0\]\.digest/],
  ])('answers 400 invalid_request naming what is wrong for %s', async (_name, body, message) => {
    expectApiError(await postJson(server, DAYS, ours.token, body), 400, 'invalid_request', message);
  });

  it('answers 400 invalid_json for a body that is no JSON and 415 for another content type', async () => {
    expectApiError(await postJson(server, DAYS, ours.token, '{"days": ['), 400, 'invalid_json');
    expectApiError(await postJson(server, DAYS, ours.token, 'days', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('counts group sessions by their date beside the registrations of that day, and answers them per id', async () => {
    const tablet = await enrollTablet(server);
    const contact = registration(tablet.deviceId);
    const session = groupSession(tablet.deviceId, { date: DAY, revision: 2 });
    await storeAccepted(server, tablet, [contact, session]);
    const both = [{ id: contact.id, revision: 1 }, { id: session.id, revision: 2 }];
    expect(await answer(tablet, [await digestOf(DAY, both)])).toEqual([{ day: DAY, status: 'same' }]);
    // without the session (an old tablet), or with it at a higher revision (lost after a restore): differs
    expect(await answer(tablet, [await digestOf(DAY, [both[0]])])).toEqual([{ day: DAY, status: 'differs' }]);
    expect(await answer(tablet, [await digestOf(DAY, [both[0], { id: session.id, revision: 3 }])])).toEqual([{ day: DAY, status: 'differs' }]);
    // a session on another date is counted on its own date
    const later = groupSession(tablet.deviceId, { date: '2025-12-02' });
    await storeAccepted(server, tablet, [later]);
    expect(await answer(tablet, [await digestOf('2025-12-02', [{ id: later.id, revision: 1 }])])).toEqual([{ day: '2025-12-02', status: 'same' }]);

    const elsewhere = await enrollTablet(server, OTHER_ORGANISATION.id);
    const theirs = groupSession(elsewhere.deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id });
    await storeAccepted(server, elsewhere, [theirs]);
    expect(await perId(tablet, [
      { id: session.id, revision: 2 }, { id: session.id, revision: 3 }, { id: randomUUID(), revision: 1 }, { id: theirs.id, revision: 9 },
    ])).toEqual([
      { id: session.id, status: 'held' }, { id: session.id, status: 'missing' }, { id: expect.any(String), status: 'missing' }, { id: theirs.id, status: 'held' },
    ]);
    // and another organisation's day check never counts our session
    expect(await answer(elsewhere, [await digestOf(DAY, [{ id: session.id, revision: 2 }])])).toEqual([{ day: DAY, status: 'differs' }]);
  });

  it('changes nothing on the server', async () => {
    const record = registration(ours.deviceId);
    await store(ours, [record]);
    const snapshot = () => server.db.query('SELECT to_jsonb(r)::text AS row FROM registrations r ORDER BY id');
    const before = await snapshot();
    await answer(ours, [await digestOf(DAY, [{ id: record.id, revision: 7 }]), await digestOf('2025-11-20', [{ id: randomUUID(), revision: 1 }])]);
    expect(await snapshot()).toEqual(before);
  });
});
