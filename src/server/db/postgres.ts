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

/**
 * A connection URL as libpq reads it, for postgres.js: `?host=/a/folder` (a folder that holds PostgreSQL's Unix
 * socket, as `psql` takes it) connects through that socket. postgres.js takes a socket folder only as its `host`
 * option, and would send an unknown query parameter to the server as a setting.
 */
export function connectionOf(url: string): { url: string; host?: string } {
  // Only the query is read: postgres.js takes URLs `new URL` refuses (several hosts: `h1:5432,h2:5432`).
  const query = url.indexOf('?');
  if (query < 0) return { url };
  const params = new URLSearchParams(url.slice(query + 1));
  const host = params.get('host');
  if (host === null || !host.startsWith('/')) return { url };
  params.delete('host');
  const rest = params.toString();
  return { url: url.slice(0, query) + (rest ? `?${rest}` : ''), host };
}

/** A URL that reaches PostgreSQL through the Unix socket in `folder` (libpq's `?host=/folder`, read by `connectionOf`). */
export function throughSocket(url: string, folder: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}host=${encodeURIComponent(folder)}`;
}

/** A postgres.js client for a URL as libpq reads it (`connectionOf`). */
export function postgresClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const connection = connectionOf(url);
  try {
    return postgres(connection.url, connection.host ? { ...options, host: connection.host } : options);
  } catch (error) {
    // Node's error says only "Invalid URL" and holds the whole address (password included) as `input`: neither is passed on.
    if ((error as { code?: unknown }).code === 'ERR_INVALID_URL') throw new Error(INVALID_URL);
    throw error;
  }
}

const INVALID_URL =
  'DATABASE_URL is geen geldig adres van een PostgreSQL-database. Schrijf het als postgres://gebruiker:wachtwoord@host:5432/database; ' +
  'tekens als @, :, / of # in de gebruikersnaam of het wachtwoord schrijft u met procentcodes (@ wordt %40).';

/** Connects to PostgreSQL through a small pool; several server processes may share one database. */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const sql = postgresClient(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    // No idle timeout: a connection that closed after a quiet minute cost the next report its connects and its
    // plans on each new connection again (the annual report after 65 s idle: 329–663 ms, against 125–153 with the
    // connections kept; bench/README.md). postgres.js still renews each connection after 30–60 minutes.
    idle_timeout: 0,
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
    close: (options) => sql.end({ timeout: options?.fast ? 0 : 5 }),
  };
}
