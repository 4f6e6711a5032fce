import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import type { Database } from '../../src/server/db/database';
import { contentHash } from '../../src/server/ingest/canonical-json';
import { insertQuestions, upsertRegistrations } from '../../src/server/ingest/registration-store';
import { contributionOf } from '../../src/server/reports/contribution';
import { appendRollupDeltas, FOLD_LOCK, foldRollups, rollupsCurrent, settleFolds } from '../../src/server/reports/pending-rollups';
import { batch, ORGANISATION, question, registration } from './fixtures';
import { getReport, hourSumRollupsAndRecount, type ReportTokens, seedReportData, stats } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';

/*
 * A batch appends its rollup deltas to the pending tables and is answered; a fold adds them to the rollups after
 * the answer, and before any report reads them (src/server/reports/pending-rollups.ts).
 */

const REPORT_KEY = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value';
const ORG_KEY = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, value';
const HOUR_KEY = 'location_id, day::text AS day, hour, scenario, organisation_id::text AS organisation_id';

/** Pending rows per table. */
async function pendingRows(db: Database): Promise<{ report: number; hours: number }> {
  const [row] = await db.query<{ report: number; hours: number }>(
    'SELECT (SELECT count(*)::int FROM report_rollup_pending) AS report, (SELECT count(*)::int FROM report_hour_rollup_pending) AS hours');
  return row;
}

