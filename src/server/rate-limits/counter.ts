import { preparedSql, type Queryable } from '../db/database';

/** One key's count in the current window, and the whole seconds until that window ends (at least 1). */
export interface WindowCount {
  key: string;
  count: number;
  retryAfterSeconds: number;
  /** the window's start, seconds since 1970: what `uncountRequest` needs */
  windowStart: number;
}

// Every request runs it: prepared once per connection (database.ts).
const COUNT_REQUEST = preparedSql(
  `INSERT INTO rate_limit_counters AS c (key, window_start, expires_at, count)
   SELECT k, w.start, w.start + make_interval(secs => $2::double precision), 1
   FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, n),
        (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int) AS start) AS w
   ORDER BY n
   ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + 1
   RETURNING c.key, c.count,
             greatest(1, ceil(extract(epoch FROM c.expires_at - now())))::int AS retry_after,
             extract(epoch FROM c.window_start)::float8 AS window_start`,
);

/**
 * Counts one request for each key in the current fixed window of `windowSeconds`, in ONE atomic
 * statement (INSERT … ON CONFLICT … DO UPDATE … RETURNING): two requests at the same moment never
 * read the same count, in one process or in many. Keys must be distinct; pass them in a fixed order
 * (address before token) so concurrent statements lock rows in one order.
 */
export async function countRequest(db: Queryable, keys: readonly string[], windowSeconds: number): Promise<WindowCount[]> {
  const rows = await db.query<{ key: string; count: number; retry_after: number; window_start: number }>(COUNT_REQUEST, [keys, windowSeconds]);
  return rows.map((row) => ({ key: row.key, count: Number(row.count), retryAfterSeconds: Number(row.retry_after), windowStart: Number(row.window_start) }));
}

/** Takes back one counted request (an attempt that turned out not to count, such as a good enrollment code). */
export async function uncountRequest(db: Queryable, key: string, windowStart: number): Promise<void> {
  await db.query('UPDATE rate_limit_counters SET count = count - 1 WHERE key = $1 AND window_start = to_timestamp($2::float8) AND count > 0', [key, windowStart]);
}

/** Deletes windows that have ended (cheap: an index on expires_at). */
export async function deleteEndedWindows(db: Queryable): Promise<void> {
  await db.query('DELETE FROM rate_limit_counters WHERE expires_at < now()');
}
