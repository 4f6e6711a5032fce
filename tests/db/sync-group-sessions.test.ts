import { describe, expect, it } from 'vitest';
import { deleteGroupSession, groupSessionsBetween, saveEditedGroupSession, saveNewGroupSession } from '../../src/db/group-sessions';
import { saveRegistration } from '../../src/db/registrations';
import type { EnrolledDevice } from '../../src/db/types';
import { computeGroupOverview } from '../../src/features/reports/group-overview';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID } from '../../src/server/organisations/demo';
import { enrollDevice, unenrollDevice } from '../../src/sync/enroll';
import { buildEmergencyExport } from '../../src/sync/export';
import { drainOutbox } from '../../src/sync/outbox';
import { readSyncStatus } from '../../src/sync/status';
import { fetchTransport } from '../../src/sync/transport';
import '../server/server-secret'; // the server's codes and tokens need its secret
import { useRealServer } from './real-server';
import { makeGroupSession, makeRegistration } from './fixtures';

/*
 * A group session goes from the tablet's own table through the same outbox as a registration to the real
 * server (PGlite in memory), and is stored there exactly once: offline first, then an answer lost on the way.
 */

const server = useRealServer();
const tablet = () => server.tabletWithDevice('group-sessions');

const session = makeGroupSession;

const offline = () => fetchTransport(server.url, () => Promise.reject(new TypeError('Failed to fetch')));
const online = () => fetchTransport(server.url, fetch);
/** The server stores the batch, but its answer never reaches the tablet. */
const answerLost = () => fetchTransport(server.url, async (input, init) => {
  await fetch(input, init);
  throw new TypeError('network changed');
});
const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);
const rowsOnServer = async (id: string) => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM group_sessions WHERE id = $1', [id]))[0].n;

