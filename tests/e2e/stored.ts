import { rmSync } from 'node:fs';
import { openDatabase } from '../../src/server/db/open';
import type { RunningServer } from './server';

/** Stops the server and reads what its database (the embedded PostgreSQL in its data directory) holds: registrations per id, and question rows. */
export async function storedRegistrations(server: RunningServer): Promise<{ ids: string[]; copies: number; questions: number }> {
  await server.stop({ keepData: true });
  const db = await openDatabase({ engine: 'embedded', dataDir: server.dataDir }, { role: 'admin' });
  try {
    const rows = await db.query<{ id: string }>('SELECT id::text AS id FROM registrations WHERE NOT deleted ORDER BY id');
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations');
    const [{ q }] = await db.query<{ q: number }>('SELECT count(*)::int AS q FROM questions');
    return { ids: rows.map((r) => r.id), copies: n, questions: q };
  } finally {
    await db.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
