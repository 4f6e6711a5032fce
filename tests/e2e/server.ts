import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real server (compiled by the e2e global setup, as `npm start` runs it) on a free port, a fresh data directory and its embedded PostgreSQL. */
export interface RunningServer {
  url: string;
  /** the data directory (embedded PostgreSQL); kept after stop() when asked, so a test can read what was stored */
  dataDir: string;
  enrollmentCode?: string;
  process: ChildProcess;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the server serving `appDirectory`; resolves once it printed its address and, on a fresh data directory,
 * the demo's enrollment code. A later start on an existing directory prints no code (keep the first one).
 */
export async function startServer(appDirectory: string, env: Record<string, string> = {}, existingDataDir?: string): Promise<RunningServer> {
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), 'ido-e2e-'));
  // The end-to-end tests read the server's own database afterwards: never a DATABASE_URL from outside.
  const { DATABASE_URL: _ignored, DATABASE: _engine, ...inherited } = process.env;
  const child = spawn(process.execPath, [resolve('.tmp/e2e-server/main.js')], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, APP_DIR: appDirectory, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<{ url: string; code?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/https?:\/\/127\.0\.0\.1:\d+/)?.[0];
      const code = output.match(/enrollment code: ([A-Z0-9]{4}-[A-Z0-9]{4})/)?.[1];
      if (url && (code || existingDataDir !== undefined)) {
        clearTimeout(timer);
        resolve({ url, code });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (status) => reject(new Error(`server exited with ${status}:\n${output}`)));
  });
  const { url, code } = await ready;
  return {
    url,
    dataDir,
    enrollmentCode: code,
    process: child,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the compiled admin CLI (`npm run admin -- …`) on a server's data directory; it may run beside the server. Returns stdout. */
export function runAdmin(dataDir: string, args: string[]): string {
  const { DATABASE_URL: _ignored, DATABASE: _engine, ...inherited } = process.env;
  return execFileSync(process.execPath, [resolve('.tmp/e2e-server/admin.js'), ...args], { env: { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } }).toString().trim();
}
