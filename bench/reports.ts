import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createApiToken } from '../src/server/api-tokens';
import type { Database } from '../src/server/db/database';
import { openPostgres } from '../src/server/db/postgres';
import { rebuildHourRollup } from '../src/server/reports/hours-rollup';
import { rebuildReportRollup } from '../src/server/reports/rollup';
import { loadPlaces } from '../src/server/reports/places';
import { statsStatement } from '../src/server/reports/stats-sql';
import { DEFAULT_REPORT_TIMEOUT_MS, REPORT_CONCURRENCY } from '../src/server/reports/time-limit';
import { buildServer } from '../src/server/app';
import { type HoursTiming, seedBenchHours, timeHoursSqlBeforeAndAfter, timeHoursInsight } from './hours-insight';
import { PROVINCES } from '../src/shared/reports';
import { timeAnnualReport } from './annual-report';
import { createDatabase, type RunningServer, runCleanups, startPostgres, startServer } from './servers';
import { p50p95, timeRuns } from './stats';

/*
 * Reports at national scale: a year of questions over 700 locations, made in SQL (generate_series; the
 * ingest path has its own bench), then the stats endpoint and the CSV export over HTTP as a dashboard and
 * a coordinator use them. PostgreSQL only: PGlite is for a laptop, not for five million questions.
 */

/** One timed stats query: milliseconds over `runs` requests after one warm-up. */
export interface StatsTiming {
  /** the endpoint under /api/v1 (default /stats) */
  path?: string;
  query: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  rows: number;
  /** where the bench allows a refusal (the report time limit): how many runs were refused, with which code */
  refused?: string;
  /** timed in SQL without the time limit, to show what a refusal spares (no goal) */
  informative?: string;
}

export interface ReportFigures {
  postgres: string;
  questions: number;
  registrations: number;
  locations: number;
  loadSeconds: number;
  rollupSeconds: number;
  rollupRows: number;
  stats: StatsTiming[];
  /** the bench process's RSS: before the export (what earlier sections left), and the most during it */
  export: { rows: number; seconds: number; rowsPerSecond: number; rssBeforeMb: number; maxRssMb: number };
  hourRollupRows: number;
  heatRollupRows: number;
  hours: HoursTiming[];
}

const LOCATIONS = 700;
const ORGANISATIONS = 150;
const MUNICIPALITIES = 350;
const YEAR = { from: '2025-01-01', to: '2025-12-31' };

const TOPICS = ['digid', 'toeslagen', 'belastingaangifte', 'mijnoverheid_berichtenbox', 'aow_pensioen', 'uitkering', 'zorgverzekering_eigen_bijdrage',
  'computer_tablet_smartphone', 'email_inloggen', 'formulier_invullen', 'afspraak_maken', 'veilig_online', 'rijbewijs', 'huur_huurcommissie', 'anders'];
