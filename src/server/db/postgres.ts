import postgres from 'postgres';
import { type Database, type PreparedSql, type Queryable, type Row, sqlText, translateError, withRetries } from './database';

type Sql = postgres.Sql | postgres.TransactionSql;

function queryable(sql: Sql): Queryable {
  return {
    async query<T extends Row = Row>(statement: string | PreparedSql, params: readonly unknown[] = []) {
      try {
        // postgres.js prepares nothing sent through `unsafe` unless asked: only the fixed texts (PreparedSql), also
        // one without parameters (else sent as a simple query).
        const options = typeof statement === 'string' ? {} : { prepare: true, simple: false };
        return [...(await sql.unsafe(sqlText(statement), params as postgres.ParameterOrJSON<never>[], options))] as unknown as T[];
      } catch (error) {
        throw translateError(error);
      }
    },
    async exec(script: string) {
      try {
        await sql.unsafe(script);
      } catch (error) {
        throw translateError(error);
      }
    },
  };
}

/** Connects to PostgreSQL through a small pool; several server processes may share one database. */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    // Values come back as the same JS types PGlite gives (bigint stays a string: cast in SQL where needed).
  });
  const direct = queryable(sql);
  return {
    kind: 'postgres',
    query: direct.query,
    exec: direct.exec,
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      withRetries(() => sql.begin((tx) => work(queryable(tx))) as Promise<T>),
    close: () => sql.end({ timeout: 5 }),
  };
}