/** The rollups as stored, against a recount from the question rows. */
async function storedAndRecounted(db: Database) {
  const [report, reportRecount, hours, hoursRecount, heat, heatRecount, org, orgRecount, orgHours] = await Promise.all([
    db.query(`SELECT ${REPORT_KEY}, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${REPORT_KEY}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${HOUR_KEY}, contacts, questions, solved, referred FROM report_hour_rollup ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${HOUR_KEY}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions, (count(*) FILTER (WHERE solved))::int AS solved,
      (count(*) FILTER (WHERE referred))::int AS referred FROM report_hour_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    db.query('SELECT location_id, month::text AS month, weekday::int AS weekday, hour::int AS hour, contacts, questions FROM report_heat_rollup ORDER BY 1, 2, 3, 4'),
    db.query(`SELECT location_id, date_trunc('month', day::timestamp)::date::text AS month, extract(isodow FROM day)::int AS weekday, hour::int AS hour,
        count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_hour_facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
    db.query(`SELECT ${ORG_KEY}, contacts, questions FROM report_org_rollup ORDER BY 1, 2, 3, 4`),
    db.query(`SELECT ${ORG_KEY}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
    hourSumRollupsAndRecount(db),
  ]);
  return {
    stored: { report, hours, heat, org, ...orgHours.stored },
    recounted: { report: reportRecount, hours: hoursRecount, heat: heatRecount, org: orgRecount, ...orgHours.recounted },
  };
}

/**
 * Stores registrations as a batch does, and stops where a server killed after the answer stops: the deltas are
 * committed in the pending tables and no fold ran.
 */
async function storeWithoutFold(db: Database, records: Registration[], owner: { organisationId: string; deviceId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertRegistrations(tx, records.map((record) => ({ record, hash: contentHash(record) })), randomUUID(), owner);
    await insertQuestions(tx, records);
    await appendRollupDeltas(tx, records.map((record) => record.id), 1);
  });
}

describe.each(DATABASE_KINDS)('pending rollup deltas on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  beforeAll(async () => {
    tokens = await seedReportData(server);
    tablet = await enrollTablet(server);
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
  });

  const contacts = async (query: string) => (await stats(server, tokens.national, query)).totals.contacts;
  const unfolded = (startedAt: string, topics: string[] = ['digid']) => registration(tablet.deviceId, { startedAt, questions: [question({ topics })] });
  const owner = () => ({ organisationId: ORGANISATION.id, deviceId: tablet.deviceId });

  it('of a batch, computed from its records, equal what the fact views count of their question rows', async () => {
    const times = [
      '2025-01-31T23:30:00+01:00', '2025-02-01T00:30:00+01:00', // a month's last and first day in Amsterdam, one UTC day
      '2025-03-30T01:30:00+01:00', '2025-03-30T03:30:00+02:00', // around the spring switch
      '2025-10-26T02:30:00+02:00', '2025-10-26T02:30:00+01:00', // the hour that comes twice
      '2025-12-31T23:30:00+01:00', '2026-01-01T00:30:00+01:00', // a year's end inside an ISO week
      '2025-06-29T23:59:59+02:00', '2025-09-01T00:00:00+02:00',
    ];
    const shapes = [
      [question()],
      [question({ topics: ['digid', 'toeslagen'], governmentOrganisations: ['belastingdienst', 'duo'], help: ['uitleg', 'doorverwezen'], referral: { kind: 'warm', consent: true }, resolved: 'deels' })],
      [question(), question({ topics: ['digid'], help: ['samen_gedaan', 'uitleg'], resolved: 'nee' }), question({ topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern' } })],
    ];
    const records = times.map((startedAt, i) => registration(tablet.deviceId, {
      startedAt, questions: shapes[i % shapes.length], locationId: ['test-centrum', 'test-wijk', 'test-rosmalen'][i % 3],
      scenario: ['spreekuur', 'lopend', 'popup'][i % 3], channel: ['fysiek', 'telefoon'][i % 2],
    }));
    await server.db.transaction(async (tx) => {
      await upsertRegistrations(tx, records.map((record) => ({ record, hash: contentHash(record) })), randomUUID(), owner());
      await insertQuestions(tx, records);
      await appendRollupDeltas(tx, records.map((record) => record.id), 1); // keeps the rollups whole for the tests after
    });
    const ids = records.map((record) => record.id);
    const byKey = (a: object, b: object) => JSON.stringify(Object.values(a)) < JSON.stringify(Object.values(b)) ? -1 : 1;
    const counted = await server.db.query(`SELECT dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value,
        count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions
      FROM report_question_facts WHERE registration_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4, 5`, [ids]);
    const countedHours = await server.db.query(`SELECT location_id, day::text AS day, hour::int AS hour, scenario, organisation_id::text AS organisation_id,
        count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions, (count(*) FILTER (WHERE solved))::int AS solved, (count(*) FILTER (WHERE referred))::int AS referred
      FROM report_hour_facts WHERE registration_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4, 5`, [ids]);
    const computed = contributionOf(records);
    expect([...computed.report].sort(byKey)).toEqual([...counted].sort(byKey));
    expect([...computed.hours].sort(byKey)).toEqual([...countedHours].sort(byKey));
    expect(computed.hours.length).toBe(times.length);
  });

  it('are folded in the background after a batch is answered, with no report asked', async () => {
    const records = [unfolded('2025-04-07T10:00:00+02:00'), unfolded('2025-04-08T11:00:00+02:00', ['toeslagen'])];
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, records));
    expect(response.statusCode, response.body).toBe(200);
    // Not settleFolds, which folds at once: the fold comes by itself, FOLD_DELAY_MS after the answer.
    await vi.waitFor(async () => expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 }), { timeout: 20_000, interval: 50 });
    const { stored, recounted } = await storedAndRecounted(server.db);
    expect(stored).toEqual(recounted);
  });

  it('left by a server stopped before its fold are counted by the next report, and then folded', async () => {
    const before = await contacts('from=2025-05-01&to=2025-05-31');
    await storeWithoutFold(server.db, [unfolded('2025-05-12T10:00:00+02:00'), unfolded('2025-05-13T15:00:00+02:00')], owner());
    expect((await pendingRows(server.db)).report).toBeGreaterThan(0);
    expect((await pendingRows(server.db)).hours).toBeGreaterThan(0);
    expect(await contacts('from=2025-05-01&to=2025-05-31')).toBe(before + 2);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
    const { stored, recounted } = await storedAndRecounted(server.db);
    expect(stored).toEqual(recounted);
  });

  // Every report that reads a rollup folds first: each route, asked with deltas pending.
  it.each([
    '/api/v1/stats?from=2025-01-01&to=2025-12-31&groupBy=topic',
    '/api/v1/stats.csv?from=2025-01-01&to=2025-12-31&groupBy=topic',
    '/api/v1/stats/rising?month=2025-06',
    '/api/v1/hours-effect?location=test-centrum',
    '/api/v1/busy-hours?from=2025-01-01&to=2025-12-31',
    '/api/v1/scenario-comparison?from=2025-01-01&to=2025-12-31',
    '/api/v1/reports/annual?year=2025&organisation=' + ORGANISATION.id,
  ])('are folded before %s reads', async (url) => {
    await storeWithoutFold(server.db, [unfolded('2025-06-02T10:00:00+02:00')], owner());
    expect((await pendingRows(server.db)).report).toBeGreaterThan(0);
    const response = await getReport(server, url, tokens.national);
    expect(response.statusCode, response.body).toBe(200);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
  });

  it('a report asked before the fold of a just-answered batch counts that batch', async () => {
    for (let round = 0; round < 5; round++) {
      const before = await contacts('from=2025-07-01&to=2025-07-31');
      const records = Array.from({ length: 3 }, (_, i) => unfolded(`2025-07-${String(7 + i).padStart(2, '0')}T1${i}:00:00+02:00`));
      expect((await postBatch(server, tablet.token, batch(tablet.deviceId, records))).statusCode).toBe(200);
      expect(await contacts('from=2025-07-01&to=2025-07-31')).toBe(before + 3);
    }
  });

  it.runIf(kind === 'postgres')('wait for the next fold when another server instance is folding, without holding a connection meanwhile', async () => {
    const before = await contacts('from=2025-11-01&to=2025-11-30');
    const other = server.database.openAnother!();
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const lockedYet = new Promise<void>((resolve) => { locked = resolve; });
    const otherFold = other.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [FOLD_LOCK]);
      locked();
      await held;
    });
    await lockedYet;
    expect((await postBatch(server, tablet.token, batch(tablet.deviceId, [unfolded('2025-11-03T10:00:00+01:00')]))).statusCode).toBe(200);
    await settleFolds(server.db); // the background fold gave up at once: the lock is taken
    expect((await pendingRows(server.db)).report).toBeGreaterThan(0);
    release();
    await otherFold;
    expect(await contacts('from=2025-11-01&to=2025-11-30')).toBe(before + 1);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
  });

  it.runIf(kind === 'postgres')('stay exact under concurrent batches, revisions, tombstones and folds on two connections', async () => {
    const second = server.database.openAnother!();
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const revisions = new Map<string, number>();
    const round = (r: number) => ids.map((id, i) => {
      const revision = (revisions.get(id) ?? 0) + 1;
      revisions.set(id, revision);
      return registration(tablet.deviceId, {
        id, revision, deleted: r === 3 && i % 4 === 0,
        startedAt: `2025-0${8 + (r % 2)}-${String(1 + ((i + r) % 28)).padStart(2, '0')}T${String(9 + ((i * r) % 8)).padStart(2, '0')}:15:00+02:00`,
        locationId: ['test-centrum', 'test-wijk', 'test-rosmalen'][(i + r) % 3],
        questions: [question({ topics: [['digid', 'toeslagen', 'belastingaangifte'][(i + r) % 3]] }), ...(r % 2 ? [question({ topics: ['uitkering'] })] : [])],
      });
    });
    for (let r = 1; r <= 4; r++) {
      const records = round(r);
      // Four batches at once, each a quarter of the ids, while folds run on both connections.
      await Promise.all([
        ...[0, 1, 2, 3].map((part) => postBatch(server, tablet.token, batch(tablet.deviceId, records.filter((_, i) => i % 4 === part)))
          .then((response) => expect(response.statusCode, response.body).toBe(200))),
        foldRollups(server.db), foldRollups(second), foldRollups(second),
      ]);
      await rollupsCurrent(second);
      const { stored, recounted } = await storedAndRecounted(server.db);
      expect(stored, `round ${r}`).toEqual(recounted);
    }
    await settleFolds(server.db);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
  });
});

describe.each(DATABASE_KINDS)('the background fold on %s, with a long delay', (kind) => {
  const server = useTestServer(kind, { foldDelayMs: 600_000 });
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  beforeAll(async () => {
    tokens = await seedReportData(server);
    tablet = await enrollTablet(server);
    await settleFolds(server.db);
  });
  const march = async () => (await stats(server, tokens.national, 'from=2025-03-01&to=2025-03-31')).totals.contacts;
  const at = (day: number, topics: string[]) => registration(tablet.deviceId, { startedAt: `2025-03-${String(day).padStart(2, '0')}T10:00:00+01:00`, questions: [question({ topics })] });
  const send = async (day: number) => {
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, [at(day, ['digid']), at(day, ['toeslagen'])]));
    expect(response.statusCode, response.body).toBe(200);
  };

  it('takes every batch answered in its delay at once; a report asked meanwhile folds and counts them', async () => {
    const before = await march();
    for (const day of [3, 4, 5]) await send(day);
    // Three batches, one row of arrays each per table, all waiting for the one fold.
    expect(await pendingRows(server.db)).toEqual({ report: 3, hours: 3 });
    expect(await march()).toBe(before + 6);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
  });

  it('is done at once by settleFolds (as when the server closes), and then equals a recount', async () => {
    await send(10);
    await send(11);
    expect(await pendingRows(server.db)).toEqual({ report: 2, hours: 2 });
    await settleFolds(server.db);
    expect(await pendingRows(server.db)).toEqual({ report: 0, hours: 0 });
    const { stored, recounted } = await storedAndRecounted(server.db);
    expect(stored).toEqual(recounted);
  });
});
