import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/server/db/directory-lock';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../../src/server/db/embedded';

/** Whether `pid` is a zombie (dead, not yet reaped): Linux /proc. */
const isZombie = (pid: number) => {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return / Z /.test(stat.slice(stat.lastIndexOf(')')));
};

/*
 * The watch of the embedded PostgreSQL (db/embedded.ts) looks every interval whether the postmaster lives. A look can
 * fail itself: here the postmaster named in postmaster.pid is a zombie (a container whose init does not reap), and the
 * lock file of its socket, which the look removes, cannot be removed (a directory stands in its place, as a file
 * system that refuses the removal would). Before, such a failure was dropped without a line, every two seconds.
 */
describe.runIf(process.platform === 'linux')('the watch of the embedded PostgreSQL when a look fails', () => {
  let directory = '';
  let cluster: EmbeddedCluster | undefined;
  let parent: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-watch-'));
    // As root, PostgreSQL runs as the postgres account, which must pass through the parent directory.
    await chmod(directory, 0o711);
  });
  afterAll(async () => {
    await cluster?.stop();
    // The zombie's parent goes; init reaps the zombie.
    if (parent?.pid && parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });

  it('notes the failure once with its reason, goes on looking, and starts the cluster again once it can', async () => {
    const dataDir = path.join(directory, 'data');
    cluster = await startEmbeddedPostgres(dataDir);
    const clusterDir = path.join(dataDir, 'postgres');
    const pidFile = path.join(clusterDir, 'postmaster.pid');
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const [postmaster, port] = [Number(lines[0]), lines[3]];
    // The postmaster stops (smart shutdown: its files go with it).
    process.kill(postmaster, 'SIGTERM');
    await expect.poll(() => existsSync(pidFile) || isAlive(postmaster), { timeout: 30_000, interval: 50 }).toBe(false);

    // A zombie: `sleep 0` ends, and its parent (sh, replaced by sleep 600) never waits for it.
    parent = spawn('/bin/sh', ['-c', 'sleep 0 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const [chunk] = (await once(parent.stdout!, 'data')) as [Buffer];
    const zombie = Number(String(chunk).trim());
    await expect.poll(() => isZombie(zombie), { timeout: 10_000, interval: 20 }).toBe(true);
    // postmaster.pid names the zombie, and its socket's lock file cannot be removed.
    const socketFolder = path.join(directory, 'socket');
    const lock = path.join(socketFolder, `.s.PGSQL.${port}.lock`);
    await mkdir(path.join(lock, 'in-the-way'), { recursive: true });
    await writeFile(pidFile, [String(zombie), clusterDir, '0', port, socketFolder, '127.0.0.1', '0 0', 'ready', ''].join('\n'));

    const notes: string[] = [];
    cluster.watch((message) => notes.push(message), 20);
    const failed = () => notes.filter((message) => message.includes('De bewaking van de ingebouwde database'));
    await expect.poll(() => failed().length, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    expect(notes[0]).toContain('draait niet meer; de server start haar opnieuw.');
    expect(failed()[0]).toContain(`De bewaking van de ingebouwde database (${clusterDir}) mislukte (ERR_FS_EISDIR): `);
    // The watch goes on: it looks again and again (each look reads the pid file), and says nothing more of the same failure.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(failed()).toHaveLength(1);

    // Once the lock file can go, the next look clears the zombie's files and starts the cluster again.
    await rm(lock, { recursive: true });
    await expect.poll(() => notes.includes('De ingebouwde database draait weer.'), { timeout: 60_000, interval: 50 }).toBe(true);
    expect(notes).toContain('De bewaking van de ingebouwde database werkt weer.');
    expect(failed()).toHaveLength(2);
    expect(isAlive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]))).toBe(true);
  });
});
