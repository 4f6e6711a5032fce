import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_SERVER_SECRET } from './server-secret';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The compiled server (main.js, admin.js) the global setup builds, as `npm run build` does for production. */
export const SERVER_BUILD = path.join(ROOT, '.tmp/server-build');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment for a child process on one database: DATABASE_URL for PostgreSQL, else PGlite in DATA_DIR; IDO_SECRET as in the tests. */
export function databaseEnv(database: { url?: string; dataDir?: string }): NodeJS.ProcessEnv {
  // the same secret as the test process (no secret file is written); tests of the file delete IDO_SECRET
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', IDO_SECRET: TEST_SERVER_SECRET.toString('hex') };
  delete env.IDO_SECRET_FILE;
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (database.url) env.DATABASE_URL = database.url;
  delete env.DATABASE;
  if (database.dataDir) {
    env.DATA_DIR = database.dataDir;
    if (!database.url) env.DATABASE = 'pglite';
  }
  return env;
}

/** The admin commands still running: a test that timed out must not leave one holding the database for the next. */
const runningCommands = new Set<ChildProcess>();

/** Runs `npm run admin -- …` the way an operator does (without npm's own output). */
export function runAdmin(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    // A loaded 2-core machine (the whole suite in parallel) has taken over 30 s for one PGlite command: a killed
    // command must not pass for a refusal, so the timeout is generous and says what it was.
    const child = execFile(process.execPath, [path.join(SERVER_BUILD, 'admin.js'), ...args], { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) => {
      runningCommands.delete(child);
      const killed = error?.killed ? `\n[test] admin ${args[0]} stopped after 90 s (${error.signal})` : '';
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr + killed });
    });
    runningCommands.add(child);
  });
}

/** Kills the admin commands still running and waits until they are gone (after each server test: see setup.ts). */
export async function stopAdminCommands(): Promise<void> {
  await Promise.all([...runningCommands].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  })));
  runningCommands.clear();
}

/** Starts the compiled server (main.js) as `npm start` does after the build: no TypeScript loader. */
export function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(SERVER_BUILD, 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
