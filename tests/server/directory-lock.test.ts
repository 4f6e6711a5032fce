import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DirectoryInUseError } from '../../src/server/db/directory-lock';

/*
 * One server per DATA_DIR (server.lock; pglite.lock for PGlite). A lock left by a killed server is taken over when its
 * pid is dead. After a reboot (a power cut) or a long time, that pid may belong to another process: the start then
 * said "in gebruik door een ander proces (pid N)", the server did not come back until someone deleted the file, and
 * the message sent the operator to stop a process that had nothing to do with it.
 */
describe('the lock on a data directory', () => {
  let directory = '';
  const children: ReturnType<typeof spawn>[] = [];
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-lock-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });

  /** Another living process, which has nothing to do with any data directory. */
  async function otherProcess(): Promise<number> {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    await once(child, 'spawn');
    return child.pid!;
  }

  it('is taken over when the pid in it now belongs to another process than the one that wrote it', async () => {
    if (process.platform !== 'linux') return; // the process's start time is read from /proc
    await acquireDirectoryLock(directory, 'server.lock'); // never released: this "server" was killed
    const lockFile = path.join(directory, 'server.lock');
    const [, ...rest] = (await readFile(lockFile, 'utf8')).split('\n');
    // Its pid is taken by another process since.
    await writeFile(lockFile, [String(await otherProcess()), ...rest].join('\n'));
    const release = await acquireDirectoryLock(directory, 'server.lock');
    expect((await readFile(lockFile, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await release();
  });

  it('still keeps a second process out while the one that took it lives', async () => {
    const holder = await otherProcess();
    // A lock as a server before this version wrote it (the pid alone): the pid counts, as before.
    await writeFile(path.join(directory, 'server.lock'), String(holder));
    await expect(acquireDirectoryLock(directory, 'server.lock')).rejects.toBeInstanceOf(DirectoryInUseError);
  });
});
