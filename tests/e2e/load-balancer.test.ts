import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpBody, startAnswerRelay, type AnswerRelay } from './answer-relay';
import { startNginx, type RunningNginx } from './nginx';
import { freePort } from './free-port';
import { startPostgres, type RunningPostgres } from './postgres';
import { runAdminProcess, startServerProcess, type ServerProcess } from './server-process';
import { enrollTablet, makeBatch, postJson, sendUntilAnswered, type SentBatch, type SimulatedTablet } from './tablet';

const TABLETS_PER_LISTENER = 4;
const BATCHES_PER_TABLET = 3;
const RECORDS_PER_BATCH = 300;

/** How often each value occurs, for the summary printed at the end. */
function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Every tablet sends its batches one at a time, as the outbox does; all tablets at once. */
function sendFromAll(tablets: SimulatedTablet[], batchesEach: number): Promise<SentBatch[]> {
  return Promise.all(tablets.map(async (tablet) => {
    const sent: SentBatch[] = [];
    for (let i = 0; i < batchesEach; i++) sent.push(await sendUntilAnswered(tablet, makeBatch(tablet, RECORDS_PER_BATCH)));
    return sent;
  })).then((perTablet) => perTablet.flat());
}

/** SIGKILL, and wait until the process is gone. */
async function killHard(server: ServerProcess): Promise<void> {
  const gone = new Promise((resolve) => server.process.once('exit', resolve));
  if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
  else return;
  await gone;
}

/**
 * Issue 9: two server processes on one PostgreSQL behind Debian's nginx; batches from several tablets;
 * server A is killed with SIGKILL mid-batch, twice: once before its transactions commit, once after a
 * commit whose answer has not left yet. Each time, to make "in flight" certain rather than lucky, the
 * test waits until batches are inside A (waiting for a table lock it holds, or answered into a relay
 * that keeps the answers back) before it kills A. In the end every record is stored exactly once.
 */
