import type { Database, Queryable } from '../src/server/db/database';

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
  ['fold: hour + heat rollups', /DELETE FROM report_hour_rollup_pending|DELETE FROM report_(hour|heat)_rollup /],
  ['fold lock', /pg_(try_)?advisory_xact_lock/],
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
  /** label → summed milliseconds and count, over all transactions since reset */
  statements: Map<string, { ms: number; count: number }>;
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
  const label = (sql: string) => LABELS.find(([, pattern]) => pattern.test(sql))?.[0] ?? 'other';
  const wrapTx = (tx: Queryable): Queryable => ({
    exec: (script) => tx.exec(script),
    query: async (sql, params) => {
      if (mode === 'off') return tx.query(sql, params);
      if (mode === 'skip-rollups' && ROLLUP.test(sql)) return [];
      const started = performance.now();
      try {
        return await tx.query(sql, params);
      } finally {
        const entry = profile.statements.get(label(sql)) ?? { ms: 0, count: 0 };
        entry.ms += performance.now() - started;
        entry.count++;
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
      try {
        return await inner.transaction((tx) => work(wrapTx(tx)));
      } finally {
        profile.transactionMs += performance.now() - started;
        profile.transactions++;
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
