import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Database, type PreparedSql, type Queryable, type Row, sqlText, translateError, withRetries } from './database';
import { acquireDirectoryLock } from './directory-lock';

function queryable(target: PGlite | Transaction): Queryable {
  return {
    async query<T extends Row = Row>(sql: string | PreparedSql, params: readonly unknown[] = []) {
      try {
        return (await target.query<T>(sqlText(sql), params as unknown[])).rows;
      } catch (error) {
        throw translateError(error);
      }
    },
    async exec(script: string) {
      try {
        await target.exec(script);
      } catch (error) {
        throw translateError(error);
      }
    },
  };
}

/**
 * Opens PGlite: in memory without a directory (tests), else on disk in `dataDir`.
 * PGlite is single-process, so a lock file keeps a second process (server or admin) out.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const release = dataDir ? await acquireDirectoryLock(dataDir) : async () => {};
  let pglite: PGlite;
  try {
    pglite = dataDir ? await PGlite.create(`${dataDir}/pglite`) : await PGlite.create();
  } catch (error) {
    await release();
    throw error;
  }
  const direct = queryable(pglite);
  return {
    kind: 'pglite',
    query: direct.query,
    exec: direct.exec,
    transaction: (work) => withRetries(() => pglite.transaction((tx) => work(queryable(tx)))),
    async close() {
      if (!pglite.closed) await pglite.close();
      await release();
    },
  };
}
