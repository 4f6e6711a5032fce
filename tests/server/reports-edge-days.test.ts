import { beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import type { StatsDimension, StatsResponse } from '../../src/shared/reports';
import type { Database } from '../../src/server/db/database';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contentHash } from '../../src/server/ingest/canonical-json';
import { insertQuestions, upsertRegistrations } from '../../src/server/ingest/registration-store';
import { appendRollupDeltas, rollupsCurrent, settleFolds } from '../../src/server/reports/pending-rollups';
import { loadPlaces } from '../../src/server/reports/places';
import { runStats } from '../../src/server/reports/stats';
import { isFacet } from '../../src/server/reports/stats-sql';
import { ORGANISATION, question, registration } from './fixtures';
import { type ReportTokens, seedAndSend, sendAccepted, stats } from './reports-fixtures';
import { DATABASE_KINDS, useTestServer } from './test-server';

/*
 * GET /stats over ranges whose ends cut periods (the days at the edges are not read from report_rollup's whole
 * periods): every answer must equal a recount from the question rows (the view report_question_facts, the
 * rollup's own definition), for each grouping, at month starts and ends, on the summer-time switch days, for a
 * single day, inside one month, and after revisions and tombstones, before and after the fold.
 */

/** The recount of a stats query from the questions: rows as "key|key → contacts/questions" plus the totals. */
async function recount(db: Database, from: string, to: string, groupBy: readonly StatsDimension[]): Promise<string[]> {
  const facet = groupBy.find(isFacet);
  const keys = groupBy.map((dimension) => {
    switch (dimension) {
      case 'month': return "to_char(f.day, 'YYYY-MM')";
      case 'week': return `to_char(f.day, 'IYYY-"W"IW')`;
      case 'organisation': return 'f.organisation_id::text';
      case 'location': return 'f.location_id';
      case 'municipality': return 'l.municipality_code';
      case 'province': return 'l.province';
      default: return "nullif(f.value, '')";
    }
  });
  const select = keys.length === 0 ? "''" : keys.map((k) => `coalesce(${k}, '-')`).join(" || '|' || ");
  const rows = await db.query<{ key: string; contacts: number; questions: number }>(
    `SELECT ${select} AS key, count(DISTINCT f.registration_id)::int AS contacts, count(*)::int AS questions
     FROM report_question_facts f LEFT JOIN locations l ON l.id = f.location_id
     WHERE f.dimension = $1 AND f.day BETWEEN $2::date AND $3::date ${keys.length > 0 ? 'GROUP BY 1' : ''}`,
    [facet ?? 'contact', from, to],
  );
  const [total] = await db.query<{ contacts: number; questions: number }>(
    `SELECT count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts
     WHERE dimension = 'contact' AND day BETWEEN $1::date AND $2::date`,
    [from, to],
  );
  const lines = keys.length === 0 ? [] : rows.filter((r) => r.questions > 0).map((r) => `${r.key} → ${r.contacts}/${r.questions}`).sort();
  return [...lines, `total → ${total.contacts}/${total.questions}`];
}

/** The stats answer in the recount's shape. */
function answered(answer: StatsResponse): string[] {
  const lines = answer.groupBy.length === 0 ? [] : answer.rows.map((row) => `${answer.groupBy.map((d) => row.keys[d] ?? '-').join('|')} → ${row.contacts}/${row.questions}`).sort();
  return [...lines, `total → ${answer.totals.contacts}/${answer.totals.questions}`];
}

const GROUPINGS: StatsDimension[][] = [
  [], ['month'], ['week'], ['location'], ['organisation'], ['province'], ['municipality'], ['scenario'], ['topic'], ['help'],
  ['governmentOrganisation'], ['referral'], ['channel'], ['staffRole'], ['resolved'], ['month', 'topic'], ['week', 'scenario'], ['location', 'help'],
];