describe('two servers on one PostgreSQL behind nginx', () => {
  let database: RunningPostgres | undefined;
  let dataDir: string | undefined;
  const servers: ServerProcess[] = [];
  const relays: AnswerRelay[] = [];
  let nginx: RunningNginx | undefined;
  let sql: postgres.Sql | undefined;
  let serverEnv: (name: string, port: number) => Record<string, string>;
  let portOfA = 0;

  beforeAll(async () => {
    database = await startPostgres();
    // One settings directory for both processes and the admin CLI, as one deployment shares its configuration.
    dataDir = mkdtempSync(join(tmpdir(), 'ido-e2e-lb-'));
    serverEnv = (name, port) => ({
      // application_name tells the two processes' database sessions apart in pg_stat_activity.
      DATABASE_URL: `${database!.url}?application_name=${name}`,
      DATA_DIR: dataDir!,
      APP_DIR: inject('e2eDist'),
      TRUST_PROXY: '127.0.0.1',
      PORT: String(port),
    });
    // A on a fixed port, so its restart takes the same place behind the balancer. One after the other:
    // the first migrates the fresh database, the second finds it ready.
    portOfA = await freePort();
    servers.push(await startServerProcess(serverEnv('ido-a', portOfA)));
    servers.push(await startServerProcess(serverEnv('ido-b', 0)));
    // A is reached through a relay per listener (so each listener's round robin is its own), B directly.
    relays.push(await startAnswerRelay(servers[0].address), await startAnswerRelay(servers[0].address));
    nginx = await startNginx({ retrying: [relays[0].address, servers[1].address], plain: [relays[1].address, servers[1].address] });
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
  }, 90_000);

  afterAll(async () => {
    const steps: Array<() => Promise<unknown> | undefined> = [
      () => nginx?.stop(),
      ...relays.map((relay) => () => relay.close()),
      ...servers.map((server) => () => server.stop()),
      () => sql?.end({ timeout: 5 }),
      () => database?.stop(),
      async () => dataDir && rmSync(dataDir, { recursive: true, force: true }),
    ];
    for (const step of steps) await Promise.resolve().then(step).catch((error: Error) => console.error(`opruimen: ${error.message}`));
  }, 60_000);

  /** Enrollment codes from the admin CLI on the same database, and tablets enrolled through nginx: half on each listener. */
  async function enrollTablets(): Promise<SimulatedTablet[]> {
    const admin = (args: string[]) => runAdminProcess(args, { DATABASE_URL: database!.url, DATA_DIR: dataDir! });
    const organisation = await admin(['create-organisation', '--name', 'Bibliotheek Loadbalans', '--municipality', 'GM0828']);
    expect(organisation.code, organisation.stderr).toBe(0);
    const organisationId = organisation.stdout.trim();
    const location = await admin(['create-location', '--organisation', organisationId, '--name', 'Vestiging Centrum', '--municipality', 'GM0828', '--province', 'Noord-Brabant', '--opened', '2024-01-01', '--id', 'lb-centrum']);
    expect(location.code, location.stderr).toBe(0);
    const codes = await Promise.all(Array.from({ length: 2 * TABLETS_PER_LISTENER }, () => admin(['create-code', '--organisation', organisationId])));
    for (const code of codes) expect(code.code, code.stderr).toBe(0);
    return Promise.all(codes.map((code, index) =>
      enrollTablet(index < TABLETS_PER_LISTENER ? nginx!.retryingUrl : nginx!.plainUrl, code.stdout.trim(), `Tablet ${index + 1}`, `127.0.0.${10 + index}`)));
  }

  /** What nginx did with these batches: passed on to the other server, or answered 502 to the tablet. */
  function proxyOutcome(sent: SentBatch[]) {
    const ids = new Set(sent.map((batch) => batch.batch.batchId));
    const lines = nginx!.accessLog().filter((line) => line.method === 'POST' && line.path === '/api/v1/batches' && ids.has(line.batchId));
    return {
      passedOn: lines.filter((line) => line.listener === 'retrying' && line.upstreams.length > 1),
      badGateway: lines.filter((line) => line.listener === 'plain' && line.status === 502),
      answers: countBy(lines.map((line) => `${line.listener} ${line.status}`)),
    };
  }

  /** Locks the batches table until every tablet's next batch waits inside a server, then kills `serverA` and lets go. */
  async function killBeforeCommit(serverA: ServerProcess, tablets: SimulatedTablet[]) {
    const hold = await sql!.reserve();
    await hold`BEGIN`;
    await hold`LOCK TABLE batches IN EXCLUSIVE MODE`;
    let sending: Promise<SentBatch[]>;
    let waitingInA = 0;
    try {
      sending = sendFromAll(tablets, BATCHES_PER_TABLET);
      const waiting = async () => Object.fromEntries((await sql!<{ name: string; count: number }[]>`
        SELECT application_name AS name, count(*)::int AS count FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND application_name IN ('ido-a', 'ido-b') GROUP BY application_name`).map((row) => [row.name, row.count]));
      await expect.poll(async () => Object.values(await waiting()).reduce((sum, count) => sum + count, 0), { timeout: 30_000 }).toBe(tablets.length);
      waitingInA = (await waiting())['ido-a'] ?? 0;
      expect(waitingInA).toBeGreaterThan(0);
      await killHard(serverA);
    } finally {
      await hold`COMMIT`;
      hold.release();
    }
    const sent = await sending;
    expect(serverA.process.signalCode).toBe('SIGKILL');
    return { sent, waitingInA };
  }

  /** Starts A again on its port and waits until nginx sends both listeners' requests to it again (after fail_timeout). */
  async function restartIntoRotation(): Promise<ServerProcess> {
    const restarted = await startServerProcess(serverEnv('ido-a', portOfA));
    servers.push(restarted);
    const linesBefore = nginx!.accessLog().length;
    const backInRotation = (listener: 'retrying' | 'plain') => nginx!.accessLog().slice(linesBefore).some((line) =>
      line.listener === listener && line.status === 200 && line.upstreams.length === 1 && relays.some((relay) => line.upstreams[0] === relay.address));
    await expect.poll(async () => {
      await Promise.all([nginx!.retryingUrl, nginx!.plainUrl].map((url) => fetch(`${url}/api/v1/health`)));
      return backInRotation('retrying') && backInRotation('plain');
    }, { timeout: 20_000, interval: 250 }).toBe(true);
    return restarted;
  }

  /** The relays keep A's answers back until each holds a whole one (A committed it); then A is killed and its host goes. */
  async function killAfterCommit(serverA: ServerProcess, tablets: SimulatedTablet[]) {
    for (const relay of relays) relay.holding = true;
    const sending = sendFromAll(tablets, BATCHES_PER_TABLET);
    const complete = (relay: AnswerRelay) => relay.held().filter((raw) => Buffer.byteLength(httpBody(raw)) === Number(/content-length: *(\d+)/i.exec(raw)?.[1]));
    await expect.poll(() => relays.every((relay) => complete(relay).length > 0), { timeout: 30_000 }).toBe(true);
    const heldAnswers = relays.flatMap(complete).map(httpBody);
    await killHard(serverA);
    for (const relay of relays) await relay.close();
    const sent = await sending;
    expect(serverA.process.signalCode).toBe('SIGKILL');
    return { sent, heldAnswers };
  }

  it('stores every record exactly once when a server is killed mid-batch, with nothing refused', async () => {
    const [serverA, serverB] = servers;
    const tablets = await enrollTablets();

    // Through the proxy each server sees the tablet's own address, not the proxy's nor one the client made up.
    for (const url of [nginx!.retryingUrl, nginx!.plainUrl]) {
      const wrongCode = await postJson(`${url}/api/v1/devices/enroll`, JSON.stringify({ code: 'ZZZZ-ZZZZ' }), { 'x-forwarded-for': '203.0.113.9' }, '127.0.0.99');
      expect(wrongCode.status).toBe(400);
    }
    // The enrollment limit counts per client address (good codes get their attempt back).
    const failures = await sql!<{ key: string; n: number }[]>`SELECT key, sum(count)::int AS n FROM rate_limit_counters
      WHERE key LIKE 'enroll:address:%' AND count > 0 GROUP BY key ORDER BY key`;
    expect(failures).toEqual([{ key: 'enroll:address:127.0.0.99', n: 2 }]);

    // Before any failure: one batch per tablet; round robin lets A store some of them.
    const earlier = await Promise.all(tablets.map((tablet) => sendUntilAnswered(tablet, makeBatch(tablet, RECORDS_PER_BATCH))));
    const storedByA = nginx!.accessLog().filter((line) => earlier.some((batch) => batch.batch.batchId === line.batchId) && line.status === 200 && relays.some((relay) => line.upstreams.at(-1) === relay.address));
    expect(storedByA.length).toBeGreaterThan(0);

    // 1. A dies before it commits; 2. the process manager starts it again; 3. A dies after a commit, before its answer left.
    const round1 = await killBeforeCommit(serverA, tablets);
    const restartedA = await restartIntoRotation();
    const round2 = await killAfterCommit(restartedA, tablets);

    // Server B gives each tablet the very answer A stored and never delivered.
    const all = [...round1.sent, ...round2.sent];
    for (const body of round2.heldAnswers) {
      const batchId = (JSON.parse(body) as { batchId: string }).batchId;
      expect(all.find((batch) => batch.batch.batchId === batchId)?.body).toBe(body);
    }

    // After: a tablet that never got its earlier answer sends that batch again (B replays what A or B stored,
    // byte for byte), and one that lost its outbox sends the same records in a new batch (all duplicates).
    const resent = await Promise.all(earlier.map((batch, index) => sendUntilAnswered(tablets[index], batch.batch)));
    resent.forEach((batch, index) => expect(batch.body, batch.batch.batchId).toBe(earlier[index].body));
    const again = await Promise.all(earlier.map((batch, index) => sendUntilAnswered(tablets[index], { ...batch.batch, batchId: randomUUID() })));
    for (const batch of again) expect(new Set(batch.response?.results.map((result) => result.status))).toEqual(new Set(['duplicate']));

    // Every batch answered, every record accepted (or a duplicate of itself): nothing refused.
    const sent = [...earlier, ...all, ...again];
    for (const batch of sent) {
      expect(batch.response, `batch ${batch.batch.batchId}: ${batch.attempts.join(', ')}`).toBeDefined();
      expect(batch.response!.results.map((result) => result.id)).toEqual(batch.batch.records.map((record) => record.id));
      expect(batch.response!.results.filter((result) => result.status !== 'accepted' && result.status !== 'duplicate')).toEqual([]);
    }

    // The database holds each record exactly once, with its question, and each batch once with its answer.
    const records = [...earlier, ...all].flatMap((batch) => batch.batch.records);
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

    // Each time, nginx passed batches caught in A to B on the production listener, and stock nginx answered 502 (the tablet resent).
    const rounds = { beforeCommit: proxyOutcome(round1.sent), afterCommit: proxyOutcome(round2.sent) };
    for (const round of Object.values(rounds)) {
      expect(round.passedOn.length).toBeGreaterThan(0);
      for (const line of round.passedOn) expect(line.upstreams.at(-1)).toBe(serverB.address);
      expect(round.badGateway.length).toBeGreaterThan(0);
    }
    console.log(JSON.stringify({
      records: records.length,
      batches: sent.length,
      storedByABeforeFailures: storedByA.length,
      waitingInAWhenKilled: round1.waitingInA,
      answersHeldWhenKilled: round2.heldAnswers.length,
      nginx: Object.fromEntries(Object.entries(rounds).map(([name, round]) => [name, { passedToB: round.passedOn.length, answers: round.answers }])),
      tabletAttempts: countBy([...sent, ...resent].map((batch) => batch.attempts.join(' then '))),
    }));

    // The surviving process is healthy, directly and through both listeners.
    for (const url of [serverB.url, nginx!.retryingUrl, nginx!.plainUrl]) {
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'postgres' });
    }
    expect(serverB.process.exitCode).toBeNull();
  }, 110_000);
});
