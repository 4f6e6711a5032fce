import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Database } from '../src/server/db/database';

/*
 * CPU time as Linux counts it (/proc), for the ingest's accounting: the bench process's main thread (the server, and
 * PGlite when the server runs on it), the whole bench process (the main thread plus the HTTP clients' worker), and
 * the processes of a PostgreSQL on this machine (the postmaster and its children: backends, WAL writer,
 * checkpointer, autovacuum). Read from `schedstat`, the scheduler's own count of the time a thread ran, in ns (the
 * clock ticks of `stat` are 10 ms: too coarse for one statement).
 */

/** CPU ms a thread (or a single-threaded process) ran, from `/proc/…/schedstat`; undefined when it is gone. */
export function threadCpuMs(pid: number, tid = pid): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export interface CpuSample {
  /** the bench process's main thread: the server (and PGlite on it) */
  mainThread: number;
  /** the whole bench process */
  process: number;
  /** a local PostgreSQL's processes, when the server's database is one */
  postgres?: number;
}

export interface CpuMeter {
  sample(): CpuSample;
  /** whether PostgreSQL's processes are counted (a PostgreSQL on this machine) */
  countsPostgres: boolean;
}

/**
 * A meter for the bench process and, when `db` is a PostgreSQL on this machine, for that cluster: its postmaster is
 * the parent of the backend that answers `pg_backend_pid()`. A remote DATABASE_URL leaves the PostgreSQL share out.
 */
export async function cpuMeter(db?: Database): Promise<CpuMeter> {
  let postmaster: number | undefined;
  if (db?.kind === 'postgres') {
    const [{ pid }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const comm = (() => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (comm.startsWith('postgres')) postmaster = parentOf(pid);
  }
  // PostgreSQL's processes are single-threaded: a process's main task is all of it.
  const postgresMs = (root: number) => [root, ...descendantsOf(root)].reduce((ms, pid) => ms + (threadCpuMs(pid) ?? 0), 0);
  return {
    countsPostgres: postmaster !== undefined,
    sample: () => {
      const usage = process.cpuUsage();
      return {
        mainThread: threadCpuMs(process.pid) ?? 0,
        process: (usage.user + usage.system) / 1000,
        postgres: postmaster === undefined ? undefined : postgresMs(postmaster),
      };
    },
  };
}

/** CPU ms spent between two samples: the main thread (the server), the rest of the process (the clients), PostgreSQL. */
export interface CpuSpent {
  server: number;
  clients: number;
  postgres?: number;
}

/** CPU ms spent between two samples, per part. */
export function cpuSpent(before: CpuSample, after: CpuSample): CpuSpent {
  return {
    server: after.mainThread - before.mainThread,
    clients: Math.max(0, after.process - before.process - (after.mainThread - before.mainThread)),
    postgres: before.postgres === undefined || after.postgres === undefined ? undefined : after.postgres - before.postgres,
  };
}

/** The processes below `root` (children, theirs, and so on), from each process's parent in `/proc/…/stat`. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/**
 * CPU ms of whole processes (every thread, those ended too), from utime + stime in `/proc/…/stat`: clock ticks of
 * 10 ms (USER_HZ is 100 on Linux), fine for seconds of work. A process that is gone counts 0.
 */
export function processesCpuMs(pids: readonly number[]): number {
  let ms = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime: fields 14 and 15 of stat
    } catch {
      // gone between the listing and the read
    }
  }
  return ms;
}

/**
 * CPU ms of the Chromium processes this process started (a browser launched by playwright-core), by kind: `browser`
 * (the browser process: IndexedDB's storage, the network unless it runs apart), `renderer`, `gpu-process`, and each
 * utility process by its service (`network.mojom.NetworkService`, `storage.mojom.StorageService`…), `zygote`.
 */
export function chromiumCpuMs(): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const pid of descendantsOf(process.pid)) {
    let args: string[];
    try {
      if (!/^(chrom|headless)/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // a child sets its title: one line, spaces between
    } catch {
      continue;
    }
    const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
    const kind = flag('utility-sub-type') ?? flag('type') ?? 'browser';
    byKind[kind] = (byKind[kind] ?? 0) + processesCpuMs([pid]);
  }
  return byKind;
}

export const CORES = availableParallelism();

/**
 * The least wall time work of `cpuMs` can take on `cores` cores when `oneThreadMs` of it runs on one thread (the
 * server's event loop): all of it spread over the cores, and no less than that thread alone.
 */
export function leastWallMs(cpuMs: number, oneThreadMs: number, cores = CORES): number {
  return Math.max(cpuMs / cores, oneThreadMs);
}
