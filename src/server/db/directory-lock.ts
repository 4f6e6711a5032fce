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

/** Takes `<dir>/<name>` for this process; a lock left by a dead process is taken over. Returns the release. */
export async function acquireDirectoryLock(directory: string, name = 'pglite.lock'): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const lockFile = path.join(directory, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The pid is written to a file of our own first and linked into place: a process that finds the lock
      // always reads a whole pid (an empty file, read between create and write, looked stale and was taken over).
      const mine = `${lockFile}.${process.pid}`;
      await writeFile(mine, String(process.pid));
      try {
        await link(mine, lockFile);
      } finally {
        await rm(mine, { force: true });
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DirectoryInUseError(directory, pid);
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Kan ${lockFile} niet aanmaken.`);
}
