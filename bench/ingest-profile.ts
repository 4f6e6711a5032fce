import { type Database, type PreparedSql, type Queryable, sqlText } from '../src/server/db/database';
import { threadCpuMs } from './cpu';

/*
 * Where the ingest's time goes, from the server's own database seam: a Database wrapper that times every
 * statement inside the transactions (the batches', and the folds of the report rollups after them) by what it does
 * (the first matching label below), and the transactions themselves. Statement times include waiting for locks.
 * In mode 'skip-rollups' the statements that append rollup deltas and fold them are not sent (they answer no
 * rows): the same ingest without its rollups, to show what they cost. Bench only.
 */

const LABELS: [label: string, pattern: RegExp][] = [
  ['append rollup deltas', /^\s*WITH report_delta AS/],
  ['fold: report rollup', /DELETE FROM report_rollup_pending|DELETE FROM report_rollup /],
  ['fold: hour + heat rollups', /DELETE FROM report_hour_rollup_pending|DELETE FROM report_(org_)?(hour|heat)_rollup /],
  ['schema guard', /^SELECT pg_advisory_xact_lock_shared|^SELECT \(SELECT max\(version\)/],
  ['fold lock', /pg_(try_)?advisory_xact_lock\(/],
  ['claim batchId', /^\s*INSERT INTO batches/],
  ['store answer', /^\s*UPDATE batches/],
  ['insert registrations', /^\s*INSERT INTO registrations/],
  ['insert questions', /^\s*INSERT INTO questions/],
  ['lock stored revisions', /FOR UPDATE|FROM registrations/],
  ['group sessions', /group_sessions/],
  ['locations', /FROM locations/],
];
const ROLLUP = /report_(hour_|heat_)?rollup/; // the deltas a batch appends, and the folds

export type ProfileMode = 'off' | 'profile' | 'skip-rollups';

export interface IngestProfile {
  /**
   * label → summed milliseconds and count, over all transactions since reset; on a PostgreSQL on this machine also
   * the CPU its backend spent on them (`cpuMs`, schedstat)
   */
  statements: Map<string, { ms: number; count: number; cpuMs?: number }>;
  /** on a PostgreSQL on this machine: the backends' CPU from each transaction's first statement to after its commit */
  backendCpuMs?: number;
  /** summed milliseconds inside db.transaction (begin to commit), and how many */
  transactionMs: number;
  transactions: number;
}

export interface ProfiledDatabase {
  db: Database;
  setMode(mode: ProfileMode): void;
  /** the profile since the last reset, then starts a new one */
  take(): IngestProfile;
}

export function profiledDatabase(inner: Database): ProfiledDatabase {
  let mode: ProfileMode = 'off';
  let profile: IngestProfile = { statements: new Map(), transactionMs: 0, transactions: 0 };
  const label = (sql: string | PreparedSql) => LABELS.find(([, pattern]) => pattern.test(sqlText(sql)))?.[0] ?? 'other';
  /**
   * The backend a transaction runs on (PostgreSQL on this machine, profile mode), and its CPU at the first statement:
   * asked with one more small statement per transaction, in the profiled round only.
   */
  interface Backend { pid?: number; cpuAtStart?: number }
  const wrapTx = (tx: Queryable, backend: Backend): Queryable => ({
    exec: (script) => tx.exec(script),
    query: async (sql, params) => {
      if (mode === 'off') return tx.query(sql, params);
      if (mode === 'skip-rollups' && ROLLUP.test(sqlText(sql))) return [];
      if (mode === 'profile' && inner.kind === 'postgres' && backend.pid === undefined) {
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        backend.pid = pid;
        backend.cpuAtStart = threadCpuMs(pid);
      }
      const started = performance.now();
      const cpuBefore = backend.pid === undefined ? undefined : threadCpuMs(backend.pid);
      try {
        return await tx.query(sql, params);
      } finally {
        const cpuAfter = backend.pid === undefined ? undefined : threadCpuMs(backend.pid);
        const entry = profile.statements.get(label(sql)) ?? { ms: 0, count: 0 };
        entry.ms += performance.now() - started;
        entry.count++;
        if (cpuBefore !== undefined && cpuAfter !== undefined) entry.cpuMs = (entry.cpuMs ?? 0) + cpuAfter - cpuBefore;
        profile.statements.set(label(sql), entry);
      }
    },
  });
  const db: Database = {
    kind: inner.kind,
    query: (sql, params) => inner.query(sql, params),
    exec: (script) => inner.exec(script),
    close: () => inner.close(),
    transaction: async (work) => {
      if (mode === 'off') return inner.transaction(work);
      const started = performance.now();
      const backend: Backend = {};
      try {
        return await inner.transaction((tx) => work(wrapTx(tx, backend)));
      } finally {
        profile.transactionMs += performance.now() - started;
        profile.transactions++;
        const cpuAtEnd = backend.pid === undefined ? undefined : threadCpuMs(backend.pid);
        if (backend.cpuAtStart !== undefined && cpuAtEnd !== undefined) profile.backendCpuMs = (profile.backendCpuMs ?? 0) + cpuAtEnd - backend.cpuAtStart;
      }
    },
  };
  return {
    db,
    setMode: (next) => void (mode = next),
    take: () => {
      const taken = profile;
      profile = { statements: new Map(), transactionMs: 0, transactions: 0 };
      return taken;
    },
  };
}

/** "report rollup 41 % · insert questions 12 % · …" of the summed transaction time, largest first. */
export function describeProfile(profile: IngestProfile): string {
  const total = profile.transactionMs || 1;
  const parts = [...profile.statements].sort((a, b) => b[1].ms - a[1].ms).map(([name, { ms }]) => `${name} ${Math.round((100 * ms) / total)} %`);
  const inStatements = [...profile.statements.values()].reduce((sum, { ms }) => sum + ms, 0);
  parts.push(`between statements (Node, driver, commit) ${Math.round((100 * (total - inStatements)) / total)} %`);
  return parts.join(' · ');
}

/**
 * "insert registrations 31 ms · … · commit and the rest 4 ms": the PostgreSQL backends' CPU per batch by statement
 * (a PostgreSQL on this machine; undefined otherwise), largest first.
 */
export function describeBackendCpu(profile: IngestProfile, batches: number): string | undefined {
  if (profile.backendCpuMs === undefined) return undefined;
  const perBatch = (ms: number) => `${(ms / batches).toFixed(1)} ms`;
  const measured = [...profile.statements].filter(([, entry]) => entry.cpuMs !== undefined) as [string, { cpuMs: number }][];
  const inStatements = measured.reduce((sum, [, { cpuMs }]) => sum + cpuMs, 0);
  return [
    ...measured.sort((a, b) => b[1].cpuMs - a[1].cpuMs).map(([name, { cpuMs }]) => `${name} ${perBatch(cpuMs)}`),
    `commit and the rest ${perBatch(profile.backendCpuMs - inStatements)}`,
  ].join(' · ') + ` (all: ${perBatch(profile.backendCpuMs)})`;
}
