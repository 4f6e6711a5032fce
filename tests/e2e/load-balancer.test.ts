import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseEnv, runAdmin } from '../server/cli';
import { startNginx, type RunningNginx } from './nginx';
import { startPostgres, type RunningPostgres } from './postgres';
import { startServerProcess, type ServerProcess } from './server-process';
import { enrollTablet, makeBatch, sendUntilAnswered, type SentBatch, type SimulatedTablet } from './tablet';

const TABLETS_PER_LISTENER = 4;
const BATCHES_PER_TABLET = 4;
const RECORDS_PER_BATCH = 300;

/**
 * Issue 9: two server processes on one PostgreSQL behind Debian's nginx. One process is killed with
 * SIGKILL while batches are in flight on it; in the end every record is stored exactly once.
 * To make "in flight" certain rather than lucky, the test holds a lock on the `batches` table until
 * every tablet's first batch waits inside a server, then kills server A and lets go.
 */
describe('two servers on one PostgreSQL behind nginx', () => {
  let database: RunningPostgres | undefined;
  let dataDir: string | undefined;
  const servers: ServerProcess[] = [];
  let nginx: RunningNginx | undefined;
  let sql: postgres.Sql | undefined;

  beforeAll(async () => {
    database = await startPostgres();
    // One settings directory for both processes and the admin CLI, as one deployment shares its configuration.
    dataDir = mkdtempSync(join(tmpdir(), 'ido-e2e-lb-'));
    const serverEnv = (name: string) => ({
      // application_name tells the two processes' database sessions apart in pg_stat_activity.
      DATABASE_URL: `${database!.url}?application_name=${name}`,
      DATA_DIR: dataDir!,
      APP_DIR: inject('e2eDist'),
      TRUST_PROXY: '127.0.0.1',
    });
    // One after the other: the first migrates the fresh database, the second finds it ready.
    servers.push(await startServerProcess(serverEnv('ido-a')));
    servers.push(await startServerProcess(serverEnv('ido-b')));
    nginx = await startNginx(servers.map((server) => server.address));
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
  }, 90_000);

  afterAll(async () => {
    const steps: Array<() => Promise<unknown> | undefined> = [
      () => nginx?.stop(),
      ...servers.map((server) => () => server.stop()),
      () => sql?.end({ timeout: 5 }),
      () => database?.stop(),
      async () => dataDir && rmSync(dataDir, { recursive: true, force: true }),
    ];
    for (const step of steps) await Promise.resolve().then(step).catch((error: Error) => console.error(`opruimen: ${error.message}`));
  }, 60_000);

  it('stores every record exactly once when one server is killed mid-batch, with nothing refused', async () => {
    const [serverA, serverB] = servers;
    const admin = (args: string[]) => runAdmin(args, databaseEnv({ url: database!.url, dataDir }));
    const organisation = await admin(['create-organisation', '--name', 'Bibliotheek Loadbalans', '--municipality', 'GM0828']);
    expect(organisation.stderr).toBe('');
    const organisationId = organisation.stdout.trim();
    const location = await admin(['create-location', '--organisation', organisationId, '--name', 'Vestiging Centrum', '--municipality', 'GM0828', '--province', 'Noord-Brabant', '--opened', '2024-01-01', '--id', 'lb-centrum']);
    expect(location.code, location.stderr).toBe(0);
    const codes = await Promise.all(Array.from({ length: 2 * TABLETS_PER_LISTENER }, () => admin(['create-code', '--organisation', organisationId])));
    for (const code of codes) expect(code.code, code.stderr).toBe(0);

    // Half the tablets go through the production listener (nginx passes a failed batch on), half through stock nginx.
    const tablets: SimulatedTablet[] = await Promise.all(codes.map((code, index) => {
      const listener = index < TABLETS_PER_LISTENER ? nginx!.retryingUrl : nginx!.plainUrl;
      return enrollTablet(listener, code.stdout.trim(), `Tablet ${index + 1}`);
    }));
    const isRetryingListener = (tablet: SimulatedTablet) => tablet.baseUrl === nginx!.retryingUrl;

    // Hold the batches table: every batch waits in a server at its first statement until the test lets go.
    const hold = await sql!.reserve();
    await hold`BEGIN`;
    await hold`LOCK TABLE batches IN EXCLUSIVE MODE`;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await hold`COMMIT`;
      hold.release();
    };

    try {
      const sentByTablet = tablets.map(async (tablet) => {
        const sent: SentBatch[] = [];
        // One batch at a time, as the outbox sends.
        for (let i = 0; i < BATCHES_PER_TABLET; i++) sent.push(await sendUntilAnswered(tablet, makeBatch(tablet, RECORDS_PER_BATCH)));
        return sent;
      });

      // Every tablet's first batch is inside a server, waiting for the lock: round robin gave each server half.
      const waiting = async () => Object.fromEntries((await sql!<{ name: string; count: number }[]>`
        SELECT application_name AS name, count(*)::int AS count FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND application_name IN ('ido-a', 'ido-b') GROUP BY application_name`).map((row) => [row.name, row.count]));
      await expect.poll(async () => { const w = await waiting(); return (w['ido-a'] ?? 0) + (w['ido-b'] ?? 0); }, { timeout: 30_000 }).toBe(tablets.length);
      const inFlightOnA = (await waiting())['ido-a'] ?? 0;
      expect(inFlightOnA).toBeGreaterThan(0);

      serverA.process.kill('SIGKILL');
      await new Promise((resolve) => (serverA.process.exitCode !== null || serverA.process.signalCode !== null ? resolve(undefined) : serverA.process.once('exit', resolve)));
      expect(serverA.process.signalCode).toBe('SIGKILL');
      await release();

      const sent = (await Promise.all(sentByTablet)).flat();
      const records = sent.flatMap((batch) => batch.batch.records);

      // Every batch answered, every record accepted (or a duplicate of itself): nothing refused.
      for (const batch of sent) {
        expect(batch.response, `batch ${batch.batch.batchId}: ${batch.attempts.join(', ')}`).toBeDefined();
        expect(batch.response!.results.map((result) => result.id)).toEqual(batch.batch.records.map((record) => record.id));
        const refused = batch.response!.results.filter((result) => result.status !== 'accepted' && result.status !== 'duplicate');
        expect(refused).toEqual([]);
      }

      // The database holds each record exactly once, with its question, and each batch once.
      const ids = records.map((record) => record.id);
      const [stored] = await sql!<{ rows: number; distinct: number; ours: number }[]>`
        SELECT count(*)::int AS rows, count(DISTINCT id)::int AS distinct, count(*) FILTER (WHERE id = ANY(${ids}::uuid[]))::int AS ours FROM registrations`;
      expect(stored).toEqual({ rows: records.length, distinct: records.length, ours: records.length });
      const [questions] = await sql!<{ count: number }[]>`SELECT count(*)::int AS count FROM questions WHERE registration_id = ANY(${ids}::uuid[])`;
      expect(questions.count).toBe(records.length);
      const batchIds = sent.map((batch) => batch.batch.batchId);
      const [batches] = await sql!<{ count: number; answered: number }[]>`
        SELECT count(*)::int AS count, count(*) FILTER (WHERE response <> '')::int AS answered FROM batches WHERE batch_id = ANY(${batchIds}::uuid[])`;
      expect(batches).toEqual({ count: sent.length, answered: sent.length });

      // What the proxy did: on the production listener nginx passed A's batches to B; on stock nginx the tablets resent.
      const batchLines = nginx!.accessLog().filter((line) => line.method === 'POST' && line.path === '/api/v1/batches');
      const passedOn = batchLines.filter((line) => line.listener === 'retrying' && line.upstreams.length > 1);
      expect(passedOn.length).toBeGreaterThan(0);
      for (const line of passedOn) expect(line.upstreams.at(-1)).toBe(serverB.address);
      const plainDevices = new Set(tablets.filter((tablet) => !isRetryingListener(tablet)).map((tablet) => tablet.enrollment.deviceId));
      const resentByPlain = sent.filter((batch) => plainDevices.has(batch.batch.deviceId) && batch.attempts.length > 1);
      expect(resentByPlain.length).toBeGreaterThan(0);
      console.log(JSON.stringify({
        records: records.length,
        batches: sent.length,
        inFlightOnAWhenKilled: inFlightOnA,
        nginxPassedToOtherServer: passedOn.length,
        nginxBatchRequests: batchLines.length,
        nginxStatuses: batchLines.reduce<Record<string, number>>((count, line) => ({ ...count, [`${line.listener} ${line.status}`]: (count[`${line.listener} ${line.status}`] ?? 0) + 1 }), {}),
        tabletResends: Object.fromEntries(tablets.map((tablet) => [tablet.enrollment.deviceId.slice(0, 8) + (isRetryingListener(tablet) ? ' retrying' : ' plain'),
          sent.filter((batch) => batch.batch.deviceId === tablet.enrollment.deviceId).map((batch) => batch.attempts.join('>'))])),
      }, null, 1));

      // The surviving process is healthy, directly and through both listeners.
      for (const url of [serverB.url, nginx!.retryingUrl, nginx!.plainUrl]) {
        const health = await fetch(`${url}/api/v1/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', database: 'postgres' });
      }
      expect(serverB.process.exitCode).toBeNull();
    } finally {
      await release().catch(() => {});
    }
  }, 100_000);
});
