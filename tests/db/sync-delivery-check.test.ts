import { afterEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { deleteGroupSession, saveNewGroupSession } from '../../src/db/group-sessions';
import { deleteRegistration, saveRegistration } from '../../src/db/registrations';
import { revokeDevice } from '../../src/server/devices';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';
import { rebuildReportRollup } from '../../src/server/reports/rollup';
import { DELIVERY_CHECK_KEY } from '../../src/sync/delivery-check';
import { syncAll } from '../../src/sync/kaart-sync';
import { readStoredStatus } from '../../src/sync/status';
import { fetchTransport } from '../../src/sync/transport';
import '../server/server-secret'; // the server's codes and tokens need its secret
import { useRealServer } from './real-server';
import { makeGroupSession, makeRegistration } from './fixtures';

/*
 * A restore from a backup, simulated against the real server (PGlite in memory): the tablet delivered
 * registrations, the server lost some of them (its rows deleted, as going back to an older backup does),
 * and the tablet's daily delivery check finds them and sends them again. Purge waits for that proof.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const server = useRealServer();
const requests: string[] = [];
/** the tablet's view of the server; `failCheck` makes the check's requests fail as a dropped network would */
let failCheck = false;
const transport = () => fetchTransport(server.url, (input, init) => {
  const path = new URL(String(input)).pathname;
  requests.push(path);
  if (failCheck && /\/registrations\/check(-days)?$/.test(path)) return Promise.reject(new TypeError('Failed to fetch'));
  return fetch(input, init);
});
/** check runs (each starts with the day check), and per-id requests (only for a day that differs) */
const checks = () => requests.filter((path) => path.endsWith('/registrations/check-days')).length;
const idChecks = () => requests.filter((path) => path.endsWith('/registrations/check')).length;

afterEach(() => {
  failCheck = false;
});

const tablet = () => server.tabletWithDevice('delivery-check');

/** Registrations made on the tablet, started `daysAgo` days before now (the server refuses future ones). */
async function register(db: IdoDb, deviceId: string, count: number, daysAgo: number): Promise<string[]> {
  const startedAt = new Date(Date.now() - daysAgo * DAY).toISOString().replace('Z', '+00:00');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await saveRegistration(db, makeRegistration({ deviceId, startedAt }))).id);
  return ids;
}

/** What a restore from an older backup does to these registrations: the server no longer has them (nor their questions or counts). */
async function loseOnServer(ids: string[]): Promise<void> {
  await server.db.query('DELETE FROM registrations WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)', [JSON.stringify(ids)]);
  await rebuildReportRollup(server.db);
}

async function onServer(ids: string[]): Promise<number> {
  const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)', [JSON.stringify(ids)]);
  return row.n;
}

const sync = (db: IdoDb, at: number) => syncAll(db, { transport: transport(), locks: null, now: () => new Date(at) });