const RANGES: [string, string, string][] = [
  ['2025-01-15', '2025-06-15', 'partial months at both ends'],
  ['2025-03-30', '2025-03-30', 'the spring switch day alone'],
  ['2025-10-26', '2025-10-26', 'the autumn switch day alone'],
  ['2025-03-27', '2025-04-02', 'across a month end and the spring switch'],
  ['2025-10-22', '2025-11-04', 'across a month end and the autumn switch'],
  ['2025-02-01', '2025-02-28', 'a whole month'],
  ['2025-02-03', '2025-02-27', 'inside one month'],
  ['2025-01-31', '2025-01-31', "a month's last day alone"],
  ['2025-02-01', '2025-03-31', 'whole months'],
  ['2025-01-02', '2025-12-30', 'a year less a day at each end'],
  ['2024-12-30', '2025-01-05', 'an ISO week across a year end'],
];

/** Contacts at the times that fall on an edge: midnights of month ends and the switch days, local and UTC. */
function edgeContacts(deviceId: string): Registration[] {
  const times = [
    '2025-01-15T00:10:00+01:00', '2025-01-14T23:50:00+01:00', '2025-01-31T23:30:00+01:00', '2025-02-01T00:30:00+01:00',
    '2025-02-27T12:00:00+01:00', '2025-03-29T23:30:00+01:00', '2025-03-30T01:30:00+01:00', '2025-03-30T03:30:00+02:00',
    '2025-03-30T23:30:00+02:00', '2025-03-31T23:59:00+02:00', '2025-04-01T00:00:00+02:00', '2025-06-15T23:59:00+02:00',
    '2025-06-16T00:00:00+02:00', '2025-10-25T23:30:00+02:00', '2025-10-26T02:30:00+02:00', '2025-10-26T02:30:00+01:00',
    '2025-10-26T23:30:00+01:00', '2025-10-31T23:30:00+01:00', '2025-11-01T00:30:00+01:00', '2024-12-31T23:30:00+01:00',
    '2025-01-01T00:30:00+01:00', '2025-12-31T12:00:00+01:00',
  ];
  const locations = ['test-centrum', 'test-wijk', 'test-rosmalen'];
  const scenarios = ['spreekuur', 'balie', 'popup'] as const;
  return times.map((startedAt, i) => registration(deviceId, {
    startedAt, locationId: locations[i % 3], scenario: scenarios[i % 3], channel: i % 2 === 0 ? 'fysiek' : 'telefoon',
    questions: i % 2 === 0
      ? [question({ topics: ['digid', 'toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['uitleg', 'doorverwezen'], referral: { kind: 'warm', consent: true } }), question({ topics: ['digid'] })]
      : [question({ topics: ['rijbewijs'], help: ['informatie'] })],
  }));
}

describe.each(DATABASE_KINDS)('GET /stats over ranges with edge days on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  let sent: Registration[];
  beforeAll(async () => {
    ({ tokens, tablet, sent } = await seedAndSend(server, edgeContacts));
  });

  const check = async () => {
    for (const [from, to] of RANGES) {
      for (const groupBy of GROUPINGS) {
        const answer = await stats(server, tokens.national, `from=${from}&to=${to}${groupBy.length ? `&groupBy=${groupBy.join(',')}` : ''}`);
        expect(answered(answer), `${from}…${to} by ${groupBy.join(',') || 'nothing'}`).toEqual(await recount(server.db, from, to, groupBy));
      }
    }
  };

  it.each(RANGES)('answers %s…%s (%s) as a recount from the questions, for every grouping', async (from, to) => {
    for (const groupBy of GROUPINGS) {
      const answer = await stats(server, tokens.national, `from=${from}&to=${to}${groupBy.length ? `&groupBy=${groupBy.join(',')}` : ''}`);
      expect(answered(answer), `by ${groupBy.join(',') || 'nothing'}`).toEqual(await recount(server.db, from, to, groupBy));
    }
  });

  it('still answers as a recount after revisions that move contacts across edges and tombstones, with the deltas pending and after the fold', async () => {
    await settleFolds(server.db);
    // Move one contact over a midnight and a month end, change another's scenario and questions, delete a third.
    await sendAccepted(server, tablet, [
      { ...sent[2], revision: 2, startedAt: '2025-02-01T00:05:00+01:00' },
      { ...sent[6], revision: 2, scenario: 'popup', questions: [question({ topics: ['uitkering'], help: ['informatie'] })] },
      { ...sent[14], revision: 2, deleted: true },
      { ...sent[11], revision: 2, startedAt: '2025-06-16T00:01:00+02:00' },
    ]);
    // The stats read folds what is pending first: the answer counts the batch either way.
    await check();
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
    const [{ pending }] = await server.db.query<{ pending: number }>('SELECT (SELECT count(*) FROM report_rollup_pending) + (SELECT count(*) FROM report_hour_rollup_pending) AS pending');
    expect(Number(pending)).toBe(0);
    await check();
  });

  it('subtracts the days outside the range from what the rollup and its pending deltas count together: exact with a batch not yet folded', async () => {
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
    // A batch stored as the ingest stores it, on days 15 Jan–15 Jun subtracts from its first period (13–14 January),
    // and stopped before any fold: its deltas are pending and the rollup does not count it yet.
    const records = [
      registration(tablet.deviceId, { startedAt: '2025-01-14T12:00:00+01:00', questions: [question({ topics: ['uitkering'], help: ['informatie'] })] }),
      registration(tablet.deviceId, { startedAt: '2025-01-13T00:10:00+01:00', locationId: 'test-wijk', questions: [question({ topics: ['digid', 'rijbewijs'] })] }),
    ];
    await server.db.transaction(async (tx) => {
      await upsertRegistrations(tx, records.map((record) => ({ record, hash: contentHash(record) })), randomUUID(), { organisationId: ORGANISATION.id, deviceId: tablet.deviceId });
      await insertQuestions(tx, records);
      await appendRollupDeltas(tx, records.map((record) => record.id), 1);
    });
    const places = await loadPlaces(server.db);
    for (const groupBy of GROUPINGS) {
      const answer = await runStats(server.db, { from: '2025-01-15', to: '2025-06-15', groupBy }, places);
      expect(answered(answer), `by ${groupBy.join(',') || 'nothing'}`).toEqual(await recount(server.db, '2025-01-15', '2025-06-15', groupBy));
    }
    await rollupsCurrent(server.db);
  });

  it('fills report_org_rollup in its migration with what a recount from the questions gives (the fold keeps it so after)', async () => {
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
    const key = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, value';
    const recounted = await server.db.query(`SELECT ${key}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions
      FROM report_question_facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    const stored = () => server.db.query(`SELECT ${key}, contacts, questions FROM report_org_rollup ORDER BY 1, 2, 3, 4`);
    expect(await stored()).toEqual(recounted);
    // One partition per dimension, named as report_rollup's are ('resolved' since migration 034).
    const partitions = await server.db.query<{ name: string }>("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'report_org_rollup'::regclass AND c.relkind = 'r' ORDER BY 1");
    expect(partitions.map((p) => p.name)).toEqual(['channel', 'contact', 'government_organisation', 'help', 'referral', 'resolved', 'scenario', 'staff_role', 'topic'].map((d) => `report_org_rollup_${d}`));
    const migration = readFileSync(new URL('../../src/server/migrations/021_org_rollup.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('INSERT INTO report_org_rollup'), migration.indexOf(';', migration.indexOf('INSERT INTO report_org_rollup')));
    await server.db.query('DELETE FROM report_org_rollup');
    await server.db.query(backfill);
    expect(await stored()).toEqual(recounted);
  });

  it('answers a range that holds no day (from after to, as a caller other than the route might ask) with nothing, for every grouping', async () => {
    const places = await loadPlaces(server.db);
    for (const groupBy of GROUPINGS) {
      const answer = await runStats(server.db, { from: '2025-03-06', to: '2025-03-05', groupBy }, places);
      expect(answered(answer), `by ${groupBy.join(',') || 'nothing'}`).toEqual(['total → 0/0']);
    }
  });
});
