/** A row as both drivers return it: column name → value. */
export type Row = Record<string, unknown>;

/** A timestamp column as the API writes it: ISO 8601 in UTC, or null. Both drivers return a Date (PGlite may return a string). */
export function isoOrNull(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

/**
 * A statement whose text never changes, made once at module level with `preparedSql`: on PostgreSQL each connection
 * parses and plans it once and then only binds its parameters (a named prepared statement), where other statements
 * are parsed, planned and described anew each time, with one more round trip before their parameters go. For the
 * statements every batch, fold or request runs; never for a text built per call (each text stays prepared on every
 * connection for the connection's life), nor for reports, whose filters make plans that one text should not share.
 */
export interface PreparedSql {
  readonly text: string;
  readonly prepared: true;
}

export function preparedSql(text: string): PreparedSql {
  return Object.freeze({ text, prepared: true as const });
}

/** The text of a statement, prepared or not. */
export function sqlText(sql: string | PreparedSql): string {
  return typeof sql === 'string' ? sql : sql.text;
}

/** Runs SQL with `$1`-style parameters. JSON goes in as a string cast with `$n::text::jsonb`. */
export interface Queryable {
  query<T extends Row = Row>(sql: string | PreparedSql, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** The one database seam of the server: PGlite on a laptop, PostgreSQL behind a load balancer. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction (READ COMMITTED); retries it on deadlock or serialization failure. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Ends every connection; later queries fail as unavailable. `fast`: without waiting for the statements in flight
   * (they fail, their transactions roll back); the embedded PostgreSQL is stopped all the same.
   */
  close(options?: { fast?: boolean }): Promise<void>;
}

/** The database cannot be reached: the client should retry later (503 with Retry-After). */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('De database is niet bereikbaar. Controleer DATABASE_URL en of PostgreSQL draait.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

// Connection-level failures, by PostgreSQL SQLSTATE class or Node socket code.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '53300', '53000',
]);

/** Whether an error from a driver means "cannot reach the database" rather than "bad query". */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return error instanceof Error && /PGlite is closed/.test(error.message);
}

/**
 * PostgreSQL's refusal for want of resources (class 53: disk full 53100, out of memory 53200, too many connections
 * 53300, a configured limit 53400), with its own message: temporary trouble of the server, not of the request, so the
 * client tries again later (503 with Retry-After). Also found as the cause of a DatabaseUnavailableError (53300 is one).
 */
export function insufficientResources(error: unknown): { code: string; message: string } | undefined {
  for (let at = error, depth = 0; at && depth < 3; at = (at as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = at as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^53[0-9A-Z]{3}$/.test(code)) return { code, message: String(message ?? '') };
  }
  return undefined;
}

/** A failure as a log line gives it: its kind, PostgreSQL's (or Node's) code and its message; no statement, parameters or values. */
export interface LoggedFailure {
  type: string;
  code?: string;
  message: string;
}

/**
 * What a log line says of a failure: its kind (`DatabaseOutOfResources` for PostgreSQL's class 53, else the error's
 * name), its code when it has one, and its message. Logged under `failure`, never `err`: pino's error serializer
 * replaces the `type` of anything with a message by the object's constructor, so every such line said "Object".
 */
export function loggedFailure(error: unknown): LoggedFailure {
  const resources = insufficientResources(error);
  if (resources) return { type: 'DatabaseOutOfResources', ...resources };
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  return {
    type: typeof name === 'string' && name ? name : 'Error',
    ...(typeof code === 'string' ? { code } : {}),
    message: withoutValues(typeof message === 'string' ? message : String(error), code),
  };
}

/** PostgreSQL's classes whose quoted words are our own names (tables, columns, constraints), never values: 23 and 42. */
const NAMES_ONLY = /^(23|42)[0-9A-Z]{3}$/;

/**
 * A message as the log may keep it: PostgreSQL quotes the value it refused (`invalid input syntax for type uuid:
 * "…"`, a date out of range, a time zone) and names bytes it could not read (`0x00`), and such a value may be what
 * someone typed. From the first to the last double quote (a value may hold quotes itself) becomes `"…"`, each byte
 * `0x…`; the words around them and the code say what went wrong. Class 53 (resources) keeps its file names
 * (`insufficientResources`), classes 23 and 42 their names of tables and constraints.
 */
export function withoutValues(message: string, code?: unknown): string {
  if (typeof code === 'string' && NAMES_ONLY.test(code)) return message;
  return message.replace(/"[\s\S]*"/, '"…"').replace(/\b0x[0-9a-f]{2}(?: 0x[0-9a-f]{2})*/gi, '0x…');
}

/** Whether an error is a deadlock or serialization failure that a retry resolves. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Whether an error is PostgreSQL's unique_violation (23505): a row with that key was written by another transaction first. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/** Wraps connection failures so every caller sees one error type for "database down". */
export function translateError(error: unknown): unknown {
  return isUnavailable(error) && !(error instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(error) : error;
}

/** Runs a transaction attempt, retrying a few times on deadlock or serialization failure. */
export async function withRetries<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || i >= tries) throw translateError(error);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * i));
    }
  }
}
