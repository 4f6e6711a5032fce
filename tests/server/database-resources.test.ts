import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, loggerOptions } from '../../src/server/app';
import { type Database, DatabaseUnavailableError, type Queryable, sqlText } from '../../src/server/db/database';
import { API_ERRORS } from '../../src/server/errors';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import type { EnrollResponse } from '../../src/shared/api';
import { batch, LOCATIONS, ORGANISATION, registration } from './fixtures';
import { createTestDatabase, seedTestOrganisations, type TestDatabase, UNREACHED_RATE_LIMITS } from './test-server';

/** An error as the PostgreSQL driver throws it, with its SQLSTATE. */
function postgresError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'PostgresError', code });
}

/**
 * A full disk cannot be made here: the Database seam throws what PostgreSQL answers then, on every write of
 * registrations, while `failure` is set (the driver wraps 53300, too many connections, as unavailable).
 */
function failingWrites(db: Database, failure: () => Error | undefined): Database {
  const check = (sql: Parameters<Queryable['query']>[0]) => {
    const error = failure();
    if (error && /INSERT INTO registrations/i.test(sqlText(sql))) throw error;
  };
  const wrap = (q: Queryable): Queryable => ({
    query: async (sql, params) => {
      check(sql);
      return q.query(sql, params);
    },
    exec: (script) => q.exec(script),
  });
  return { kind: db.kind, ...wrap(db), transaction: (work) => db.transaction((tx) => work(wrap(tx))), close: () => db.close() };
}

describe('PostgreSQL short of resources (SQLSTATE class 53) while a batch is stored', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tablet: EnrollResponse;
  let log = '';
  let failure: Error | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await seedTestOrganisations(database.db);
    const stream = new Writable({ write: (chunk, _encoding, done) => { log += chunk; done(); } });
    app = await buildServer({ db: failingWrites(database.db, () => failure), version: 'test', rateLimits: UNREACHED_RATE_LIMITS, logger: { ...(loggerOptions('info') as object), stream } });
    const code = await createEnrollmentCode(database.db, ORGANISATION.id);
    tablet = (await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Tablet' } })).json();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const send = () => {
    const body = batch(tablet.deviceId, [registration(tablet.deviceId, { organisationId: ORGANISATION.id, locationId: LOCATIONS[0].id })]);
    return app.inject({ method: 'POST', url: '/api/v1/batches', payload: body, headers: { authorization: `Bearer ${tablet.token}`, 'idempotency-key': body.batchId } });
  };

  it.each([
    ['a full disk (53100)', () => postgresError('53100', 'could not extend file "base/5/16390": No space left on device')],
    ['out of memory (53200)', () => postgresError('53200', 'out of memory')],
    ['too many connections (53300, wrapped by the driver)', () => new DatabaseUnavailableError(postgresError('53300', 'sorry, too many clients already'))],
  ])('answers %s with 503 server_overloaded and Retry-After, so the tablet waits and sends again', async (_name, make) => {
    log = '';
    failure = make();
    const response = await send();
    // Before: 500 internal_error, which the tablet takes for an unknown outcome and backs off from without the server's wait.
    expect(response.statusCode, response.body).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ error: 'server_overloaded', message: API_ERRORS.server_overloaded[1] });
    // The operator reads PostgreSQL's own reason in an error line.
    const line = log.split('\n').find((entry) => entry.includes('database short of resources'));
    expect(line).toBeDefined();
    // Its kind too, under `failure`: under `err`, pino's error serializer made the type of this object "Object".
    const cause = (failure!.cause ?? failure) as { code: string; message: string };
    expect(JSON.parse(line!)).toMatchObject({ level: 50, failure: { type: 'DatabaseOutOfResources', code: cause.code, message: cause.message } });
  });

  it('logs another failure of the database as "request failed" with its kind, code and message, and nothing of the batch', async () => {
    log = '';
    failure = postgresError('XX001', 'invalid page in block 7 of relation base/5/16390');
    const response = await send();
    expect(response.statusCode).toBe(500);
    const line = log.split('\n').find((entry) => entry.includes('request failed'));
    expect(line).toBeDefined();
    // Before, the line said `"type":"Object"`: an operator searching for the kind of error found nothing.
    expect(JSON.parse(line!)).toMatchObject({ level: 50, failure: { type: 'PostgresError', code: 'XX001', message: 'invalid page in block 7 of relation base/5/16390' } });
    expect(line).not.toContain(tablet.token);
    expect(line).not.toContain(tablet.deviceId);
    failure = undefined;
  });

  it.each([
    ['22P02', 'invalid input syntax for type uuid: "jan.jansen@example.nl"', 'invalid input syntax for type uuid: "…"'],
    ['22008', 'date/time field value out of range: "12-03-1961"', 'date/time field value out of range: "…"'],
    ['22007', 'time zone displacement out of range: "+010000-01"', 'time zone displacement out of range: "…"'],
    ['22P02', 'invalid input value for enum role: "a"jan"b"', 'invalid input value for enum role: "…"'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80', 'invalid byte sequence for encoding "…": 0x…'],
    ['23505', 'duplicate key value violates unique constraint "locations_pkey"', 'duplicate key value violates unique constraint "locations_pkey"'],
    ['42703', 'column "label" does not exist', 'column "label" does not exist'],
  ])('logs PostgreSQL\'s %s without the value it quotes: "%s"', async (code, message, logged) => {
    // A refused value may be what someone typed (a name, an e-mail address): the log keeps the code and the words around it.
    log = '';
    failure = postgresError(code, message);
    const response = await send();
    expect(response.statusCode).toBe(500);
    const line = log.split('\n').find((entry) => entry.includes('request failed'));
    expect(JSON.parse(line!)).toMatchObject({ level: 50, failure: { type: 'PostgresError', code, message: logged } });
    for (const value of ['jan', '1961', '010000', '0xed']) expect(line).not.toContain(value);
    failure = undefined;
  });

  it('stores the batch once the disk has room again', async () => {
    failure = undefined;
    const response = await send();
    expect(response.statusCode).toBe(200);
    expect(response.json().results[0].status).toBe('accepted');
  });
});
