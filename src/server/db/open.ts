import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database';
import { acquireDirectoryLock } from './directory-lock';
import { startEmbeddedPostgres } from './embedded';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Which database: a PostgreSQL of your own, the embedded PostgreSQL in DATA_DIR (default), or PGlite. */
export type DatabaseEngine = 'postgres' | 'embedded' | 'pglite';

export interface DatabaseSettings {
  engine: DatabaseEngine;
  /** PostgreSQL connection string (engine `postgres`) */
  databaseUrl?: string;
  /** where the embedded PostgreSQL or PGlite keeps its files */
  dataDir: string;
}

/**
 * Reads the database choice from the environment: DATABASE_URL for your own PostgreSQL; else the
 * embedded PostgreSQL in DATA_DIR (default ./data); `DATABASE=pglite` for PGlite (a demo: no fsync).
 */
export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const dataDir = env.DATA_DIR || './data';
  if (env.DATABASE_URL) return { engine: 'postgres', databaseUrl: env.DATABASE_URL, dataDir };
  const engine = (env.DATABASE || 'embedded').toLowerCase();
  if (engine === 'pglite') return { engine: 'pglite', dataDir };
  if (engine === 'embedded' || engine === 'postgres') return { engine: 'embedded', dataDir };
  throw new Error(`DATABASE="${env.DATABASE}" ken ik niet. Laat het leeg (ingebouwde PostgreSQL), zet DATABASE=pglite, of geef DATABASE_URL.`);
}

/**
 * Opens the database the settings point to. `role: 'server'` keeps a second server off an embedded
 * data directory; the admin CLI (`role: 'admin'`) works beside a running server on the same cluster.
 */
export async function openDatabase(settings: DatabaseSettings, options: { role?: 'server' | 'admin' } = {}): Promise<Database> {
  switch (settings.engine) {
    case 'postgres':
      return openPostgres(settings.databaseUrl!);
    case 'pglite':
      return openPglite(settings.dataDir);
    case 'embedded':
      return openEmbedded(settings.dataDir, options.role ?? 'server');
  }
}

async function openEmbedded(dataDir: string, role: 'server' | 'admin'): Promise<Database> {
  if (existsSync(path.join(dataDir, 'pglite')) && !existsSync(path.join(dataDir, 'postgres'))) {
    throw new Error(
      `In ${dataDir} staat een PGlite-database van een eerdere versie. Start met DATABASE=pglite om die te blijven gebruiken, ` +
        'of kies een nieuwe DATA_DIR voor de ingebouwde PostgreSQL (die elke opgeslagen batch op schijf vastlegt).',
    );
  }
  const release = role === 'server' ? await acquireDirectoryLock(dataDir, 'server.lock') : async () => {};
  let cluster;
  try {
    cluster = await startEmbeddedPostgres(dataDir);
  } catch (error) {
    await release();
    throw error;
  }
  const db = openPostgres(cluster.url, { max: role === 'admin' ? 2 : 10 });
  // The server keeps its cluster running: one killed by the OOM killer or a crash starts again by itself.
  if (role === 'server') cluster.watch((message) => console.error(message));
  return {
    ...db,
    kind: 'postgres',
    async close(options) {
      // The admin CLI leaves a cluster it found running (the server's) alone.
      const stops = role === 'server' || cluster.startedHere;
      if (options?.fast && stops) {
        // PostgreSQL's fast stop ends the statements in flight (rolled back) and their connections, so the client's
        // end does not wait for them; a close already under way waits for the same stop.
        await cluster.stop();
        await db.close(options);
      } else {
        await db.close(options);
        if (stops) await cluster.stop();
      }
      await release();
    },
  };
}
