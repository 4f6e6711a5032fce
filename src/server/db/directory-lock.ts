import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The data directory is used by another living process (PGlite, or another server on the embedded PostgreSQL). */
export class DirectoryInUseError extends Error {
  constructor(readonly directory: string, readonly pid: number) {
    super(`De database in ${directory} is in gebruik door een ander proces (pid ${pid}). Stop dat proces eerst, of laat meer servers één PostgreSQL delen via DATABASE_URL.`);
    this.name = 'DirectoryInUseError';
  }
}

/** Whether process `pid` exists (EPERM: it does, under another account). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Which process `pid` is, beyond its number: the boot and the moment it started (Linux: /proc), so a lock left by a
 * dead process whose pid another process got since (after a reboot, or much later) is not taken for that one's.
 * Undefined where /proc has no answer: then the pid alone counts, as before.
 */
export function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after the name in parentheses: field 3 (state) onwards; field 22 is the start time in ticks since boot
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return boot && started ? `${boot}:${started}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote a lock (`pid`, and `identity` when it wrote one) still lives. */
function holderLives(pid: number, identity: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  const now = identity ? processIdentity(pid) : undefined;
  return now === undefined || now === identity;
}

/** Takes `<dir>/<name>` for this process; a lock left by a dead process is taken over. Returns the release. */
export async function acquireDirectoryLock(directory: string, name = 'pglite.lock'): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const lockFile = path.join(directory, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The pid is written to a file of our own first and linked into place: a process that finds the lock
      // always reads a whole pid (an empty file, read between create and write, looked stale and was taken over).
      const mine = `${lockFile}.${process.pid}`;
      const identity = processIdentity(process.pid);
      await writeFile(mine, identity ? `${process.pid}\n${identity}\n` : String(process.pid));
      try {
        await link(mine, lockFile);
      } finally {
        await rm(mine, { force: true });
      }
      // Once; a second call (a forced stop beside the shutdown under way) waits for the same removal.
      let releasing: Promise<void> | undefined;
      return () => (releasing ??= rm(lockFile, { force: true }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [first = '', identity] = (await readFile(lockFile, 'utf8').catch(() => '')).trim().split('\n');
      const pid = Number(first);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && holderLives(pid, identity?.trim() || undefined)) throw new DirectoryInUseError(directory, pid);
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Kan ${lockFile} niet aanmaken.`);
}
