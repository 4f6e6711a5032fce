import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS, ApiError } from '../../src/server/errors';
import { timeLimited } from '../../src/server/reports/time-limit';
import { counts, getReport, type ReportTokens, seedReportData, stats } from './reports-fixtures';
import { ORGANISATION } from './fixtures';
import { createTestDatabase, expectApiError, type TestDatabase, useTestServer } from './test-server';

/*
 * A report's statement runs at most REPORT_TIMEOUT_MS (reports/time-limit.ts); PostgreSQL stops one that runs longer.
 * No test may hang on the machine's speed, so the slow statement here is one that cannot finish: another connection
 * holds the questions table locked, and statement_timeout counts the wait for a lock too. PostgreSQL only: PGlite has
 * no timer that stops a statement (there every report test runs through the same time limit, without effect).
 */
/** Holds the questions table locked from another connection until the returned function is called (and awaited). */
async function lockQuestions(database: TestDatabase): Promise<() => Promise<void>> {
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = database.openAnother!().transaction(async (tx) => {
    await tx.query('LOCK TABLE questions IN ACCESS EXCLUSIVE MODE');
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await isLocked;
  return async () => {
    release();
    await holding;
  };
}

describe('a report statement over the time limit, on PostgreSQL', () => {
  const server = useTestServer('postgres', { reportTimeoutMs: 300 });
  let tokens: ReportTokens;
  beforeAll(async () => {
    tokens = await seedReportData(server);
  });

  it('is stopped by PostgreSQL and answered with 422 report_too_large in Dutch; once the table is free the same query answers in full', async () => {
    const before = counts(await stats(server, tokens.national, 'groupBy=topic,help'));
    expect(before.length).toBeGreaterThan(5);
    const release = await lockQuestions(server.database);
    try {
      // Two question dimensions read the questions themselves: as slow as the lock lasts.
      for (const url of ['/api/v1/stats?groupBy=topic,help', '/api/v1/stats.csv?groupBy=topic,help', `/api/v1/stats?groupBy=topic,help&organisation=${ORGANISATION.id}`]) {
        const response = await getReport(server, url, tokens.national);
        expectApiError(response, 422, 'report_too_large');
        expect(response.json().message).toBe(API_ERRORS.report_too_large[1]);
        expect(response.json().message).toMatch(/Kies een kortere periode of een kleiner gebied/);
      }
      // What the lock does not stop still answers: the time limit is per statement, not a broken server.
      expect((await getReport(server, '/api/v1/report-locations', tokens.national)).statusCode).toBe(200);
    } finally {
      await release();
    }
    // No statement of the stopped requests is left running, and nothing changed.
    const [{ running }] = await server.db.query<{ running: number }>(
      "SELECT count(*)::int AS running FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%CROSS JOIN LATERAL unnest(q.topics)%' AND pid <> pg_backend_pid()",
    );
    expect(running).toBe(0);
    expect(counts(await stats(server, tokens.national, 'groupBy=topic,help'))).toEqual(before);
  });

  it('leaves no limit behind on the pool: SET LOCAL ends with each report statement\'s own transaction', async () => {
    for (let i = 0; i < 3; i++) await stats(server, tokens.national, 'groupBy=topic,help');
    // As many at once as the pool has connections (10), so every connection a report used is asked.
    const settings = await Promise.all(Array.from({ length: 10 }, () => server.db.query<{ timeout: string }>("SELECT current_setting('statement_timeout') AS timeout")));
    expect(new Set(settings.map(([row]) => row.timeout))).toEqual(new Set(['0']));
  });
});

describe('report statements at once, on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database?.drop());

  it('run at most `concurrency` at a time: the rest wait in the server, holding no connection, and all answer once free', async () => {
    const reads = timeLimited(database.db, 60_000, 2);
    const release = await lockQuestions(database);
    const marker = '/* report-concurrency-test */';
    const waitingInPostgres = async () => (await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1",
      [`%${marker}%`],
    ))[0].n;
    const answers = Promise.all(Array.from({ length: 5 }, () => reads.query<{ n: number }>(`SELECT count(*)::int AS n FROM questions ${marker}`)));
    try {
      await expect.poll(async () => [reads.running(), reads.waiting(), await waitingInPostgres()], { timeout: 60_000, interval: 50 }).toEqual([2, 3, 2]);
    } finally {
      await release();
    }
    expect((await answers).map(([row]) => row.n)).toEqual([0, 0, 0, 0, 0]);
    expect([reads.running(), reads.waiting()]).toEqual([0, 0]);
  });

  it('wait at most `maxWaitMs` for a turn: then 503 reports_busy in Dutch with a Retry-After, and the queue goes on', async () => {
    // One slot, held by a statement that cannot finish while the table is locked; two more wait for it.
    const reads = timeLimited(database.db, 60_000, 1, 200);
    const release = await lockQuestions(database);
    let first: Promise<unknown> | undefined;
    try {
      first = reads.query('SELECT count(*)::int AS n FROM questions');
      const refused = await Promise.allSettled([reads.query('SELECT 1'), reads.query('SELECT 2')]);
      for (const outcome of refused) {
        expect(outcome.status).toBe('rejected');
        const error = (outcome as PromiseRejectedResult).reason as ApiError;
        expect(error).toBeInstanceOf(ApiError);
        expect([error.statusCode, error.code, error.message, error.headers]).toEqual([503, 'reports_busy', API_ERRORS.reports_busy[1], { 'retry-after': '5' }]);
      }
      // The refused ones left the queue and took no slot: the first still runs, nothing waits.
      expect([reads.running(), reads.waiting()]).toEqual([1, 0]);
    } finally {
      await release();
    }
    expect(await first).toEqual([{ n: 0 }]);
    expect([reads.running(), reads.waiting()]).toEqual([0, 0]);
    // With the slot free the next statement runs as before.
    expect(await reads.query<{ n: number }>('SELECT 3 AS n')).toEqual([{ n: 3 }]);
  });
});
