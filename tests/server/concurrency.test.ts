import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse } from '../../src/shared/api';
import { buildServer } from '../../src/server/app';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { batch, ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, countRows, createTestDatabase, seedTestOrganisations, type TestDatabase } from './test-server';

describe.each(DATABASE_KINDS)('two server instances on one %s database', (kind) => {
  let database: TestDatabase;
  const servers: FastifyInstance[] = [];
  const urls: string[] = [];
  let tablet: EnrollResponse;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedTestOrganisations(database.db);
    // PostgreSQL: each instance with its own connection pool, as two processes would have. PGlite is one process by nature.
    for (const db of [database.db, database.openAnother?.() ?? database.db]) {
      const app = await buildServer({ db, version: 'test' });
      urls.push(await app.listen({ port: 0, host: '127.0.0.1' }));
      servers.push(app);
    }
    const code = await createEnrollmentCode(database.db, ORGANISATION.id);
    const response = await fetch(`${urls[0]}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Tablet' }) });
    tablet = (await response.json()) as EnrollResponse;
  });
  afterAll(async () => {
    await Promise.all(servers.map((app) => app.close()));
    await database?.drop();
  });

  const post = (url: string, body: unknown, batchId: string) =>
    fetch(`${url}/api/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': batchId },
      body: JSON.stringify(body),
    });

  it('stores a batch sent to both at the same moment once, and both answer with the same bytes', async () => {
    for (let round = 0; round < 5; round++) {
      const records = Array.from({ length: 20 }, () => registration(tablet.deviceId));
      const body = batch(tablet.deviceId, records);
      const responses = await Promise.all(urls.map((url) => post(url, body, body.batchId)));
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      const [first, second] = await Promise.all(responses.map((r) => r.text()));
      // One stored the batch, the other waited on the batchId and returned the stored answer.
      expect(second).toBe(first);
      const answer = JSON.parse(first) as BatchResponse;
      expect(answer.results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
      expect(await countRows(database.db, 'batches', 'batch_id = $1', [body.batchId])).toBe(1);
      expect(await countRows(database.db, 'registrations', 'batch_id = $1', [body.batchId])).toBe(20);
      expect(await countRows(database.db, 'questions', 'registration_id IN (SELECT id FROM registrations WHERE batch_id = $1)', [body.batchId])).toBe(20);
    }
  });

  it('stores a record that two different batches carry to both at once only once', async () => {
    for (let round = 0; round < 5; round++) {
      const shared = registration(tablet.deviceId);
      const bodies = urls.map(() => batch(tablet.deviceId, [shared, registration(tablet.deviceId)]));
      const responses = await Promise.all(urls.map((url, i) => post(url, bodies[i], bodies[i].batchId)));
      const answers = (await Promise.all(responses.map((r) => r.json()))) as BatchResponse[];
      expect(answers.map((a) => a.results[0].status).sort()).toEqual(['accepted', 'duplicate']);
      expect(answers.map((a) => a.results[1].status)).toEqual(['accepted', 'accepted']);
      expect(await countRows(database.db, 'questions', 'registration_id = $1', [shared.id])).toBe(1);
    }
  });
});
