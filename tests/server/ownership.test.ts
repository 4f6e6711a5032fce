import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse, RecordResult } from '../../src/shared/api';
import { ID_IN_USE_MESSAGES } from '../../src/shared/ownership';
import type { Registration } from '../../src/shared/registration';
import type { Database } from '../../src/server/db/database';
import { findDevice, revokeDevice } from '../../src/server/devices';
import { importEmergencyExport } from '../../src/server/ingest/emergency-export';
import { ingestBatch } from '../../src/server/ingest/ingest';
import { upsertRegistrations } from '../../src/server/ingest/registration-store';
import { contentHash } from '../../src/server/ingest/canonical-json';
import { batch, ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { whileWriteHeld } from './held-write';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';

/** The one answer for a foreign id: the same, apart from the echoed id, whatever the other record is. */
const idInUse = (id: string): RecordResult => ({ id, status: 'rejected', code: 'id_in_use', field: 'id', message: ID_IN_USE_MESSAGES.registration });

/** Everything a refused record could have touched: the row, its questions and the whole report rollup. */
async function snapshot(db: Database, id: string) {
  await rollupsCurrent(db); // as a report reads it
  const [row] = await db.query('SELECT to_jsonb(r)::text AS row FROM registrations r WHERE id = $1', [id]);
  const questions = await db.query('SELECT to_jsonb(q)::text AS q FROM questions q WHERE registration_id = $1 ORDER BY index', [id]);
  const rollup = await db.query(`SELECT dimension, period_start::text AS p, organisation_id::text AS o, location_id, value, contacts, questions
    FROM report_rollup WHERE contacts <> 0 OR questions <> 0 ORDER BY 1, 2, 3, 4, 5`);
  return { row, questions, rollup };
}

/** A record of the other organisation with a chosen id: valid for its own tablet in every other way. */
function theirs(deviceId: string, overrides: Partial<Registration>): Registration {
  return registration(deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id, ...overrides });
}

