import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_SERVER_SECRET } from './server-secret';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment for a child process on one database: DATABASE_URL for PostgreSQL, else DATA_DIR for PGlite; IDO_SECRET as in the tests. */
export function databaseEnv(database: { url?: string; dataDir?: string }): NodeJS.ProcessEnv {
  // the same secret as the test process (no secret file is written); tests of the file delete IDO_SECRET
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', IDO_SECRET: TEST_SERVER_SECRET.toString('hex') };
  delete env.IDO_SECRET_FILE;
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (database.url) env.DATABASE_URL = database.url;
  if (database.dataDir) env.DATA_DIR = database.dataDir;
  return env;
}

/** Runs `npm run admin -- …` the way an operator does (without npm's own output). */
export function runAdmin(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/server/admin.ts', ...args], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Starts src/server/main.ts as `npm start` does after the build. */
export function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
