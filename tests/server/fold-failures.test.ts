import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, loggerOptions } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { settleFolds } from '../../src/server/reports/pending-rollups';
import type { EnrollResponse } from '../../src/shared/api';
import { batch, LOCATIONS, ORGANISATION, registration } from './fixtures';
import { createTestDatabase, DATABASE_KINDS, seedTestOrganisations, type TestDatabase, UNREACHED_RATE_LIMITS } from './test-server';

/*
 * The background fold of the report rollups (reports/pending-rollups.ts) fails for real here: a trigger on the pending
 * table makes the database itself raise, with the SQLSTATE and message PostgreSQL gives for a full disk (53100), while
 * a row in `fold_failure` says so. The fold's DELETE … RETURNING of the pending rows meets it; a batch only appends.
 */
const FAILING_FOLD = `
  CREATE TABLE fold_failure (code text NOT NULL, message text NOT NULL);
  CREATE FUNCTION fold_fails() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE failure fold_failure;
  BEGIN
    SELECT * INTO failure FROM fold_failure LIMIT 1;
    IF FOUND THEN RAISE EXCEPTION USING ERRCODE = failure.code, MESSAGE = failure.message; END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER fold_fails BEFORE DELETE ON report_rollup_pending FOR EACH STATEMENT EXECUTE FUNCTION fold_fails();`;

const METRICS_TOKEN = 'metrics-token-of-the-fold-failures-test-0123456789';

const DISK_FULL = 'could not extend file "base/16384/16571": No space left on device';

describe.each(DATABASE_KINDS)('a background fold that fails on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let app: FastifyInstance;
  let tablet: EnrollResponse;
  let log = '';
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    await seedTestOrganisations(db);
    await db.exec(FAILING_FOLD);
    const stream = new Writable({ write: (chunk, _encoding, done) => { log += chunk; done(); } });
    app = await buildServer({ db, version: 'test', rateLimits: UNREACHED_RATE_LIMITS, foldDelayMs: 0, metricsToken: METRICS_TOKEN, logger: { ...(loggerOptions('info') as object), stream } });
    const code = await createEnrollmentCode(db, ORGANISATION.id);
    tablet = (await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Tablet' } })).json();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Sends one batch and waits for the background fold it starts. */
  const sendAndFold = async () => {
    const body = batch(tablet.deviceId, [registration(tablet.deviceId, { organisationId: ORGANISATION.id, locationId: LOCATIONS[0].id })]);
    const response = await app.inject({ method: 'POST', url: '/api/v1/batches', payload: body, headers: { authorization: `Bearer ${tablet.token}`, 'idempotency-key': body.batchId } });
    expect(response.statusCode, response.body).toBe(200);
    await settleFolds(db);
  };
  const lines = (message: string) => log.split('\n').filter((line) => line.includes(message)).map((line) => JSON.parse(line));
  const pending = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_rollup_pending'))[0].n;
  /** ido_rollup_fold_failures_total of the server's metrics: every failed fold, also those the log leaves out. */
  const failedFolds = async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const line = response.body.split('\n').find((text) => text.startsWith('ido_rollup_fold_failures_total '));
    return line === undefined ? 0 : Number(line.split(' ')[1]);
  };
  const failWith = (code: string, message: string) => db.query('INSERT INTO fold_failure (code, message) VALUES ($1, $2)', [code, message]);

  it('logs a full disk once, at error level with PostgreSQL\'s reason and code, for a run of failed folds, and keeps the rows pending', async () => {
    await failWith('53100', DISK_FULL);
    for (let i = 0; i < 3; i++) await sendAndFold();
    // Before, the fold swallowed every error but "unavailable": nothing in the log, while the disk stayed full.
    const failed = lines('rollup fold failed');
    expect(failed, log).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 50, failure: { type: 'DatabaseOutOfResources', code: '53100', message: DISK_FULL } });
    // The retry stays as it was: the rows wait for the next fold or report.
    expect(await pending()).toBe(3);
    expect(log).not.toContain(tablet.token);
    // The metrics count each of them.
    expect(await failedFolds()).toBe(3);
  });

  it('says once that the fold works again, and folds what was left pending', async () => {
    await db.query('DELETE FROM fold_failure');
    await sendAndFold();
    expect(await pending()).toBe(0);
    expect(lines('rollup fold works again')).toEqual([expect.objectContaining({ level: 30, failedFolds: 3 })]);
    await sendAndFold();
    expect(lines('rollup fold works again')).toHaveLength(1);
    expect(lines('rollup fold failed')).toHaveLength(1);
  });

  it('logs another failure (not a class 53 one) as the start of a new run, with its code', async () => {
    await failWith('XX001', 'invalid page in block 12 of relation base/16384/16571');
    await sendAndFold();
    await sendAndFold();
    const failed = lines('rollup fold failed');
    expect(failed).toHaveLength(2);
    expect(failed[1]).toMatchObject({ level: 50, failure: { code: 'XX001', message: 'invalid page in block 12 of relation base/16384/16571' } });
    await db.query('DELETE FROM fold_failure');
    await sendAndFold();
    expect(await pending()).toBe(0);
    expect(await failedFolds()).toBe(5);
  });
});