describe.each(DATABASE_KINDS)('a registration belongs to the organisation and the tablet that stored it, on %s', (kind) => {
  const server = useTestServer(kind);
  let ours: EnrollResponse;
  let colleague: EnrollResponse;
  let elsewhere: EnrollResponse;

  beforeAll(async () => {
    ours = await enrollTablet(server);
    colleague = await enrollTablet(server);
    elsewhere = await enrollTablet(server, OTHER_ORGANISATION.id);
  });

  const send = async (tablet: EnrollResponse, records: unknown[]): Promise<RecordResult[]> => {
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, records));
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as BatchResponse).results;
  };
  /** A record of ours, stored at revision 2 with two questions (so the rollup counts it). */
  const storeOurs = async (overrides: Partial<Registration> = {}): Promise<Registration> => {
    const record = registration(ours.deviceId, { revision: 2, questions: [question(), question({ topics: ['toeslagen'] })], ...overrides });
    expect(await send(ours, [record])).toEqual([{ id: record.id, status: 'accepted' }]);
    return record;
  };

  it('refuses another organisation\'s higher revision, lower revision, equal revision and tombstone of a stored id with one neutral answer, and changes nothing', async () => {
    const victim = await storeOurs();
    const before = await snapshot(server.db, victim.id);
    const attempts = [
      theirs(elsewhere.deviceId, { id: victim.id, revision: 9 }),
      theirs(elsewhere.deviceId, { id: victim.id, revision: 1 }),
      theirs(elsewhere.deviceId, { id: victim.id, revision: 2 }),
      theirs(elsewhere.deviceId, { id: victim.id, revision: 3, deleted: true }),
      theirs(elsewhere.deviceId, { id: victim.id.toUpperCase(), revision: 10 }),
    ];
    for (const attempt of attempts) expect(await send(elsewhere, [attempt])).toEqual([idInUse(attempt.id)]);
    expect(await snapshot(server.db, victim.id)).toEqual(before);
    // Our own tablet still edits it.
    expect(await send(ours, [{ ...victim, revision: 3, durationMinutes: 30 }])).toEqual([{ id: victim.id, status: 'accepted' }]);
  });

  it('gives the same answer for a stored tombstone as for a live record, and does not bring the tombstone back', async () => {
    const live = await storeOurs();
    const gone = await storeOurs();
    expect(await send(ours, [{ ...gone, revision: 3, deleted: true }])).toEqual([{ id: gone.id, status: 'accepted' }]);
    const before = await Promise.all([live.id, gone.id].map((id) => snapshot(server.db, id)));
    const results = await send(elsewhere, [theirs(elsewhere.deviceId, { id: live.id, revision: 7 }), theirs(elsewhere.deviceId, { id: gone.id, revision: 7 })]);
    expect(results).toEqual([idInUse(live.id), idInUse(gone.id)]);
    expect(await Promise.all([live.id, gone.id].map((id) => snapshot(server.db, id)))).toEqual(before);
  });

  it('answers a copy of another organisation\'s record exactly as a copy of one that does not exist', async () => {
    const victim = await storeOurs();
    const before = await snapshot(server.db, victim.id);
    const unknown = { ...victim, id: randomUUID() };
    const [copy, fresh] = await send(elsewhere, [victim, unknown]);
    expect({ ...copy, id: '' }).toEqual({ ...fresh, id: '' });
    expect(copy).toMatchObject({ status: 'rejected', code: 'wrong_organisation' });
    // The same content made its own (organisation and location changed): the neutral answer, never "duplicate".
    expect(await send(elsewhere, [{ ...victim, organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id }])).toEqual([idInUse(victim.id)]);
    expect(await snapshot(server.db, victim.id)).toEqual(before);
  });

  it('refuses another tablet of the same organisation: identical content, a higher revision or a tombstone', async () => {
    const victim = await storeOurs();
    const before = await snapshot(server.db, victim.id);
    const attempts = [victim, { ...victim, deviceId: colleague.deviceId }, { ...victim, revision: 5, durationMinutes: 45 }, { ...victim, revision: 6, deleted: true }];
    for (const attempt of attempts) expect(await send(colleague, [attempt])).toEqual([idInUse(victim.id)]);
    expect(await snapshot(server.db, victim.id)).toEqual(before);
  });

  it('lets a tablet re-enrolled after its revocation carry its records on, and nobody else', async () => {
    // The tablet's first enrollment stores a record, is revoked, and the same tablet enrolls again (a new device).
    const first = await enrollTablet(server);
    const record = registration(first.deviceId, { revision: 1 });
    expect(await send(first, [record])).toEqual([{ id: record.id, status: 'accepted' }]);
    const elsewhereBefore = await snapshot(server.db, record.id);
    // Before the revocation the new enrollment is another tablet: refused.
    const again = await enrollTablet(server);
    const moved = { ...record, deviceId: again.deviceId, revision: 2, durationMinutes: 25 };
    expect(await send(again, [moved])).toEqual([idInUse(record.id)]);
    expect(await revokeDevice(server.db, first.deviceId)).toBe(true);
    // Another organisation's tablet still gets the neutral answer for the revoked tablet's record.
    expect(await send(elsewhere, [theirs(elsewhere.deviceId, { id: record.id, revision: 3 })])).toEqual([idInUse(record.id)]);
    expect(await snapshot(server.db, record.id)).toEqual(elsewhereBefore);
    // The same organisation's new tablet takes it over, and from then on it is that tablet's alone.
    expect(await send(again, [moved])).toEqual([{ id: record.id, status: 'accepted' }]);
    const [row] = await server.db.query<{ device_id: string; duration_minutes: number }>('SELECT device_id::text AS device_id, duration_minutes FROM registrations WHERE id = $1', [record.id]);
    expect(row).toEqual({ device_id: again.deviceId.toLowerCase(), duration_minutes: 25 });
    expect(await send(colleague, [{ ...moved, deviceId: colleague.deviceId, revision: 4 }])).toEqual([idInUse(record.id)]);
  });

  it('answers every foreign id in one batch with the same body, beside the records it does store', async () => {
    const [a, b] = [await storeOurs(), await storeOurs()];
    const own = theirs(elsewhere.deviceId, {});
    const results = await send(elsewhere, [theirs(elsewhere.deviceId, { id: a.id, revision: 1 }), own, theirs(elsewhere.deviceId, { id: b.id, revision: 99, deleted: true })]);
    expect(results).toEqual([idInUse(a.id), { id: own.id, status: 'accepted' }, idInUse(b.id)]);
    expect(JSON.stringify(results)).not.toMatch(/revision|version|hash|organis/i);
  });

  it('imports an emergency export as the tablet in the file: its own records go in, another tablet\'s id is refused', async () => {
    const victim = await storeOurs();
    const fresh = registration(ours.deviceId);
    const own = await importEmergencyExport(server.db, { exportedAt: '', deviceId: ours.deviceId, organisationId: ORGANISATION.id, records: [{ ...victim, revision: 4 }, fresh] });
    expect(own.counts).toEqual({ accepted: 2, duplicate: 0, rejected: 0, conflict: 0 });
    const before = await snapshot(server.db, victim.id);
    const other = await importEmergencyExport(server.db, { exportedAt: '', deviceId: colleague.deviceId, organisationId: ORGANISATION.id, records: [{ ...victim, revision: 5 }] });
    expect(other.problems).toEqual([idInUse(victim.id)]);
    expect(await snapshot(server.db, victim.id)).toEqual(before);
  });

  it('lets exactly one of two organisations racing on the same new id store it; the other gets the neutral answer', async () => {
    const second = server.database.openAnother?.() ?? server.db;
    const [deviceA, deviceB] = [await findDevice(server.db, ours.deviceId), await findDevice(server.db, elsewhere.deviceId)];
    for (let round = 0; round < 6; round++) {
      const id = randomUUID();
      const before = await snapshot(server.db, id);
      const mine = registration(ours.deviceId, { id });
      const yours = theirs(elsewhere.deviceId, { id });
      const outcomes = await Promise.all([
        ingestBatch(server.db, { batchId: randomUUID(), device: deviceA!, records: [mine] }),
        ingestBatch(second, { batchId: randomUUID(), device: deviceB!, records: [yours] }),
      ]);
      const results = outcomes.map((outcome) => (outcome.kind === 'stored' ? outcome.response.results[0] : undefined));
      const winner = results.findIndex((result) => result?.status === 'accepted');
      expect(winner).not.toBe(-1);
      expect(results[1 - winner]).toEqual(idInUse(id));
      const [row] = await server.db.query<{ organisation_id: string; device_id: string }>('SELECT organisation_id::text, device_id::text FROM registrations WHERE id = $1', [id]);
      expect(row).toEqual(winner === 0
        ? { organisation_id: ORGANISATION.id, device_id: ours.deviceId }
        : { organisation_id: OTHER_ORGANISATION.id, device_id: elsewhere.deviceId });
      // The rollup counts the winner's one question once, and nothing for the loser.
      const after = await snapshot(server.db, id);
      expect(after.questions).toHaveLength(1);
      const loser = winner === 0 ? OTHER_ORGANISATION.id : ORGANISATION.id;
      const ofLoser = (rows: unknown[]) => rows.filter((r) => (r as { o: string }).o === loser);
      expect(ofLoser(after.rollup)).toEqual(ofLoser(before.rollup));
    }
  });

  it.runIf(kind === 'postgres')('never overwrites a row another organisation inserted while this batch waited on it (the upsert\'s own check)', async () => {
    const deviceA = (await findDevice(server.db, ours.deviceId))!;
    const id = randomUUID();
    const yours = theirs(elsewhere.deviceId, { id, revision: 1 });
    const mine = registration(ours.deviceId, { id, revision: 2 });
    // The other organisation's transaction inserts the id and stays open, while ours reads no stored row (not
    // committed yet) and then waits on the unique key in its upsert.
    const outcome = await whileWriteHeld(server.database.openAnother!(),
      (tx) => upsertRegistrations(tx, [{ record: yours, hash: contentHash(yours) }], randomUUID(), { organisationId: OTHER_ORGANISATION.id, deviceId: elsewhere.deviceId }).then(() => {}),
      () => ingestBatch(server.db, { batchId: randomUUID(), device: deviceA, records: [mine] }));
    expect(outcome.kind === 'stored' && outcome.response.results).toEqual([idInUse(id)]);
    const [row] = await server.db.query('SELECT organisation_id::text, revision FROM registrations WHERE id = $1', [id]);
    expect(row).toEqual({ organisation_id: OTHER_ORGANISATION.id, revision: 1 });
  });
});