describe('after the server was restored from an older backup', () => {
  it('finds the registrations the server lost, sends them again once, and ends with every one stored once', async () => {
    const { db, device } = await tablet();
    const ids = await register(db, device.deviceId, 30, 1);
    const t0 = Date.now();

    // Delivered, and the first check (none was ever made) finds all 30 held: their day is the same, no ids are sent.
    const idChecksBefore = idChecks();
    expect(await sync(db, t0)).toMatchObject({ outcome: 'done', sent: 30 });
    expect(checks()).toBe(1);
    expect(idChecks()).toBe(idChecksBefore);
    expect(await onServer(ids)).toBe(30);
    expect((await db.registrations.toArray()).every((r) => r.syncState === 'sent' && r.heldRevision === r.revision)).toBe(true);

    // The restore: the server's rows for 10 of them are gone. The tablet still has them as sent.
    const lost = ids.slice(5, 15);
    await loseOnServer(lost);
    expect(await onServer(ids)).toBe(20);

    // Within 24 hours of the last check no new check is made.
    expect(await sync(db, t0 + HOUR)).toMatchObject({ outcome: 'done', sent: 0 });
    expect(checks()).toBe(1);

    // The next day's check: the day differs, its 30 ids are asked once, the 10 go back to pending, are sent again in a normal batch and stored.
    const batchesBefore = requests.filter((path) => path.endsWith('/batches')).length;
    expect(await sync(db, t0 + 25 * HOUR)).toMatchObject({ outcome: 'done', sent: 10, resent: 10 });
    expect(checks()).toBe(2);
    expect(idChecks()).toBe(idChecksBefore + 1);
    expect(requests.filter((path) => path.endsWith('/batches')).length).toBe(batchesBefore + 1);
    expect(await onServer(ids)).toBe(30);
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE device_id = $1', [device.deviceId]);
    expect(n).toBe(30);
    for (const id of lost) expect(await db.registrations.get(id)).toMatchObject({ syncState: 'sent', revision: 1 });

    // Counted once: the report rollup kept by the ingest equals one computed afresh from the stored rows.
    const rollup = () => server.db.query('SELECT dimension, period_start::text, organisation_id::text, location_id, value, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5');
    // Read as a report reads it: with what is still pending folded first (the background fold comes a moment later).
    await rollupsCurrent(server.db);
    const kept = await rollup();
    await rebuildReportRollup(server.db);
    expect(kept).toEqual(await rollup());

    // The check after that finds the day the same again, and nothing goes again.
    expect(await sync(db, t0 + 50 * HOUR)).toMatchObject({ outcome: 'done', sent: 0 });
    expect(checks()).toBe(3);
    expect(idChecks()).toBe(idChecksBefore + 1);
    expect((await db.registrations.toArray()).every((r) => r.syncState === 'sent' && r.heldRevision === r.revision)).toBe(true);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toEqual({ key: DELIVERY_CHECK_KEY, value: new Date(t0 + 50 * HOUR).toISOString() });
  });

  it('never purges a sent registration before a check found it held: the ones the server lost are sent again instead', async () => {
    const { db, device } = await tablet();
    const ids = await register(db, device.deviceId, 5, 40); // older than the 30 days sent ones are kept
    const t0 = Date.now();

    // Delivered, but the check gets no answer: nothing is proven, so the purge keeps all five.
    failCheck = true;
    expect(await sync(db, t0)).toMatchObject({ outcome: 'done', sent: 5 });
    expect(await db.registrations.count()).toBe(5);
    expect((await db.registrations.toArray()).every((r) => r.syncState === 'sent' && r.heldRevision === undefined)).toBe(true);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toBeUndefined();

    // A restore loses two before any check got through.
    const lost = ids.slice(0, 2);
    await loseOnServer(lost);

    // The next run checks again (the failed one does not count): two are sent again, three are proven held.
    failCheck = false;
    expect(await sync(db, t0 + 60_000)).toMatchObject({ outcome: 'done', sent: 2, resent: 2 });
    expect(await onServer(ids)).toBe(5);
    expect(await db.registrations.count()).toBe(5); // the proof is fresh: a backup from before it would lack them

    // The next day's check proves the two resent ones too.
    expect(await sync(db, t0 + 25 * HOUR)).toMatchObject({ outcome: 'done', sent: 0 });
    expect((await db.registrations.toArray()).every((r) => r.heldRevision === r.revision)).toBe(true);

    // 30 days after its proof a record goes: first the three, a day later the two.
    expect(await sync(db, t0 + 31 * DAY)).toMatchObject({ outcome: 'done', sent: 0 });
    expect((await db.registrations.toArray()).map((r) => r.id).sort()).toEqual([...lost].sort());
    expect(await sync(db, t0 + 32 * DAY)).toMatchObject({ outcome: 'done', sent: 0 });
    expect(await db.registrations.count()).toBe(0);
    expect(await onServer(ids)).toBe(5);
  });

  it('sends a delete again that the restored server lost: the record does not come back to life in the figures', async () => {
    const { db, device } = await tablet();
    const [id] = await register(db, device.deviceId, 1, 2);
    const t0 = Date.now();
    expect(await sync(db, t0)).toMatchObject({ outcome: 'done', sent: 1 });
    // the backup: the record as it was, live at revision 1, with its questions
    const [backup] = await server.db.query<{ row: string }>('SELECT to_jsonb(r)::text AS row FROM registrations r WHERE id = $1', [id]);
    const questions = await server.db.query<{ q: string }>('SELECT to_jsonb(q)::text AS q FROM questions q WHERE registration_id = $1', [id]);

    await deleteRegistration(db, id);
    expect(await sync(db, t0 + HOUR)).toMatchObject({ outcome: 'done', sent: 1 });
    const live = async () => (await server.db.query<{ deleted: boolean; revision: number }>('SELECT deleted, revision FROM registrations WHERE id = $1', [id]))[0];
    expect(await live()).toEqual({ deleted: true, revision: 2 });

    // The restore brings back the live record.
    await server.db.query('DELETE FROM registrations WHERE id = $1', [id]);
    await server.db.query('INSERT INTO registrations SELECT * FROM jsonb_populate_record(NULL::registrations, $1::text::jsonb)', [backup.row]);
    for (const { q } of questions) await server.db.query('INSERT INTO questions SELECT * FROM jsonb_populate_record(NULL::questions, $1::text::jsonb)', [q]);
    await rebuildReportRollup(server.db);
    expect(await live()).toEqual({ deleted: false, revision: 1 });

    expect(await sync(db, t0 + 25 * HOUR)).toMatchObject({ outcome: 'done', sent: 1, resent: 1 });
    expect(await live()).toEqual({ deleted: true, revision: 2 });
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM questions WHERE registration_id = $1', [id]);
    expect(n).toBe(0);
  });

  it('pauses a tablet the coordinator revoked, as a batch would, and keeps its registrations', async () => {
    const { db, device } = await tablet();
    await register(db, device.deviceId, 3, 40);
    failCheck = true;
    expect(await sync(db, Date.now())).toMatchObject({ outcome: 'done', sent: 3 });
    failCheck = false;
    expect(await revokeDevice(server.db, device.deviceId)).toBe(true);

    expect(await sync(db, Date.now() + 60_000)).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'revoked' });
    expect(await db.registrations.where('syncState').equals('sent').count()).toBe(3);
  });

  it('checks group sessions too: one the server lost goes again once, a deleted session\'s tombstone too, and a day of both is proven whole', async () => {
    const { db, device } = await tablet();
    const day = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    await register(db, device.deviceId, 2, 2);
    const kept = (await saveNewGroupSession(db, makeGroupSession(device, { date: day }))).stored.id;
    const lost = (await saveNewGroupSession(db, makeGroupSession(device, { date: day, attendees: 7 }))).stored.id;
    const removed = (await saveNewGroupSession(db, makeGroupSession(device, { date: day, kind: 'cursus' }))).stored.id;
    const t0 = Date.now();
    expect(await sync(db, t0)).toMatchObject({ outcome: 'done', sent: 5 });
    const idChecksBefore = idChecks();
    await deleteGroupSession(db, removed, new Date(t0 + HOUR));
    expect(await sync(db, t0 + HOUR)).toMatchObject({ outcome: 'done', sent: 1 });
    expect(idChecks()).toBe(idChecksBefore); // registrations and sessions of one day: one digest, the same
    expect((await db.groupSessions.toArray()).every((s) => s.syncState === 'sent')).toBe(true);
    const sessionsOnServer = () => server.db.query<{ id: string; revision: number; deleted: boolean }>(
      'SELECT id::text AS id, revision, deleted FROM group_sessions WHERE id IN ($1::uuid, $2::uuid, $3::uuid) ORDER BY id', [kept, lost, removed]);
    const before = await sessionsOnServer();

    // The restore: one session gone, the deleted one back alive at revision 1.
    await server.db.query('DELETE FROM group_sessions WHERE id = $1', [lost]);
    await server.db.query('UPDATE group_sessions SET deleted = false, revision = 1 WHERE id = $1', [removed]);
    expect(await sync(db, t0 + 25 * HOUR)).toMatchObject({ outcome: 'done', sent: 2, resent: 2 });
    expect(await sessionsOnServer()).toEqual(before);
    const stored = await db.groupSessions.toArray();
    expect(stored.every((s) => s.syncState === 'sent')).toBe(true);
    // the next day's check proves them (the day the same again): nothing more is sent
    expect(await sync(db, t0 + 50 * HOUR)).toMatchObject({ outcome: 'done', sent: 0 });
    expect((await db.groupSessions.toArray()).every((s) => s.heldRevision === s.revision && s.heldAt !== undefined)).toBe(true);
  });
});
