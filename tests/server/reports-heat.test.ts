import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchRequest, BatchResponse } from '../../src/shared/api';
import type { BusyHoursResponse } from '../../src/shared/hours-insight';
import type { Registration } from '../../src/shared/registration';
import type { Database } from '../../src/server/db/database';
import { createLocation } from '../../src/server/organisations/organisations';
import { rebuildHeatRollup, splitMonths } from '../../src/server/reports/heat-rollup';
import { rebuildHourRollup } from '../../src/server/reports/hours-rollup';
import { rebuildReportRollup } from '../../src/server/reports/rollup';
import { batch, ORGANISATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { getReport, hourSumRollupsAndRecount, type ReportTokens, ROSMALEN, seedReportData, sendAccepted } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';

/*
 * The heat rollup (migration 019): contacts per location × Amsterdam month × ISO weekday × hour × scenario, kept by
 * the ingest from the same delta as the hour rollup, and read by GET /busy-hours for the whole months of its range.
 * On the data set of reports-fixtures.ts plus contacts sent here.
 */

describe('splitMonths', () => {
  it('splits a range into whole months and edge days', () => {
    expect(splitMonths('2025-01-01', '2025-12-31')).toEqual({ months: { from: '2025-01-01', to: '2025-12-01' }, edges: [] });
    expect(splitMonths('2025-01-15', '2025-06-15')).toEqual({ months: { from: '2025-02-01', to: '2025-05-01' },
      edges: [{ from: '2025-01-15', to: '2025-01-31' }, { from: '2025-06-01', to: '2025-06-15' }] });
    expect(splitMonths('2024-02-01', '2024-02-29')).toEqual({ months: { from: '2024-02-01', to: '2024-02-01' }, edges: [] });
    expect(splitMonths('2025-02-01', '2025-02-28')).toEqual({ months: { from: '2025-02-01', to: '2025-02-01' }, edges: [] });
    expect(splitMonths('2024-02-01', '2024-02-28')).toEqual({ edges: [{ from: '2024-02-01', to: '2024-02-28' }] });
    expect(splitMonths('2025-02-02', '2025-02-27')).toEqual({ edges: [{ from: '2025-02-02', to: '2025-02-27' }] });
    expect(splitMonths('2025-01-31', '2025-02-01')).toEqual({ edges: [{ from: '2025-01-31', to: '2025-02-01' }] });
    expect(splitMonths('2025-03-01', '2025-02-01')).toEqual({ edges: [] });
  });

  it('stays inside the years 0001–9999 at the ends of the calendar', () => {
    expect(splitMonths('0001-01-01', '9999-12-31')).toEqual({ months: { from: '0001-01-01', to: '9999-12-01' }, edges: [] });
    expect(splitMonths('9999-12-02', '9999-12-31')).toEqual({ edges: [{ from: '9999-12-02', to: '9999-12-31' }] });
    expect(splitMonths('1900-02-03', '9999-12-30')).toEqual({ months: { from: '1900-03-01', to: '9999-11-01' },
      edges: [{ from: '1900-02-03', to: '1900-02-28' }, { from: '9999-12-01', to: '9999-12-30' }] });
  });
});

describe.each(DATABASE_KINDS)('heat rollup on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  beforeAll(async () => {
    tokens = await seedReportData(server);
    tablet = await enrollTablet(server);
  });

  // As a report reads them: after a fold of what is pending.
  const readHeat = async () => (await rollupsCurrent(server.db), server.db.query<{ location_id: string; month: string; weekday: number; hour: number; contacts: number; questions: number }>(
    'SELECT location_id, month::text AS month, weekday, hour, organisation_id::text AS organisation_id, contacts, questions FROM report_heat_rollup ORDER BY 1, 2, 3, 4'));
  const readHours = async () => (await rollupsCurrent(server.db), server.db.query('SELECT location_id, day::text AS day, hour, scenario, contacts, questions, solved, referred FROM report_hour_rollup ORDER BY 1, 2, 3, 4'));

  /**
   * The rollups as the ingest kept them, checked against a rebuild from the questions, and the organisations' sums
   * (migration 026) against a recount; returns the heat rows.
   */
  async function keptEqualsRebuilt() {
    const heat = await readHeat();
    const hours = await readHours();
    const orgHours = await hourSumRollupsAndRecount(server.db);
    expect(orgHours.stored).toEqual(orgHours.recounted);
    await rebuildHourRollup(server.db); // rebuilds the heat rollup and the organisations' sums from it too
    expect(await readHours()).toEqual(hours);
    expect(await readHeat()).toEqual(heat);
    expect((await hourSumRollupsAndRecount(server.db)).stored).toEqual(orgHours.stored);
    return heat;
  }
  const row = (heat: Awaited<ReturnType<typeof readHeat>>, location: string, month: string, weekday: number, hour: number) =>
    heat.filter((r) => r.location_id === location && r.month === month && r.weekday === weekday && r.hour === hour);

  const monday7 = registration('', { startedAt: '2025-04-07T10:15:00+02:00', questions: [question(), question({ topics: ['toeslagen'], help: ['informatie'] })] });
  const monday14 = registration('', { startedAt: '2025-04-14T10:40:00+02:00' });

  it('is kept by the ingest as a rebuild makes it, for the seeded data with its tombstone and revision', async () => {
    const heat = await keptEqualsRebuilt();
    // R4: Rosmalen, Monday 10 February 2025 14:00, balie, two questions. R5 (Monday 3 March 09:00) is a tombstone.
    expect(row(heat, 'test-rosmalen', '2025-02-01', 1, 14)).toMatchObject([{ organisation_id: ORGANISATION.id, contacts: 1, questions: 2 }]);
    expect(heat.filter((r) => r.location_id === 'test-rosmalen' && r.month === '2025-03-01')).toEqual([]);
    // R2: Friday 31 January 23:30 in Amsterdam (22:30 UTC); R3: Saturday 1 February 00:30 (Friday in UTC).
    expect(row(heat, 'test-centrum', '2025-01-01', 5, 23)).toMatchObject([{ contacts: 1 }]);
    expect(row(heat, 'test-wijk', '2025-02-01', 6, 0)).toMatchObject([{ contacts: 1 }]);
  });

  it('adds new contacts of different days in one month, weekday and hour into one row', async () => {
    const d = tablet.deviceId;
    await sendAccepted(server, tablet, [{ ...monday7, deviceId: d }, { ...monday14, deviceId: d }]);
    const heat = await keptEqualsRebuilt();
    expect(row(heat, 'test-centrum', '2025-04-01', 1, 10)).toMatchObject([{ contacts: 2, questions: 3 }]);
  });

  it('moves a contact whose revision changes its location, day, month, hour and scenario', async () => {
    const moved: Registration = { ...monday14, deviceId: tablet.deviceId, revision: 2, locationId: 'test-wijk', scenario: 'popup', startedAt: '2025-05-06T15:05:00+02:00' };
    await sendAccepted(server, tablet, [moved]);
    const heat = await keptEqualsRebuilt();
    expect(row(heat, 'test-centrum', '2025-04-01', 1, 10)).toMatchObject([{ contacts: 1, questions: 2 }]);
    expect(row(heat, 'test-wijk', '2025-05-01', 2, 15)).toMatchObject([{ contacts: 1, questions: 1 }]);
  });

  it('deletes the row a tombstone empties', async () => {
    await sendAccepted(server, tablet, [{ ...monday7, deviceId: tablet.deviceId, revision: 2, deleted: true }]);
    const heat = await keptEqualsRebuilt();
    expect(row(heat, 'test-centrum', '2025-04-01', 1, 10)).toEqual([]);
  });

  it('changes nothing when a batch is sent again, or the same revision in a new batch', async () => {
    const before = await readHeat();
    const again: BatchRequest = batch(tablet.deviceId, [{ ...registration(tablet.deviceId, { startedAt: '2025-06-02T09:00:00+02:00' }) }]);
    expect((await postBatch(server, tablet.token, again)).statusCode).toBe(200);
    const added = await readHeat();
    expect(added.length).toBe(before.length + 1);
    expect((await postBatch(server, tablet.token, again)).statusCode).toBe(200); // replayed
    expect((await postBatch(server, tablet.token, { ...again, batchId: randomUUID() })).statusCode).toBe(200); // a duplicate revision
    expect(await readHeat()).toEqual(added);
    expect(await keptEqualsRebuilt()).toEqual(added);
  });

  it('is filled by migration 019 from the hour rollup, as the ingest keeps it', async () => {
    const kept = await readHeat();
    const migration = readFileSync('src/server/migrations/019_heat_rollup.sql', 'utf8');
    await server.db.query('DELETE FROM report_heat_rollup');
    await server.db.query(migration.slice(migration.lastIndexOf('INSERT INTO report_heat_rollup')));
    expect(await readHeat()).toEqual(kept);
  });

  it('fills the organisations\' hour and heat rollups by migration 026, as the ingest keeps them', async () => {
    const kept = (await hourSumRollupsAndRecount(server.db)).stored;
    expect(kept.orgHour.length).toBeGreaterThan(0);
    expect(kept.orgHeat.length).toBeGreaterThan(0);
    const migration = readFileSync('src/server/migrations/026_org_hour_rollups.sql', 'utf8');
    await server.db.query('DELETE FROM report_org_hour_rollup');
    await server.db.query('DELETE FROM report_org_heat_rollup');
    await server.db.exec(migration.slice(migration.indexOf('INSERT INTO report_org_hour_rollup')));
    expect((await hourSumRollupsAndRecount(server.db)).stored).toEqual(kept);
  });

  /** The heat map as busy-hours answered it before the heat rollup: summed from the hour rollup day by day. */
  async function fromHourRollup(from: string, to: string, where: { organisation?: string; location?: string; municipality?: string; scenario?: string }): Promise<number[][]> {
    const params: unknown[] = [from, to];
    const conditions = ['day BETWEEN $1::date AND $2::date'];
    if (where.organisation) conditions.push(`organisation_id = $${params.push(where.organisation)}::uuid`);
    if (where.location) conditions.push(`location_id = $${params.push(where.location)}`);
    if (where.municipality) conditions.push(`location_id IN (SELECT id FROM locations WHERE municipality_code = $${params.push(where.municipality)})`);
    if (where.scenario) conditions.push(`scenario = $${params.push(where.scenario)}`);
    const rows = await server.db.query<{ weekday: number; hour: number; contacts: number }>(
      `SELECT extract(isodow FROM day)::int AS weekday, hour::int AS hour, sum(contacts)::int AS contacts FROM report_hour_rollup WHERE ${conditions.join(' AND ')} GROUP BY 1, 2`, params);
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const r of rows) grid[r.weekday - 1][r.hour] = r.contacts;
    return grid;
  }

  const RANGES = [
    ['2025-01-01', '2025-12-31'], // whole months only
    ['2025-01-15', '2025-06-15'], // edge days at both ends
    ['2025-01-31', '2025-02-01'], // two edge days, no whole month
    ['2025-02-01', '2025-02-28'], // one whole month
    ['2024-12-20', '2025-03-31'], // across a year, edge at the start only
    ['1900-01-01', '9999-12-31'], // every day a report takes
    ['1900-02-03', '9999-12-30'], // the whole calendar, edges at both ends
  ] as const;
  const FILTERS = [
    ['national', '', {}],
    ['national', `&organisation=${OTHER_ORGANISATION.id}`, { organisation: OTHER_ORGANISATION.id }],
    ['national', '&municipality=GM0828', { municipality: 'GM0828' }],
    ['national', '&location=test-wijk&scenario=popup', { location: 'test-wijk', scenario: 'popup' }],
    ['coordinator', '&scenario=spreekuur', { organisation: ORGANISATION.id, scenario: 'spreekuur' }],
    ['coordinator', '', { organisation: ORGANISATION.id }],
  ] as const;

  it.each(RANGES)('answers busy-hours from %s to %s as it did from the hour rollup alone, for every filter', async (from, to) => {
    for (const [viewer, query, where] of FILTERS) {
      const response = await getReport(server, `/api/v1/busy-hours?from=${from}&to=${to}${query}`, tokens[viewer]);
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json() as BusyHoursResponse;
      const expected = await fromHourRollup(from, to, where);
      expect(answer.contacts, `${viewer} ${query}`).toEqual(expected);
      expect(answer.total).toBe(expected.flat().reduce((a, b) => a + b, 0));
    }
  });

  it('reads whole months from the heat rollup and the edge days from the hour rollup', async () => {
    // Mark the heat rollup (ten times every count): whole months show the mark, edge days do not.
    await server.db.query('UPDATE report_heat_rollup SET contacts = contacts * 10');
    try {
      const ask = async (range: string) => ((await getReport(server, `/api/v1/busy-hours?${range}&location=test-rosmalen`, tokens.national)).json() as BusyHoursResponse).total;
      expect(await ask('from=2025-02-01&to=2025-02-28')).toBe(10); // R4, from the heat rollup
      expect(await ask('from=2025-02-02&to=2025-02-28')).toBe(1); // the same contact, from the hour rollup
      expect(await ask('from=2025-01-15&to=2025-03-15')).toBe(10);
      expect(await ask('from=2025-02-01&to=2025-02-28&scenario=balie')).toBe(1); // one scenario: the hour rollup
    } finally {
      await rebuildHeatRollup(server.db);
    }
  });

  it('reads the organisations\' sums (migration 026) for a map with no place finer than the organisation and no scenario', async () => {
    // Mark them: whole months ten times, edge days a hundred times every count.
    await server.db.query('UPDATE report_org_heat_rollup SET contacts = contacts * 10');
    await server.db.query('UPDATE report_org_hour_rollup SET contacts = contacts * 100');
    try {
      const ask = async (query: string, viewer: keyof ReportTokens = 'national') =>
        ((await getReport(server, `/api/v1/busy-hours?${query}`, tokens[viewer])).json() as BusyHoursResponse).contacts[0][14];
      // R4: Rosmalen (our organisation), Monday 10 February 2025 14:00, the only contact on Mondays at 14:00.
      expect(await ask('from=2025-02-01&to=2025-02-28')).toBe(10); // national: whole month, the organisations' heat rollup
      expect(await ask('from=2025-02-02&to=2025-02-28')).toBe(100); // national: edge days, the organisations' hour rollup
      expect(await ask(`from=2025-02-01&to=2025-02-28&organisation=${ORGANISATION.id}`)).toBe(10);
      expect(await ask('from=2025-02-01&to=2025-02-28', 'coordinator')).toBe(10);
      // A finer place or one scenario: the locations' rollups.
      expect(await ask('from=2025-02-01&to=2025-02-28&location=test-rosmalen')).toBe(1);
      expect(await ask('from=2025-02-02&to=2025-02-28&municipality=GM0796')).toBe(1);
      expect(await ask('from=2025-02-01&to=2025-02-28&scenario=balie')).toBe(1);
    } finally {
      await rebuildHourRollup(server.db);
    }
  });

  it('is written in time order by a rebuild, as the ingest grows the rollups (a range of time lies together)', async () => {
    await rebuildReportRollup(server.db);
    await rebuildHourRollup(server.db);
    for (const [table, column] of [['report_rollup', 'period_start'], ['report_org_rollup', 'period_start'], ['report_hour_rollup', 'day'], ['report_heat_rollup', 'month'],
      ['report_org_hour_rollup', 'day'], ['report_org_heat_rollup', 'month'], ['report_scenario_month_rollup', 'month']]) {
      // In the order the rows lie in each table (or partition): its time column never goes back.
      const rows = await server.db.query<{ part: string; at: string }>(`SELECT tableoid::text AS part, ${column}::text AS at FROM ${table} ORDER BY tableoid, ctid`);
      expect(new Set(rows.map((r) => r.at.slice(0, 7))).size, table).toBeGreaterThan(2);
      const back = rows.filter((r, i) => i > 0 && rows[i - 1].part === r.part && r.at < rows[i - 1].at);
      expect(back, table).toEqual([]);
    }
  });
});

