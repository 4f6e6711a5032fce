import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioComparisonResponse } from '../../src/shared/hours-insight';
import type { Registration } from '../../src/shared/registration';
import type { StatsResponse } from '../../src/shared/reports';
import type { Database } from '../../src/server/db/database';
import { rebuildHourRollup } from '../../src/server/reports/hours-rollup';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';
import { ORGANISATION, question, registration } from './fixtures';
import { counts, getReport, hourSumRollupsAndRecount, type ReportTokens, seedAndSend, sendAccepted, stats } from './reports-fixtures';
import { DATABASE_KINDS, useTestServer } from './test-server';

/*
 * The scenario month rollup (migration 027): contacts and questions per location, Amsterdam month and scenario, kept
 * by the ingest from the hour deltas, and read by the stats of the scenario per location (GET /stats grouped by
 * location, municipality or province and scenario; GET /scenario-comparison) for the whole months of their range.
 * On the data set of reports-fixtures.ts plus contacts sent here at the edges of months.
 */

const RANGES = [
  ['2025-01-01', '2025-12-31'], // whole months only
  ['2025-01-15', '2025-06-15'], // edge days at both ends
  ['2025-01-31', '2025-02-01'], // two edge days, no whole month
  ['2025-02-01', '2025-02-28'], // one whole month
  ['2025-02-02', '2025-03-31'], // a month cut at its start, then a whole month
  ['2024-12-20', '2025-03-31'], // across a year, edge at the start only
  ['1900-01-01', '9999-12-31'], // every day a report takes
] as const;

// Viewer, extra query, and the recount's place condition on report_question_facts f.
const FILTERS = [
  ['national', '', 'true'],
  ['coordinator', '', `f.organisation_id = '${ORGANISATION.id}'`],
  ['national', '&location=test-centrum', "f.location_id = 'test-centrum'"],
  ['national', '&municipality=GM0828', "f.location_id IN (SELECT id FROM locations WHERE municipality_code = 'GM0828')"],
  ['national', '&province=Noord-Brabant', "f.location_id IN (SELECT id FROM locations WHERE province = 'Noord-Brabant')"],
] as const;

const GROUPINGS = [['location', 'scenario'], ['municipality', 'scenario'], ['province', 'scenario'], ['scenario', 'location']] as const;

/** The stats by a place and the scenario, counted afresh from the question rows: "key|key → contacts/questions". */
async function recount(db: Database, from: string, to: string, groupBy: readonly string[], where: string): Promise<string[]> {
  const key = (dimension: string) => (dimension === 'location' ? 'f.location_id' : dimension === 'municipality' ? 'l.municipality_code' : dimension === 'province' ? 'l.province' : "coalesce(nullif(f.value, ''), '-')");
  const rows = await db.query<{ key: string; contacts: number; questions: number }>(
    `SELECT ${groupBy.map(key).join(" || '|' || ")} AS key, count(DISTINCT f.registration_id)::int AS contacts, count(*)::int AS questions
     FROM report_question_facts f JOIN locations l ON l.id = f.location_id
     WHERE f.dimension = 'scenario' AND f.day BETWEEN $1::date AND $2::date AND ${where} GROUP BY 1`,
    [from, to],
  );
  return rows.map((r) => `${r.key} → ${r.contacts}/${r.questions}`).sort();
}

/** Contacts at the edges of months (Amsterdam midnights, the switch days), in several scenarios and places. */
function edgeContacts(deviceId: string): Registration[] {
  const times = [
    '2025-01-14T23:50:00+01:00', '2025-01-15T00:10:00+01:00', '2025-01-31T23:30:00+01:00', '2025-02-01T00:30:00+01:00',
    '2025-03-01T00:10:00+01:00', '2025-03-30T03:30:00+02:00', '2025-03-31T23:59:00+02:00', '2025-06-15T23:59:00+02:00',
    '2025-06-16T00:00:00+02:00', '2024-12-31T23:30:00+01:00', '2025-10-26T02:30:00+01:00',
  ];
  const locations = ['test-centrum', 'test-wijk', 'test-rosmalen'];
  const scenarios = ['spreekuur', 'popup', 'lopend', 'balie'] as const;
  return times.map((startedAt, i) => registration(deviceId, {
    startedAt, locationId: locations[i % 3], scenario: scenarios[i % 4],
    questions: i % 2 === 0 ? [question(), question({ topics: ['toeslagen'] })] : [question()],
  }));
}

