import { columnArrays } from '../db/array-literal';
import { schemaCurrent } from '../db/migrate';
import { ApiError, RETRY_AFTER_SECONDS } from '../errors';
import { type Database, insufficientResources, isUnavailable, type LoggedFailure, loggedFailure, type PreparedSql, preparedSql, type Queryable } from '../db/database';
import type { Registration } from '../../shared/registration';
import { contributionOf } from './contribution';
import { appendHourDeltaSql, foldHourDeltas, HOUR_DELTA_COLUMNS } from './hours-rollup';
import { appendReportDeltaSql, foldReportDeltas, REPORT_DELTA_COLUMNS } from './rollup';

/*
 * How the report rollups (rollup.ts, hours-rollup.ts, heat-rollup.ts) follow the questions. A batch transaction
 * only appends its deltas to the pending tables (migrations 020 and 023): minus what its replaced registrations counted
 * (read from their question rows before they go), plus what its written ones count now (from the records). Those
 * rows belong to that batch alone, so batches never wait for each other's rollup rows. A fold takes every pending row (DELETE … RETURNING) and adds their sums per key to the
 * rollups, in key order, in one transaction under one advisory lock; because a batch commits its deltas at once and
 * a fold takes all committed ones, the rollups plus the pending rows always equal a recount from the questions.
 *
 * A fold runs FOLD_DELAY_MS after a batch is answered (in the background, one at a time per process: batches answered
 * during that wait go in with it, later ones in the next round, so a fold takes the deltas of many batches and
 * writes a key once for all of them; skipped while another instance folds), and before every report reads the
 * rollups (`rollupsCurrent`, which waits for a fold in progress), so a report counts every batch answered before it
 * was asked. A fold that fails or is skipped in the background leaves its rows pending: the next one, or the next
 * report, takes them. A failure other than a closed or unreachable database (a full disk, class 53, or any other) is
 * logged at error level with PostgreSQL's reason and code, once per run of failures: the next success ends the run
 * with one info line.
 */

export const FOLD_LOCK = 4_242_003;

// The statements of every batch and fold, prepared once per connection (database.ts).
const APPEND_STORED_DELTAS = Object.fromEntries(
  ([1, -1] as const).map((sign) => [sign, preparedSql(`WITH ${appendReportDeltaSql('$1', sign)}, ${appendHourDeltaSql('$1', sign)} SELECT 1`)]),
) as Record<1 | -1, PreparedSql>;
const APPEND_WRITTEN_DELTAS = preparedSql(
  `WITH report_delta AS (
     INSERT INTO report_rollup_pending (${REPORT_DELTA_COLUMNS.join(', ')})
     VALUES ($1::text[], $2::date[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[])
   )
   INSERT INTO report_hour_rollup_pending (${HOUR_DELTA_COLUMNS.join(', ')})
   VALUES ($8::text[], $9::date[], $10::smallint[], $11::text[], $12::uuid[], $13::int[], $14::int[], $15::int[], $16::int[])`,
);
const TRY_FOLD_LOCK = preparedSql('SELECT pg_try_advisory_xact_lock($1) AS locked');
const FOLD_LOCK_WAIT = preparedSql('SELECT pg_advisory_xact_lock($1)');
const ANY_PENDING = preparedSql('SELECT EXISTS (SELECT 1 FROM report_rollup_pending) OR EXISTS (SELECT 1 FROM report_hour_rollup_pending) AS pending');

/** Appends to the pending tables what the stored questions of these registrations count now, times `sign` (read from their question rows). */
export async function appendRollupDeltas(tx: Queryable, registrationIds: readonly string[], sign: 1 | -1): Promise<void> {
  if (registrationIds.length === 0) return;
  await tx.query(APPEND_STORED_DELTAS[sign], [JSON.stringify(registrationIds)]);
}

/**
 * Appends what these just-written live registrations count, computed from the records (contribution.ts) instead
 * of read back from their question rows: one row per table, each column an array literal.
 */
export async function appendWrittenDeltas(tx: Queryable, records: readonly Registration[]): Promise<void> {
  const { report, hours } = contributionOf(records);
  if (report.length === 0 && hours.length === 0) return;
  // One array literal per column, in the columns' order: the delta rows' fields are named as the columns.
  await tx.query(APPEND_WRITTEN_DELTAS, [...columnArrays(report, REPORT_DELTA_COLUMNS), ...columnArrays(hours, HOUR_DELTA_COLUMNS)]);
}

/**
 * Folds every pending delta into the rollups now; waits for a fold in progress elsewhere first. With `wait: false`
 * (the background fold) it does nothing when another fold holds the lock: that one, or the next, takes the rows.
 */