/**
 * The heat rollup and the organisations' hour and heat rollups as stored, and as computed afresh from the question
 * rows (not through the hour rollup).
 */
async function heatAndRecomputation(db: Database) {
  await rollupsCurrent(db);
  const [heat, heatRecomputed, orgHours] = await Promise.all([
    db.query('SELECT location_id, month::text AS month, weekday::int AS weekday, hour::int AS hour, organisation_id::text AS organisation_id, contacts, questions FROM report_heat_rollup ORDER BY 1, 2, 3, 4'),
    db.query(`SELECT location_id, date_trunc('month', day::timestamp)::date::text AS month, extract(isodow FROM day)::int AS weekday, hour::int AS hour,
        organisation_id::text AS organisation_id, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions
      FROM report_hour_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4`),
    hourSumRollupsAndRecount(db),
  ]);
  return { stored: { heat, ...orgHours.stored }, recomputed: { heat: heatRecomputed, ...orgHours.recounted } };
}

describe.each(DATABASE_KINDS)('the heat rollup under concurrent batches on %s', (kind) => {
  const server = useTestServer(kind);
  beforeAll(async () => {
    await createLocation(server.db, ROSMALEN);
  });

  it('stays equal to a recomputation from the questions through moves, tombstones, resends and two tablets at once', async () => {
    const tablets = await Promise.all([enrollTablet(server), enrollTablet(server)]);
    let state = 20251130;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    // Month ends, the same weekday and hour in different weeks, both summer-time switches.
    const times = ['2025-01-31T23:30:00+01:00', '2025-02-01T00:30:00+01:00', '2025-02-07T23:10:00+01:00', '2025-02-14T23:50:00+01:00',
      '2025-03-30T01:30:00+01:00', '2025-03-30T03:30:00+02:00', '2025-10-26T02:30:00+02:00', '2025-10-26T02:30:00+01:00'];
    const latest = new Map<string, Registration>();
    const someContact = (deviceId: string, base?: Registration): Registration => ({
      ...(base ?? registration(deviceId)),
      revision: (base?.revision ?? 0) + 1,
      locationId: pick(['test-centrum', 'test-wijk', 'test-rosmalen']),
      scenario: pick(['spreekuur', 'balie', 'popup', 'lopend']),
      startedAt: pick(times),
      questions: Array.from({ length: 1 + Math.floor(next() * 3) }, () => question({ topics: [pick(['digid', 'toeslagen', 'uitkering'])] })),
      deleted: base !== undefined && next() < 0.25,
    });
    for (let round = 0; round < 5; round++) {
      const batches = tablets.map((tablet) => {
        const own = [...latest.values()].filter((record) => record.deviceId === tablet.deviceId && !record.deleted);
        return { tablet, body: batch(tablet.deviceId, [...Array.from({ length: 4 }, () => someContact(tablet.deviceId)), ...own.filter(() => next() < 0.5).map((record) => someContact(tablet.deviceId, record))]) };
      });
      const answers = await Promise.all(batches.map(({ tablet, body }) => postBatch(server, tablet.token, body)));
      answers.forEach((response, i) => {
        expect(response.statusCode).toBe(200);
        expect((response.json() as BatchResponse).results.every((r) => r.status === 'accepted')).toBe(true);
        for (const record of batches[i].body.records) latest.set(record.id, record as Registration);
      });
      await postBatch(server, batches[1].tablet.token, batches[1].body); // a resend changes nothing
      const { stored, recomputed } = await heatAndRecomputation(server.db);
      expect(stored, `round ${round}`).toEqual(recomputed);
    }
    await rollupsCurrent(server.db);
    const [{ contacts }] = await server.db.query<{ contacts: number }>('SELECT coalesce(sum(contacts), 0)::int AS contacts FROM report_heat_rollup');
    expect(contacts).toBe([...latest.values()].filter((record) => !record.deleted).length);
  });
});