describe.each(DATABASE_KINDS)('the scenario month rollup on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  let sent: Registration[];
  beforeAll(async () => {
    ({ tokens, tablet, sent } = await seedAndSend(server, edgeContacts));
  });

  const readRollup = async () => (await rollupsCurrent(server.db), (await hourSumRollupsAndRecount(server.db)));

  async function answersAsRecount() {
    for (const [from, to] of RANGES) {
      for (const [viewer, query, where] of FILTERS) {
        for (const groupBy of GROUPINGS) {
          const answer = await stats(server, tokens[viewer], `from=${from}&to=${to}&groupBy=${groupBy.join(',')}${query}`);
          expect(counts(answer).sort(), `${from}…${to} ${viewer}${query} by ${groupBy.join(',')}`).toEqual(await recount(server.db, from, to, groupBy, where));
        }
      }
    }
  }

  it('is kept by the ingest equal to a recount from the questions, and a rebuild makes the same', async () => {
    const { stored, recounted } = await readRollup();
    expect(stored.scenarioMonth.length).toBeGreaterThan(10);
    expect(stored.scenarioMonth).toEqual(recounted.scenarioMonth);
    await rebuildHourRollup(server.db);
    expect((await readRollup()).stored.scenarioMonth).toEqual(stored.scenarioMonth);
  });

  it('is read for the whole months of the scenario per location, and nowhere else', async () => {
    const ask = async (query: string, viewer: keyof ReportTokens = 'national') => counts(await stats(server, tokens[viewer], query));
    const comparison = async (range: string) => {
      const response = await getReport(server, `/api/v1/scenario-comparison?${range}`, tokens.national);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as ScenarioComparisonResponse).rows.reduce((sum, row) => sum + row.contacts, 0);
    };
    const year = 'from=2025-01-01&to=2025-12-31';
    const february = 'from=2025-02-01&to=2025-02-28';
    // Whole months of the scenario per location (every count of contacts ten times), and the rest (unchanged).
    const wholeMonths = [`${february}&groupBy=location,scenario`, `${february}&groupBy=municipality,scenario`, `${february}&groupBy=scenario,province`,
      `${february}&groupBy=scenario&location=test-rosmalen`, `from=2024-12-01&to=2025-03-31&groupBy=location,scenario&municipality=GM0828`];
    const notFromIt = [`from=2025-02-02&to=2025-02-28&groupBy=location,scenario`, `${february}&groupBy=month,scenario&location=test-rosmalen`,
      `${february}&groupBy=organisation,scenario`, `${february}&groupBy=scenario`, `${february}&groupBy=location`, `${february}&groupBy=location,channel`,
      `from=2025-01-31&to=2025-02-01&groupBy=location,scenario`];
    const answers = async (queries: string[]) => Promise.all(queries.map((query) => stats(server, tokens.national, query)));
    const [wholeBefore, restBefore, comparisonBefore] = [await answers(wholeMonths), await answers(notFromIt), await comparison(year)];
    const times10 = (answer: StatsResponse) => ({ ...answer, rows: answer.rows.map((row) => ({ ...row, contacts: row.contacts * 10 })), totals: { ...answer.totals } });
    // Mark it (ten times every count of contacts): a part read from it shows the mark.
    await server.db.query('UPDATE report_scenario_month_rollup SET contacts = contacts * 10');
    try {
      expect(wholeBefore.every((answer) => answer.rows.length > 0)).toBe(true);
      expect(await answers(wholeMonths)).toEqual(wholeBefore.map(times10));
      expect(await answers(notFromIt)).toEqual(restBefore);
      // R4: test-rosmalen, 10 February 2025, balie, two questions: a whole February, with edge days around it.
      expect(await ask(`from=2025-01-15&to=2025-03-15&groupBy=location,scenario&location=test-rosmalen`)).toContain('test-rosmalen|balie → 10/2');
      expect(await ask(`${february}&groupBy=location,scenario`, 'coordinator')).toContain('test-rosmalen|balie → 10/2');
      // The scenario comparison of a year of whole months reads it whole.
      expect(await comparison(year)).toBe(comparisonBefore * 10);
    } finally {
      await rebuildHourRollup(server.db);
    }
    expect(await comparison(year)).toBe(comparisonBefore);
  });

  it('answers the scenario per place as a recount from the questions, for every range and filter', async () => {
    await answersAsRecount();
  });

  it('stays so through revisions that move contacts across months, places and scenarios, and tombstones', async () => {
    await sendAccepted(server, tablet, [
      { ...sent[2], revision: 2, startedAt: '2025-02-01T00:10:00+01:00', scenario: 'balie' }, // 31 January → 1 February
      { ...sent[4], revision: 2, locationId: 'test-rosmalen', startedAt: '2025-02-28T23:50:00+01:00' }, // March → February
      { ...sent[7], revision: 2, deleted: true }, // a tombstone: its row goes
      { ...sent[9], revision: 2, questions: [question({ topics: ['digid'] })] }, // two questions → one
    ]);
    const { stored, recounted } = await readRollup();
    expect(stored.scenarioMonth).toEqual(recounted.scenarioMonth);
    expect(stored.scenarioMonth.filter((r) => r.questions === 0)).toEqual([]);
    await answersAsRecount();
  });

  it('is filled by migration 027 from the hour rollup, as the ingest keeps it', async () => {
    const kept = (await readRollup()).stored.scenarioMonth;
    const migration = readFileSync('src/server/migrations/027_scenario_month_rollup.sql', 'utf8');
    await server.db.query('DELETE FROM report_scenario_month_rollup');
    await server.db.exec(migration.slice(migration.indexOf('INSERT INTO report_scenario_month_rollup')));
    expect((await readRollup()).stored.scenarioMonth).toEqual(kept);
  });

});
