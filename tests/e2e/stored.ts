import { rmSync } from 'node:fs';
import type { Database } from '../../src/server/db/database';
import { openDatabase } from '../../src/server/db/open';
import type { RunningServer } from './server';

/**
 * Stops the server, reads what its database (the embedded PostgreSQL in its data directory) holds with `read`, and
 * removes the data directory after.
 */
export async function readAfterStop<T>(server: RunningServer, read: (db: Database) => Promise<T>): Promise<T> {
  await server.stop({ keepData: true });
  const db = await openDatabase({ engine: 'embedded', dataDir: server.dataDir }, { role: 'admin' });
  try {
    return await read(db);
  } finally {
    await db.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/** Stops the server and reads its registrations per id, and question rows. */
export function storedRegistrations(server: RunningServer): Promise<{ ids: string[]; copies: number; questions: number }> {
  return readAfterStop(server, async (db) => {
    const rows = await db.query<{ id: string }>('SELECT id::text AS id FROM registrations WHERE NOT deleted ORDER BY id');
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations');
    const [{ q }] = await db.query<{ q: number }>('SELECT count(*)::int AS q FROM questions');
    return { ids: rows.map((r) => r.id), copies: n, questions: q };
  });
}
