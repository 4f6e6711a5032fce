import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse, RecordResult } from '../../src/shared/api';
import type { GroupSessionSummary } from '../../src/shared/group-session-report';
import { createApiToken } from '../../src/server/api-tokens';
import { importEmergencyExport } from '../../src/server/ingest/emergency-export';
import { batch, groupSession, ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION, registration } from './fixtures';
import { getReport } from './reports-fixtures';
import { amsterdamDay } from '../../src/shared/time';
import { countRows, DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';

describe.each(DATABASE_KINDS)('group sessions through POST /batches and the reports, on %s', (kind) => {
  const server = useTestServer(kind);
  let ours: EnrollResponse;
  let colleague: EnrollResponse;
  let elsewhere: EnrollResponse;
  let national = '';
  let coordinator = '';
  let otherCoordinator = '';

  beforeAll(async () => {
    ours = await enrollTablet(server);
    colleague = await enrollTablet(server);
    elsewhere = await enrollTablet(server, OTHER_ORGANISATION.id);
    national = await createApiToken(server.db, 'national', null);
    coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    otherCoordinator = await createApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id);
  });

  const send = async (tablet: EnrollResponse, records: unknown[], batchId = randomUUID()): Promise<{ results: RecordResult[]; body: string }> => {
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, records, { batchId }));
    expect(response.statusCode, response.body).toBe(200);
    return { results: (response.json() as BatchResponse).results, body: response.body };
  };

  it('stores a group session once beside a registration in one batch, answers in the order sent, and a resent batch gets the same bytes', async () => {
    const session = groupSession(ours.deviceId, { partnerOrganisation: 'seniorweb', note: 'Avond over DigiD', topics: ['digid', 'toeslagen'] });
    const contact = registration(ours.deviceId);
    const batchId = randomUUID();
    const first = await send(ours, [session, contact], batchId);
    expect(first.results).toEqual([{ id: session.id, status: 'accepted' }, { id: contact.id, status: 'accepted' }]);
    const again = await send(ours, [session, contact], batchId);
    expect(again.body).toBe(first.body);
    expect(await countRows(server.db, 'group_sessions', 'id = $1', [session.id])).toBe(1);
    expect(await countRows(server.db, 'registrations', 'id = $1', [contact.id])).toBe(1);
    const [row] = await server.db.query<{ attendees: number; topics: string[]; kind: string; day: string }>(
      "SELECT attendees, topics, kind, to_char(session_date, 'YYYY-MM-DD') AS day FROM group_sessions WHERE id = $1", [session.id]);
    expect(row).toEqual({ attendees: 12, topics: ['digid', 'toeslagen'], kind: 'voorlichting', day: '2025-11-24' });
  });

  it('answers the same session in a new batch duplicate, a higher revision accepted, other content at the same revision a conflict', async () => {
    const session = groupSession(ours.deviceId);
    expect((await send(ours, [session])).results[0].status).toBe('accepted');
    expect((await send(ours, [session])).results[0].status).toBe('duplicate');
    expect((await send(ours, [{ ...session, attendees: 30 }])).results[0]).toMatchObject({ status: 'conflict', code: 'revision_conflict' });
    expect((await send(ours, [{ ...session, attendees: 30, revision: 2 }])).results[0].status).toBe('accepted');
    const [row] = await server.db.query<{ attendees: number; revision: number }>('SELECT attendees, revision FROM group_sessions WHERE id = $1', [session.id]);
    expect(row).toEqual({ attendees: 30, revision: 2 });
    expect(await countRows(server.db, 'group_sessions', 'id = $1', [session.id])).toBe(1);
  });

  it('stores a session once when two batches carry it at the same time, and answers the other against what the first stored', async () => {
    const session = groupSession(ours.deviceId, { attendees: 21 });
    const [a, b] = await Promise.all([send(ours, [session]), send(ours, [session])]);
    expect([a.results[0].status, b.results[0].status].sort()).toEqual(['accepted', 'duplicate']);
    const theirs = groupSession(elsewhere.deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id });
    const mine = { ...theirs, deviceId: ours.deviceId, organisationId: ORGANISATION.id, locationId: 'test-centrum' };
    const [x, y] = await Promise.all([send(elsewhere, [theirs]), send(ours, [mine])]);
    expect([x.results[0], y.results[0]].map((r) => r.status === 'accepted' ? 'accepted' : r.code).sort()).toEqual(['accepted', 'id_in_use']);
    expect(await countRows(server.db, 'group_sessions', 'id = $1', [theirs.id])).toBe(1);
  });

  it('takes group sessions from a tablet\'s emergency export once (admin import-file): a second import says duplicate', async () => {
    const session = groupSession(ours.deviceId, { attendees: 33 });
    const file = { exportedAt: '', deviceId: ours.deviceId, organisationId: ORGANISATION.id, records: [registration(ours.deviceId), session] };
    expect((await importEmergencyExport(server.db, file)).counts).toEqual({ accepted: 2, duplicate: 0, rejected: 0, conflict: 0 });
    expect((await importEmergencyExport(server.db, file)).counts).toEqual({ accepted: 0, duplicate: 2, rejected: 0, conflict: 0 });
    expect(await countRows(server.db, 'group_sessions', 'id = $1 AND attendees = 33', [session.id])).toBe(1);
  });

  it('counts an emoji in the note as one character, as the tablet does: 140 kept whole, 141 refused with the count', async () => {
    const atLimit = groupSession(ours.deviceId, { note: '😀'.repeat(140) });
    const over = groupSession(ours.deviceId, { note: '😀'.repeat(141) });
    const { results } = await send(ours, [atLimit, over]);
    expect(results[0]).toEqual({ id: atLimit.id, status: 'accepted' });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'too_long', field: 'note', message: 'Gebruik hoogstens 140 tekens. Nu zijn het er 141.' });
    const rows = await server.db.query<{ n: number }>('SELECT char_length(note)::int AS n FROM group_sessions WHERE id = $1', [atLimit.id]);
    expect(rows).toEqual([{ n: 140 }]);
  });

  it('refuses bad sessions per record and stores none of them', async () => {
    const bad = [
      groupSession(ours.deviceId, { attendees: 0 }),
      groupSession(ours.deviceId, { attendees: 501 }),
      groupSession(ours.deviceId, { attendees: 2.5 }),
      groupSession(ours.deviceId, { attendees: 'tien' as unknown as number }),
      groupSession(ours.deviceId, { topics: ['astrologie'] }),
      groupSession(ours.deviceId, { note: 'Mevrouw belt terug op 06-12345678' }),
      groupSession(ours.deviceId, { locationId: OTHER_LOCATION.id }),
      groupSession(ours.deviceId, { organisationId: OTHER_ORGANISATION.id }),
      groupSession(ours.deviceId, { date: '2999-01-01' }),
      { ...groupSession(ours.deviceId), names: ['Jan'] },
    ];
    const { results, body } = await send(ours, bad);
    expect(results.map((r) => `${r.status} ${r.field} ${r.code}`)).toEqual([
      'rejected attendees out_of_range', 'rejected attendees out_of_range', 'rejected attendees out_of_range', 'rejected attendees out_of_range',
      'rejected topics invalid_code', 'rejected note personal_data', 'rejected locationId unknown_location',
      'rejected organisationId wrong_organisation', 'rejected date in_future', 'rejected names unknown_field',
    ]);
    expect(body).not.toContain('12345678');
    expect(await countRows(server.db, 'group_sessions', "id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)", [JSON.stringify(bad.map((b) => b.id))])).toBe(0);
  });

  it('takes a session dated tomorrow in Amsterdam, from a tablet whose clock runs a little ahead near midnight, but not the day after', async () => {
    // A registration's start may be up to 24 hours ahead of the server; a session's date had no slack at all, so a
    // session saved at the tablet's 00:02 while the server's clock said 23:58 was refused 'in_future' and waited in
    // 'attention'. The tablet's own form still offers nothing after its today.
    const day = (offsetDays: number) => amsterdamDay(new Date(Date.now() + offsetDays * 24 * 3_600_000));
    const tomorrow = groupSession(ours.deviceId, { date: day(1) });
    const later = groupSession(ours.deviceId, { date: day(2) });
    const { results } = await send(ours, [tomorrow, later]);
    expect(results.map((r) => `${r.status} ${r.code ?? ''}`)).toEqual(['accepted ', 'rejected in_future']);
  });

  it("answers another organisation's or tablet's id, and a registration's id, with the neutral id_in_use and changes nothing", async () => {
    const session = groupSession(ours.deviceId, { attendees: 7 });
    await send(ours, [session]);
    const theirs = groupSession(elsewhere.deviceId, { id: session.id, organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id, revision: 5, attendees: 99 });
    expect((await send(elsewhere, [theirs])).results[0]).toMatchObject({ status: 'rejected', code: 'id_in_use', field: 'id' });
    expect((await send(colleague, [{ ...session, deviceId: colleague.deviceId, revision: 3 }])).results[0]).toMatchObject({ status: 'rejected', code: 'id_in_use' });
    const contact = registration(ours.deviceId);
    await send(ours, [contact]);
    expect((await send(ours, [groupSession(ours.deviceId, { id: contact.id })])).results[0]).toMatchObject({ status: 'rejected', code: 'id_in_use' });
    expect((await send(ours, [registration(ours.deviceId, { id: session.id })])).results[0]).toMatchObject({ status: 'rejected', code: 'id_in_use' });
    const [row] = await server.db.query<{ attendees: number; revision: number }>('SELECT attendees, revision FROM group_sessions WHERE id = $1', [session.id]);
    expect(row).toEqual({ attendees: 7, revision: 1 });
  });

  it('counts live sessions and attendees in the summary and the CSV, within the viewer\'s organisation', async () => {
    const day = '2024-03-05';
    const mine = [
      groupSession(ours.deviceId, { date: day, kind: 'cursus', attendees: 10, durationMinutes: 60, fromRisingTopic: true }),
      groupSession(ours.deviceId, { date: day, kind: 'voorlichting', attendees: 5, durationMinutes: 30, note: '=HYPERLINK("x")' }),
    ];
    const gone = groupSession(ours.deviceId, { date: day, attendees: 100 });
    await send(ours, [...mine, gone]);
    await send(ours, [{ ...gone, revision: 2, deleted: true }]);
    await send(elsewhere, [groupSession(elsewhere.deviceId, { date: day, organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id, attendees: 40 })]);

    const summary = async (token: string, query = `from=${day}&to=${day}`) => {
      const response = await getReport(server, `/api/v1/group-sessions/summary?${query}`, token);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as GroupSessionSummary;
    };
    expect((await summary(coordinator)).totals).toEqual({ sessions: 2, attendees: 15, minutes: 90, fromRisingTopic: 1 });
    expect((await summary(ours.token)).byKind.find((k) => k.kind === 'cursus')).toEqual({ kind: 'cursus', label: 'Cursus', sessions: 1, attendees: 10 });
    expect((await summary(otherCoordinator)).totals).toMatchObject({ sessions: 1, attendees: 40 });
    expect((await summary(national, `from=${day}&to=${day}&includeDemo=true`)).totals).toMatchObject({ sessions: 3, attendees: 55 });

    const csv = await getReport(server, `/api/v1/group-sessions.csv?from=${day}&to=${day}`, coordinator);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Deelnemers');
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).not.toContain(OTHER_LOCATION.id);

    const forbidden = await getReport(server, `/api/v1/group-sessions.csv?organisation=${OTHER_ORGANISATION.id}`, coordinator);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: 'forbidden' });
    expect((await getReport(server, '/api/v1/group-sessions.csv', undefined)).statusCode).toBe(401);
    expect((await getReport(server, '/api/v1/group-sessions/summary?groupBy=topic', coordinator)).json()).toMatchObject({ error: 'invalid_request' });
  });
});