export async function foldRollups(db: Database, options: { wait?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    // A newer version's migration may have changed what the pending rows hold or how they fold: its processes fold
    // them. Before the fold's lock, as a batch takes it (migrate.ts): one order of the two locks everywhere.
    if (!(await schemaCurrent(tx))) throw new ApiError('server_outdated', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    if (options.wait === false) {
      const [{ locked }] = await tx.query<{ locked: boolean }>(TRY_FOLD_LOCK, [FOLD_LOCK]);
      if (!locked) return;
    } else {
      await tx.query(FOLD_LOCK_WAIT, [FOLD_LOCK]);
    }
    await foldReportDeltas(tx);
    await foldHourDeltas(tx);
  });
}

/**
 * Makes the rollups count every batch answered before this call: folds what is pending. Without pending rows it
 * only reads (a fold in progress elsewhere still shows its rows until it commits, so none seen means none left).
 */
export async function rollupsCurrent(db: Database): Promise<void> {
  const [{ pending }] = await db.query<{ pending: boolean }>(ANY_PENDING);
  if (pending) await foldRollups(db);
}

/**
 * How long a background fold waits after the answer that asked for it: the batches answered meanwhile join it, so a
 * key that several of them touch is written once. Reports never wait for it (they fold what is pending themselves).
 */
export const FOLD_DELAY_MS = 250;

/** Where a background fold reports a failure: the server's logger (pino), or the admin command's stderr. */
export interface FoldLog {
  error(fields: { failure: LoggedFailure }, message: string): void;
  info(fields: { failedFolds: number }, message: string): void;
  /** every failed fold, also those of a run that is logged once (the server's metrics count them) */
  failed?(): void;
}

/** Without the server's logger (the admin command's import-file): one Dutch line on stderr. */
const STDERR_FOLD_LOG: FoldLog = {
  error: ({ failure: { code, message } }) => {
    console.error(`De rapporttellingen konden niet worden bijgewerkt${code ? ` (${code})` : ''}: ${message}. De batches zijn opgeslagen; de volgende telling of het volgende rapport neemt ze mee.`);
  },
  info: () => {},
};

interface Folder {
  running?: Promise<void>;
  /** where a failure is logged (the last caller's) */
  log: FoldLog;
  /** background folds failed since the last one that worked: the first was logged, the rest are not */
  failures: number;
  /** another answer came while a round was folding: one more round */
  again: boolean;
  /** ends the current wait now (settleFolds) */
  hurry?: () => void;
  /** settleFolds asked: the rounds left wait no more */
  hurried: boolean;
}
const folders = new WeakMap<Database, Folder>();

/**
 * Starts a background fold `delayMs` after the current work (a batch's answer); answers meanwhile join that fold,
 * and while one folds, they ask for one more round.
 */
export function foldSoon(db: Database, delayMs = FOLD_DELAY_MS, log: FoldLog = STDERR_FOLD_LOG): void {
  let folder = folders.get(db);
  if (!folder) folders.set(db, (folder = { again: false, hurried: false, log, failures: 0 }));
  folder.log = log;
  if (folder.running) {
    folder.again = true;
    return;
  }
  const state = folder;
  state.running = (async () => {
    do {
      await new Promise<void>((resolve) => {
        state.hurry = resolve;
        if (state.hurried || delayMs <= 0) setImmediate(resolve);
        // A closing process does not wait for it: the rows stay pending for the next fold or report.
        else setTimeout(resolve, delayMs).unref();
      });
      state.again = false;
      try {
        // Several server instances: one folds, the others go on answering instead of waiting with a connection.
        await foldRollups(db, { wait: false });
        if (state.failures > 0) {
          state.log.info({ failedFolds: state.failures }, 'rollup fold works again; the pending rows are folded');
          state.failures = 0;
        }
      } catch (error) {
        // The rows stay pending for the next fold or report; a closed database ends the rounds. Any other failure (a
        // full disk, PostgreSQL's class 53, and what else may come) is logged, once for a run of them: a fold follows
        // every answered batch, and one line per fold would flood the log while the disk stays full.
        const resources = insufficientResources(error);
        if (isUnavailable(error) && !resources) return;
        state.log.failed?.();
        if (state.failures === 0) state.log.error({ failure: loggedFailure(error) }, 'rollup fold failed; its rows stay pending for the next fold or report');
        state.failures += 1;
        if (isUnavailable(error)) return;
      }
    } while (state.again);
  })().finally(() => {
    state.running = undefined;
    state.hurry = undefined;
    state.hurried = false;
  });
}

/** Folds now what the background fold of this database waits for, and waits for it (before the database closes). */
export async function settleFolds(db: Database): Promise<void> {
  for (let folder = folders.get(db); folder?.running; ) {
    folder.hurried = true;
    folder.hurry?.();
    await folder.running;
  }
}
