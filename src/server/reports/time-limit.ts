import type { Database, PreparedSql, Queryable, Row } from '../db/database';
import { ApiError, RETRY_AFTER_SECONDS } from '../errors';

/**
 * How long one statement of a report may run (REPORT_TIMEOUT_MS). Every query a report page asks takes well under
 * 200 ms at five million questions; what no rollup holds (two question dimensions at once over the whole country:
 * 14–20 s there) is refused after this time instead of holding a connection and a core (bench/README.md, "Session 34").
 */
export const DEFAULT_REPORT_TIMEOUT_MS = 5_000;
export const REPORT_TIMEOUT_LIMITS = { min: 100, max: 600_000 } as const;

/**
 * How many report statements one server process runs at once; more wait in the process, not on a connection. The
 * pool has 10 connections: at least 6 stay free for the tablets' batches, enrolling and the kaart, whatever the
 * dashboards ask (a dashboard view sends a dozen requests at once, a stats request two statements).
 */
export const REPORT_CONCURRENCY = 4;

/** PostgreSQL's SQLSTATE for a statement cancelled, here by its statement_timeout. */
const QUERY_CANCELED = '57014';

/** REPORT_TIMEOUT_MS as the server reads it: whole milliseconds within the limits, or the default when unset. */
export function reportTimeoutFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_REPORT_TIMEOUT_MS;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < REPORT_TIMEOUT_LIMITS.min || ms > REPORT_TIMEOUT_LIMITS.max) {
    throw new Error(`REPORT_TIMEOUT_MS moet een heel aantal milliseconden van ${REPORT_TIMEOUT_LIMITS.min} tot en met ${REPORT_TIMEOUT_LIMITS.max} zijn, niet "${value.slice(0, 40)}".`);
  }
  return ms;
}

/** The reads of a report, and how many of its statements run and wait right now. */
export interface ReportReads extends Queryable {
  readonly running: () => number;
  readonly waiting: () => number;
}

/** Waits in `queue` for a slot passed on to it; refused with 503 `reports_busy` when none comes within `maxWaitMs`. */
function waitForSlot(queue: (() => void)[], maxWaitMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const take = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      queue.splice(queue.indexOf(take), 1);
      reject(new ApiError('reports_busy', { 'retry-after': String(RETRY_AFTER_SECONDS) }));
    }, maxWaitMs);
    queue.push(take);
  });
}

/**
 * The reads of a report with a time limit: each statement runs in a transaction of its own with
 * `SET LOCAL statement_timeout`, so PostgreSQL itself stops a statement that runs longer (its work, its locks and its
 * connection freed), and the caller gets 422 `report_too_large`, whose message says to choose a shorter period, a
 * smaller area or fewer dimensions. At most `concurrency` statements run at once; the rest wait their turn in order,
 * each at most `maxWaitMs` (by default as long as a statement may run): a statement that gets no slot by then is
 * refused with 503 `reports_busy` and a Retry-After, so a request never waits behind an endless queue of reports.
 * Only for reads: the fold of the rollups and any write use the database itself. PGlite has no timer that cancels
 * a statement; there the setting is accepted and a statement runs to its end.
 */
export function timeLimited(db: Database, timeoutMs: number, concurrency = REPORT_CONCURRENCY, maxWaitMs = timeoutMs): ReportReads {
  const setting = `SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`;
  let running = 0;
  const queue: (() => void)[] = [];
  const limited = async <T>(work: (tx: Queryable) => Promise<T>): Promise<T> => {
    // Refused while waiting: it never held a slot, so it passes none on.
    if (running >= concurrency) await waitForSlot(queue, maxWaitMs);
    else running++;
    try {
      return await db.transaction(async (tx) => {
        await tx.query(setting);
        return work(tx);
      });
    } catch (error) {
      throw (error as { code?: unknown } | null)?.code === QUERY_CANCELED ? new ApiError('report_too_large') : error;
    } finally {
      // The slot passes straight to the next in line, so a statement that arrives meanwhile cannot jump the queue.
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  };
  return {
    running: () => running,
    waiting: () => queue.length,
    query: <T extends Row = Row>(sql: string | PreparedSql, params?: readonly unknown[]) => limited((tx) => tx.query<T>(sql, params)),
    exec: (script: string) => limited((tx) => tx.exec(script)),
  };
}