describe('group sessions through the outbox to the real server', () => {
  it('keeps a session saved offline, and sends it once with the contacts when the network is back, even when an answer is lost', async () => {
    const { db, device } = await tablet();
    const group = session(device);
    await saveNewGroupSession(db, group);
    await saveRegistration(db, makeRegistration({ deviceId: device.deviceId, organisationId: device.organisationId }));

    expect(await drainOutbox(db, { transport: offline(), locks: null })).toMatchObject({ outcome: 'waiting', left: 2 });
    expect((await db.groupSessions.get(group.id))?.syncState).toBe('pending');
    expect(await rowsOnServer(group.id)).toBe(0);
    // counted as waiting in the status bar, and carried by the emergency export
    expect(await readSyncStatus(db)).toMatchObject({ pending: 2 });
    expect((await buildEmergencyExport(db)).records.map((r) => r.id)).toContain(group.id);

    expect(await drainOutbox(db, { transport: answerLost(), locks: null, now: later(60) })).toMatchObject({ outcome: 'waiting' });
    expect(await rowsOnServer(group.id)).toBe(1);
    expect((await db.groupSessions.get(group.id))?.syncState).toBe('pending');

    expect(await drainOutbox(db, { transport: online(), locks: null, now: later(120) })).toMatchObject({ outcome: 'done', sent: 2 });
    expect(await db.groupSessions.get(group.id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
    expect(await rowsOnServer(group.id)).toBe(1);
    const [row] = await server.db.query<{ attendees: number; revision: number }>('SELECT attendees, revision FROM group_sessions WHERE id = $1', [group.id]);
    expect(row).toEqual({ attendees: 18, revision: 1 });
    expect(await drainOutbox(db, { transport: online(), locks: null, now: later(180) })).toMatchObject({ outcome: 'done', sent: 0 });
  });

  it('keeps a session the server refuses, with its Dutch reason, and does not send it again by itself', async () => {
    const { db, device } = await tablet();
    // Past the form's own check (an older app, a hand-made record): the server checks again.
    const refused = session(device, { note: 'Mevrouw terugbellen op 06-12345678' });
    await saveNewGroupSession(db, refused);
    expect(await drainOutbox(db, { transport: online(), locks: null })).toMatchObject({ outcome: 'done', sent: 0 });
    const stored = await db.groupSessions.get(refused.id);
    expect(stored).toMatchObject({ syncState: 'attention', problem: { code: 'personal_data', field: 'note' } });
    expect(stored?.problem?.message).toContain('telefoonnummer');
    expect(await rowsOnServer(refused.id)).toBe(0);
  });

  it('sends an edit of a sent session as a new revision once, fixes a refused one, and never overwrites a newer change or a delete', async () => {
    const { db, device } = await tablet();
    const counted = session(device, { attendees: 12 });
    await saveNewGroupSession(db, counted);
    // edited before it was ever sent: the same revision, one record on the server
    expect(await saveEditedGroupSession(db, { ...counted, attendees: 13 }, 1)).toMatchObject({ outcome: 'saved', stored: { revision: 1 } });
    await drainOutbox(db, { transport: online(), locks: null });
    // edited after it was sent: revision 2, the server's row replaced
    expect(await saveEditedGroupSession(db, { ...counted, attendees: 15 }, 1)).toMatchObject({ outcome: 'saved', stored: { revision: 2, syncState: 'pending', sentRevision: 1 } });
    expect(await drainOutbox(db, { transport: online(), locks: null, now: later(1) })).toMatchObject({ outcome: 'done', sent: 1 });
    const row = async (id: string) => (await server.db.query<{ attendees: number; revision: number }>('SELECT attendees, revision FROM group_sessions WHERE id = $1', [id]))[0];
    expect(await row(counted.id)).toEqual({ attendees: 15, revision: 2 });
    expect(await rowsOnServer(counted.id)).toBe(1);
    // an edit that began from revision 1 does not overwrite revision 2
    expect(await saveEditedGroupSession(db, { ...counted, attendees: 99 }, 1)).toEqual({ outcome: 'changed' });

    // a refused one, fixed in the form: a new revision, accepted
    const refused = session(device, { note: 'Mevrouw terugbellen op 06-12345678' });
    await saveNewGroupSession(db, refused);
    await drainOutbox(db, { transport: online(), locks: null, now: later(2) });
    expect(await db.groupSessions.get(refused.id)).toMatchObject({ syncState: 'attention' });
    const fixed = await saveEditedGroupSession(db, { ...refused, note: 'Vragen over DigiD-app' }, 1);
    expect(fixed).toMatchObject({ outcome: 'saved', stored: { revision: 2, syncState: 'pending' } });
    expect((fixed as { stored: { problem?: unknown } }).stored.problem).toBeUndefined();
    expect(await drainOutbox(db, { transport: online(), locks: null, now: later(3) })).toMatchObject({ outcome: 'done', sent: 1 });
    expect(await row(refused.id)).toEqual({ attendees: 18, revision: 2 });

    await deleteGroupSession(db, counted.id);
    expect(await saveEditedGroupSession(db, { ...counted, attendees: 20 }, 3)).toEqual({ outcome: 'gone' });
    expect(await saveEditedGroupSession(db, session(device), 1)).toEqual({ outcome: 'gone' });
  });

  it('sends a delete of a sent session as a tombstone, so it leaves the overview on the tablet and the server', async () => {
    const { db, device } = await tablet();
    const kept = session(device, { attendees: 10, kind: 'cursus' });
    const removed = session(device, { attendees: 7 });
    await saveNewGroupSession(db, kept);
    await saveNewGroupSession(db, removed);
    await drainOutbox(db, { transport: online(), locks: null });
    expect(computeGroupOverview(await groupSessionsBetween(db, '2026-11-24', '2026-11-24'))).toMatchObject({ sessions: 2, attendees: 17 });

    await deleteGroupSession(db, removed.id);
    const overview = computeGroupOverview(await groupSessionsBetween(db, '2026-11-01', '2026-11-30'));
    expect(overview).toMatchObject({ sessions: 1, attendees: 10, minutes: 120, fromRisingTopic: 1 });
    expect(overview.byKind.find((k) => k.kind === 'cursus')).toMatchObject({ sessions: 1, attendees: 10 });
    await drainOutbox(db, { transport: online(), locks: null, now: later(1) });
    const [row] = await server.db.query<{ deleted: boolean; revision: number }>('SELECT deleted, revision FROM group_sessions WHERE id = $1', [removed.id]);
    expect(row).toEqual({ deleted: true, revision: 2 });
  });

  it('moves a session made before enrollment (on the demo data) to the enrolled tablet, sends it, and keeps ontkoppelen back while one is unsent', async () => {
    const db = server.newTabletDb('group-sessions');
    const demoDevice = { deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: DEMO_ORGANISATION_ID } as EnrolledDevice;
    const early = session(demoDevice, { attendees: 9 });
    await saveNewGroupSession(db, early);
    const code = await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID, 7, 'medewerker');
    expect(await enrollDevice(db, online(), code, 'Tablet')).toMatchObject({ ok: true });
    const device = (await db.settings.get('device'))!.value as EnrolledDevice;
    expect(await db.groupSessions.get(early.id)).toMatchObject({ deviceId: device.deviceId, syncState: 'pending' });

    expect(await unenrollDevice(db)).toMatchObject({ ok: false, error: 'unsent', unsent: 1 });
    expect(await drainOutbox(db, { transport: online(), locks: null })).toMatchObject({ outcome: 'done', sent: 1 });
    expect(await rowsOnServer(early.id)).toBe(1);
    expect(await unenrollDevice(db)).toEqual({ ok: true });
    expect(await db.groupSessions.count()).toBe(0);
  });
});