const sqlList = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]`;
// A skewed pick from a list: the first entries are the common ones, as DigiD and toeslagen are.
const skewed = (values: readonly string[], power = 2) => `(${sqlList(values)})[1 + floor(${values.length} * random() ^ ${power})::int]`;
// Per registration number r: the same location and moment in the registrations and the questions statement.
const LOCATION_OF = `'bench-loc-' || (('x' || substr(md5('l' || r), 1, 8))::bit(32)::int & 2147483647) % ${LOCATIONS}`;
const STARTED_OF = (registrations: number) => `timestamptz '2025-01-01 09:00 Europe/Amsterdam' + floor((r - 1) * 365.0 / ${registrations}) * interval '1 day'
  + (('x' || substr(md5('t' || r), 1, 6))::bit(24)::int % 32400) * interval '1 second'`;

/** Places, organisations and CBS figures: 150 organisations, 700 locations over 350 municipalities, a third with a catchment. */
async function seedPlaces(db: Database): Promise<void> {
  await db.query(`INSERT INTO municipalities (code, name, province, population, year)
    SELECT 'GM' || (1000 + i), 'Gemeente ' || i, (${sqlList(PROVINCES)})[1 + i % 12], 10000 + (i * 7919) % 290000, 2025 FROM generate_series(0, ${MUNICIPALITIES - 1}) AS i`);
  await db.query(`INSERT INTO organisations (id, name) SELECT md5('bench-org' || i)::uuid, 'Bibliotheek ' || i FROM generate_series(0, ${ORGANISATIONS - 1}) AS i`);
  await db.query(`INSERT INTO locations (id, organisation_id, name, municipality_code, province, catchment_population)
    SELECT 'bench-loc-' || i, md5('bench-org' || (i % ${ORGANISATIONS}))::uuid, 'Locatie ' || i, 'GM' || (1000 + i % ${MUNICIPALITIES}),
      (${sqlList(PROVINCES)})[1 + (i % ${MUNICIPALITIES}) % 12], CASE WHEN i % 3 = 0 THEN 5000 + i * 10 END
    FROM generate_series(0, ${LOCATIONS - 1}) AS i`);
}

/** A year of contacts in time order (as they arrive), half with one question and half with two. */
async function seedQuestions(db: Database, questions: number): Promise<number> {
  const registrations = Math.ceil((2 * questions) / 3);
  await db.transaction(async (tx) => {
    // Secondary indexes are built once after the load instead of row by row; foreign keys are not checked.
    const indexes = await tx.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('registrations', 'questions') AND indexname NOT LIKE '%_pkey'",
    );
    for (const index of indexes) await tx.query(`DROP INDEX ${index.indexname}`);
    const [{ superuser }] = await tx.query<{ superuser: boolean }>('SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
    if (superuser) await tx.query("SET LOCAL session_replication_role = 'replica'");
    await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
    await tx.query('SELECT setseed(0.42)');
    await tx.query(`INSERT INTO registrations (id, revision, content_hash, organisation_id, device_id, location_id, scenario, channel, staff_role,
        started_at, duration_minutes, consent_for_referral, deleted, schema_version, record, batch_id)
      SELECT md5('r' || r)::uuid, 1, md5('h' || r), l.organisation_id, md5('device' || l.id)::uuid, l.id,
        ${skewed(['spreekuur', 'balie', 'lopend', 'popup', 'op_afspraak', 'buiten_bibliotheek'])}, ${skewed(['fysiek', 'telefoon', 'video', 'email_chat'], 3)},
        ${skewed(['medewerker', 'vrijwilliger', 'partner'])}, ${STARTED_OF(registrations)}, 15, false, false, 'ido-2024.1', '{}', md5('bench')::uuid
      FROM generate_series(1, ${registrations}) AS r JOIN locations l ON l.id = ${LOCATION_OF}`);
    await tx.query(`INSERT INTO questions (registration_id, index, organisation_id, location_id, started_at, scenario, channel, staff_role,
        category, topics, government_organisations, help, referral_kind, resolved)
      SELECT g.id, i, g.organisation_id, g.location_id, g.started_at, g.scenario, g.channel, g.staff_role, 'digitale_overheid',
        CASE WHEN random() < 0.3 AND t1 <> t2 THEN ARRAY[t1, t2] ELSE ARRAY[t1] END,
        CASE WHEN random() < 0.5 THEN ARRAY[${skewed(['belastingdienst', 'uwv', 'svb', 'duo', 'cak', 'gemeente'])}] ELSE '{}' END,
        CASE WHEN random() < 0.2 THEN ARRAY['samen_gedaan', 'doorverwezen'] ELSE ARRAY[${skewed(['samen_gedaan', 'informatie', 'uitleg', 'signaal'])}] END,
        CASE WHEN random() < 0.25 THEN (ARRAY['warm', 'extern', 'intern'])[1 + floor(3 * random())::int] END,
        'ja'
      FROM (SELECT r, reg.*, ${skewed(TOPICS)} AS t1, ${skewed(TOPICS)} AS t2
            FROM generate_series(1, ${registrations}) AS r JOIN registrations reg ON reg.id = md5('r' || r)::uuid) AS g
      CROSS JOIN LATERAL generate_series(0, CASE WHEN g.r % 2 = 0 THEN 1 ELSE 0 END) AS i`);
    for (const index of indexes) await tx.query(index.indexdef);
  });
  return registrations;
}

async function timeStats(baseUrl: string, token: string, query: string, label: string, runs: number, path = '/stats', mayRefuse?: 'report_too_large'): Promise<StatsTiming> {
  const get = async () => {
    const response = await fetch(`${baseUrl}/api/v1${path}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (mayRefuse !== undefined && response.status === 422) {
      const body = await response.text();
      if (!body.includes(`"${mayRefuse}"`)) throw new Error(`${path} ${query}: 422 ${body.slice(0, 200)}`);
      return { rows: [], refused: true };
    }
    if (response.status !== 200) throw new Error(`${path} ${query}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { rows?: unknown[]; topics?: unknown[] };
    return { rows: body.rows ?? body.topics ?? [], refused: false };
  };
  // The warm-up. The first read of the questions after the load and the rollups' rebuild may find none of them in
  // memory: the full run of 8 December had the coordinator's topic × help (p95 242 ms warm on 6 December, 428 ms on the
  // slower machine of 8 December) refused at the report time limit on this first call, and the run ended there. A
  // refused warm-up reads once more; the timed runs below must answer as before.
  await get().catch(async (error: unknown) => {
    if (!String(error).includes('"report_too_large"')) throw error;
    console.log(`  ${label}: the warm-up was refused at the report time limit (nothing in memory yet); once more`);
    await get();
  });
  const { p50Ms, p95Ms, answers } = await timeRuns(runs, get);
  const refusals = answers.filter((answer) => answer.refused).length;
  const refused = refusals > 0 ? `${refusals} of ${runs} runs 422 ${mayRefuse}` : undefined;
  return logged({ path, query: label, runs, p50Ms, p95Ms, rows: answers.at(-1)?.rows.length ?? 0, ...(refused ? { refused } : {}) });
}

/**
 * A dashboard view's thirteen requests at once (stats by eleven dimensions, "Opvallend", the locations), national: on the
 * server, which runs at most REPORT_CONCURRENCY report statements at a time, and on a second server on the same
 * database without that cap, in alternate rounds. What the cap costs a dashboard on this machine.
 */
async function timeDashboardAtOnce(server: RunningServer, db: Database, rounds: number): Promise<StatsTiming[]> {
  const year = `from=${YEAR.from}&to=${YEAR.to}`;
  const paths = ['', 'month', 'topic', 'governmentOrganisation', 'help', 'referral', 'resolved', 'location', 'province', 'scenario', 'channel']
    .map((dimension) => `/stats?${year}${dimension ? `&groupBy=${dimension}` : ''}`)
    .concat(['/stats/rising?month=2025-12', `/report-locations?${year}`]);
  const uncapped = await buildServer({ db, version: 'bench', reportConcurrency: Number.MAX_SAFE_INTEGER });
  await uncapped.listen({ host: '127.0.0.1', port: 0 });
  const servers = [
    { label: `a dashboard view, national: ${paths.length} requests at once, at most ${REPORT_CONCURRENCY} report statements at a time`, url: server.url, times: [] as number[] },
    { label: `the same on a server without that cap`, url: `http://127.0.0.1:${(uncapped.server.address() as { port: number }).port}`, times: [] as number[] },
  ];
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const each of servers) {
        // Fresh tokens per view: 13 requests × rounds stay under the reports rate limit per token.
        const token = await createApiToken(db, 'national', null);
        const started = performance.now();
        await Promise.all(paths.map(async (path) => {
          const response = await fetch(`${each.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
          if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        }));
        if (round > 0) each.times.push(performance.now() - started); // round 0 warms up
      }
    }
  } finally {
    await uncapped.close();
  }
  return servers.map((each) => logged({ path: '(view)', query: each.label, runs: rounds, ...p50p95(each.times), rows: paths.length, informative: 'the time of a whole view, not of one query' }));
}

/** The national topic × help statement straight in SQL, without the report time limit: the work a refusal spares. */
async function timeTwoFacetsInSql(db: Database, runs: number): Promise<StatsTiming> {
  const statement = statsStatement(['topic', 'help'], { from: YEAR.from, to: YEAR.to }, await loadPlaces(db));
  const { p50Ms, p95Ms, answers } = await timeRuns(runs, () => db.query(statement.text, statement.params));
  return logged({ path: '(SQL, no time limit)', query: 'national, year, topic × help', runs, p50Ms, p95Ms, rows: answers.at(-1)?.length ?? 0, informative: 'the same statement in SQL, without the time limit: the work the limit refuses' });
}

/** Prints a timing as soon as it is measured (a long run shows its progress, and a stopped one what it had). */
function logged<T extends { path?: string; query: string; p50Ms: number; p95Ms: number; refused?: string }>(timing: T): T {
  console.log(`  ${timing.path ?? ''} ${timing.query}: p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms${timing.refused ? ` (${timing.refused})` : ''}`);
  return timing;
}

/** GET /stats/rising nationally, for a province and for a coordinator, judging December of the bench year. */
async function timeRising(baseUrl: string, national: string, coordinator: string, runs: number): Promise<StatsTiming[]> {
  return [
    await timeStats(baseUrl, national, 'month=2025-12', 'national, 25 months of topics', runs, '/stats/rising'),
    await timeStats(baseUrl, national, 'month=2025-12&province=Utrecht', 'one province, 25 months of topics', runs, '/stats/rising'),
    await timeStats(baseUrl, coordinator, 'month=2025-12', 'coordinator, 25 months of topics', runs, '/stats/rising'),
  ];
}

/** Streams an export over HTTP and counts its lines (the bench data has no line breaks inside cells). */
async function timeExport(baseUrl: string, token: string, query: string): Promise<ReportFigures['export']> {
  const started = performance.now();
  const rssBefore = process.memoryUsage().rss;
  let maxRss = rssBefore;
  const response = await fetch(`${baseUrl}/api/v1/export.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || !response.body) throw new Error(`export: ${response.status}`);
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = lines - 1;
  return { rows, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds), rssBeforeMb: Math.round(rssBefore / 2 ** 20), maxRssMb: Math.round(maxRss / 2 ** 20) };
}

/** The stats endpoint and the CSV export over `questions` questions (default 5 million) on PostgreSQL. */
export async function benchReports({ questions = 5_000_000, runs = 20, keepDb }: { questions?: number; runs?: number; keepDb?: string } = {}): Promise<ReportFigures> {
  const cluster = await startPostgres(keepDb);
  const { url } = await createDatabase(cluster, 'ido_bench_reports', { keep: keepDb !== undefined });
  const server = await startServer(openPostgres(url), 'reports');
  const { db } = server;
  const registrations = Math.ceil((2 * questions) / 3);
  // --keep-db: a database loaded by an earlier run is used as it is (migrations above still ran on it).
  const [{ n: kept }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE batch_id = md5(\'bench\')::uuid');
  if (kept !== 0 && kept !== registrations) throw new Error(`--keep-db ${keepDb}: it holds ${kept} bench contacts, not ${registrations}; remove the folder or pass the --questions it was made with`);
  let loadSeconds = 0;
  let rollupSeconds = 0;
  if (kept === 0) {
    const loadStarted = performance.now();
    await seedPlaces(db);
    await seedQuestions(db, questions);
    loadSeconds = (performance.now() - loadStarted) / 1000;
    console.log(`  reports: ${questions.toLocaleString('en')} questions loaded in ${Math.round(loadSeconds)} s`);

    const rollupStarted = performance.now();
    await db.transaction(async (tx) => {
      await tx.query("SET LOCAL work_mem = '256MB'");
      await rebuildReportRollup(tx);
      await rebuildHourRollup(tx);
    });
    rollupSeconds = (performance.now() - rollupStarted) / 1000;
    console.log(`  reports: rollups (report, hour, heat) rebuilt in ${Math.round(rollupSeconds)} s`);
    await seedBenchHours(db);
    await db.query('VACUUM ANALYZE');
  } else {
    console.log(`  reports: reusing the database kept in ${keepDb} (${kept.toLocaleString('en')} contacts; load and rollup rebuild skipped)`);
  }
  const [{ n: stored }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM questions');
  const [{ n: rollupRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_rollup');

  const national = await createApiToken(db, 'national', null);
  const [{ id: organisation }] = await db.query<{ id: string }>("SELECT md5('bench-org0')::uuid::text AS id");
  const coordinator = await createApiToken(db, 'coordinator', organisation);
  const year = `from=${YEAR.from}&to=${YEAR.to}`;
  const stats = [
    await timeStats(server.url, national, `${year}&groupBy=month,topic`, 'national, year, month × topic', runs),
    await timeStats(server.url, national, `${year}&groupBy=location`, 'national, year, by location', runs),
    await timeStats(server.url, national, `${year}&groupBy=week,topic`, 'national, year, week × topic', runs),
    await timeStats(server.url, national, `${year}&groupBy=province`, 'national, year, by province', runs),
    await timeStats(server.url, coordinator, `${year}&groupBy=month,topic`, 'coordinator, year, month × topic', runs),
    // Partial months: 15–19 January is its period (13–19) from the rollup less 13–14 January from the questions;
    // without a question dimension the edge days come from the hour rollup.
    await timeStats(server.url, national, 'from=2025-01-15&to=2025-06-15&groupBy=month,topic', 'national, 15 Jan–15 Jun (partial months), month × topic', runs),
    await timeStats(server.url, national, 'from=2025-01-15&to=2025-06-15&groupBy=month', 'national, 15 Jan–15 Jun (partial months), by month', runs),
    await timeStats(server.url, coordinator, `${year}&groupBy=topic,help`, 'coordinator, year, topic × help (no rollup)', runs),
    // No page asks two question dimensions at once. Nationally the whole year is read from the questions, past the
    // report time limit (REPORT_TIMEOUT_MS, 5 s by default): refused with 422. Beside it the same statement in SQL.
    await timeStats(server.url, national, `${year}&groupBy=topic,help`, `national, year, topic × help (no rollup; time limit ${DEFAULT_REPORT_TIMEOUT_MS} ms)`, 3, '/stats', 'report_too_large'),
    await timeTwoFacetsInSql(db, 2),
    // "Opvallend": 25 months of the topic rollup (the bench year is 2025), beside the month × topic stats above.
    ...await timeRising(server.url, national, coordinator, runs),
    logged({ path: '/reports/annual', ...await timeAnnualReport(server.url, coordinator, `year=${YEAR.from.slice(0, 4)}`, 'coordinator, year (annual report)', runs) }),
    logged({ path: '/reports/annual', ...await timeAnnualReport(server.url, await createApiToken(db, 'municipality', null, 365, 'GM1000'), `year=${YEAR.from.slice(0, 4)}`, 'municipality GM1000, year (annual report)', runs) }),
    ...await timeDashboardAtOnce(server, db, runs),
  ];
  const hours = [...await timeHoursInsight(server.url, { national, coordinator }, 'bench-loc-0', runs), ...await timeHoursSqlBeforeAndAfter(db, runs)];
  const [{ n: hourRollupRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_hour_rollup');
  const [{ n: heatRollupRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_heat_rollup');
  const exported = await timeExport(server.url, national, 'from=2025-01-01&to=2025-03-31');
  await server.stop();
  return { postgres: `${cluster.source} ${cluster.version}`, questions: stored, registrations, locations: LOCATIONS, loadSeconds: Math.round(loadSeconds), rollupSeconds: Math.round(rollupSeconds), rollupRows, stats, export: exported, hourRollupRows, heatRollupRows, hours };
}

/** The figures as the table `npm run bench` and the standalone run print. */
export function printReportFigures(figures: ReportFigures): void {
  console.log(`reports on PostgreSQL ${figures.postgres}: ${figures.questions.toLocaleString('en')} questions, ${figures.registrations.toLocaleString('en')} contacts, `
    + `${figures.locations} locations; load ${figures.loadSeconds} s, rollup rebuild ${figures.rollupSeconds} s (${figures.rollupRows.toLocaleString('en')} rows)`);
  console.table(figures.stats.map((s) => ({ 'GET /api/v1/…': `${s.path ?? '/stats'} ${s.query}`, runs: s.runs, 'p50 ms': s.p50Ms, 'p95 ms': s.p95Ms, rows: s.rows, refused: s.refused ?? '' })));
  console.table(figures.hours.map((h) => ({ [`hours insight (hour rollup ${figures.hourRollupRows.toLocaleString('en')} rows, heat rollup ${figures.heatRollupRows.toLocaleString('en')})`]: h.query, runs: h.runs, 'p50 ms': h.p50Ms, 'p95 ms': h.p95Ms })));
  const e = figures.export;
  console.table([{ 'GET /api/v1/export.csv (Q1, national)': `${e.rows.toLocaleString('en')} rows`, seconds: e.seconds, 'rows/s': e.rowsPerSecond, 'RSS before MB': e.rssBeforeMb, 'max RSS MB': e.maxRssMb }]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { questions: { type: 'string' }, runs: { type: 'string' }, 'keep-db': { type: 'string' } } });
  const stop = () => void runCleanups().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    printReportFigures(await benchReports({ questions: values.questions ? Number(values.questions) : undefined, runs: values.runs ? Number(values.runs) : undefined, keepDb: values['keep-db'] }));
  } finally {
    await runCleanups();
  }
}
