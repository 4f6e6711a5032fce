import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** One process of the real server (compiled by the e2e global setup, as `npm start` runs it). */
export interface ServerProcess {
  url: string;
  /** host:port, for a load balancer's upstream list */
  address: string;
  process: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit (nothing happens if it already stopped) */
  stop(): Promise<void>;
}

/** Starts a server process with `env` on top of this one's (no DATABASE_URL or DATA_DIR from outside); resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, [resolve(ROOT, '.tmp/e2e-server/main.js')], {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`de server startte niet binnen 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/https?:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (status) => {
      clearTimeout(timer);
      reject(new Error(`de server stopte met ${status}:\n${output}`));
    });
  });
  return {
    url,
    address: new URL(url).host,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** What the admin CLI answered. */
export interface AdminResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled admin CLI with `env` on top of this one's (no DATABASE_URL, DATA_DIR or IDO_SECRET from outside). */
export function runAdminProcess(args: string[], env: Record<string, string>): Promise<AdminResult> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, IDO_SECRET: _secret, DATABASE: _engine, ...inherited } = process.env;
  return new Promise((resolveResult) => {
    execFile(process.execPath, [resolve(ROOT, '.tmp/e2e-server/admin.js'), ...args], { cwd: ROOT, env: { ...inherited, LOG_LEVEL: 'warn', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolveResult({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
