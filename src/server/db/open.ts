import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface DatabaseSettings {
  /** PostgreSQL connection string; when set, PostgreSQL is used */
  databaseUrl?: string;
  /** PGlite directory when there is no databaseUrl */
  dataDir: string;
}

/** Reads the database choice from the environment: DATABASE_URL, else PGlite in DATA_DIR (default ./data). */
export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || './data' };
}

/** Opens the database the settings point to. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.databaseUrl ? openPostgres(settings.databaseUrl) : openPglite(settings.dataDir);
}
