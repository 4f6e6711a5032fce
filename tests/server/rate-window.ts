import type { Database } from '../../src/server/db/database';

/**
 * Waits, when needed, until the database clock is at least `marginSeconds` away from the end of the
 * current fixed window, so a test that fills a window does not see it start afresh halfway.
 */
export async function awayFromWindowEdge(db: Database, windowSeconds: number, marginSeconds = 10): Promise<void> {
  const [{ left }] = await db.query<{ left: number }>('SELECT ($1::int - mod(extract(epoch FROM clock_timestamp())::numeric, $1::int))::float8 AS left', [windowSeconds]);
  if (Number(left) < marginSeconds) await new Promise((resolve) => setTimeout(resolve, Math.ceil(Number(left) * 1000) + 50));
}
