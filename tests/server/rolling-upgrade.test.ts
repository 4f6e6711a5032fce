import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { DatabaseAheadError, migrate, MIGRATION_LOCK } from '../../src/server/db/migrate';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { foldRollups, settleFolds } from '../../src/server/reports/pending-rollups';
import { ADMIN, call, ORG, snapshot } from './admin-fixtures';
import { batch, ORGANISATION, registration } from './fixtures';
import { getReport, seedReportData } from './reports-fixtures';
import { countRows, DATABASE_KINDS, enrollTablet, expectApiError, postBatch, useTestServer } from './test-server';

/*
 * A rolling upgrade: the new version's process migrates the database while a process of the old version still answers
 * batches. Migration 034 added a report dimension that the old version's deltas lack, so a batch that old process
 * stored after it would be missing from "Vraag opgelost?" for good. From this version on a process takes no batch
 * into a database a newer version has migrated, and does not start on one (migrate.ts).
 */
const FUTURE = '999_a_newer_version.sql';

describe.each(DATABASE_KINDS)('a database a newer version has migrated, on %s', (kind) => {
  const server = useTestServer(kind);
  const sendOne = async (tablet: { deviceId: string; token: string }) => {
    const body = batch(tablet.deviceId, [registration(tablet.deviceId)]);
    return { body, response: await postBatch(server, tablet.token, body) };
  };

  it('takes no batch from this process, and says so in its health, until the database is this version\'s again', async () => {
    const tablet = await enrollTablet(server);
    expect((await sendOne(tablet)).response.statusCode).toBe(200);
    const stored = await countRows(server.db, 'registrations');
    const questions = await countRows(server.db, 'questions');

    await server.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [FUTURE]);
    const { body, response } = await sendOne(tablet);
    expectApiError(response, 503, 'server_outdated', /bijgewerkt/);
    expect(response.headers['retry-after']).toBe('5');
    // nothing of it is stored, not even its batchId: the tablet sends it again, to a process of the new version
    expect(await countRows(server.db, 'registrations')).toBe(stored);
    expect(await countRows(server.db, 'questions')).toBe(questions);
    expect(await countRows(server.db, 'batches', 'batch_id = $1', [body.batchId])).toBe(0);
    const health = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'outdated' });

    // the same batch, once the database is this version's (here: the row taken out again), is stored once
    await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [FUTURE]);
    const again = await postBatch(server, tablet.token, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(await countRows(server.db, 'registrations')).toBe(stored + 1);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toMatchObject({ status: 'ok' });
  });

  it('refuses to start (migrate) on it, naming the migrations it does not know, and changes nothing', async () => {
    await server.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [FUTURE]);
    try {
      const before = await countRows(server.db, 'schema_migrations');
      const refusal = await migrate(server.db).then(() => undefined, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(DatabaseAheadError);
      expect((refusal as Error).message).toBe(`De database is bijgewerkt door een nieuwere versie van IDO Onderweg (${FUTURE}). Start die nieuwere versie; deze versie zou de cijfers onvolledig bijhouden.`);
      expect(await countRows(server.db, 'schema_migrations')).toBe(before);
    } finally {
      await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [FUTURE]);
    }
    expect(await migrate(server.db)).toEqual([]);
  });

  it.runIf(kind === 'postgres')('waits for a migration in progress, then refuses the batch (and the kaart edit) it would have stored against the old schema', async () => {
    const tablet = await enrollTablet(server);
    const stored = await countRows(server.db, 'registrations');
    // A newer version's process migrating: it holds the migrations' lock and has not committed yet.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => { locked = resolve; });
    const migrating = server.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [FUTURE]);
      locked();
      await released;
    });
    await holding;
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const kaartBefore = await countRows(server.db, 'kaart_records');
    const sending = sendOne(tablet);
    // A write of Beheer or the kaart (writeTransaction) the same.
    const editing = call(server, coordinator, 'POST', '/api/v1/kaart/changes', { changes: [{ entity: 'organization', id: randomUUID(), baseVersion: 0, deleted: false, data: { name: 'Schuldhulp', owner_organisation_id: ORGANISATION.id } }] });
    // Both wait for the migration's lock (without the guard they were stored against the old schema meanwhile).
    await expect.poll(async () => countRows(server.db, 'pg_locks', `locktype = 'advisory' AND NOT granted AND objid = $1`, [MIGRATION_LOCK]), { timeout: 10_000 }).toBe(2);
    release();
    await migrating;
    const { response } = await sending;
    expectApiError(response, 503, 'server_outdated');
    expect(await countRows(server.db, 'registrations')).toBe(stored);
    expectApiError(await editing, 503, 'server_outdated');
    expect(await countRows(server.db, 'kaart_records')).toBe(kaartBefore);
    await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [FUTURE]);
  });
});

describe.each(DATABASE_KINDS)('the rollups of a database a newer version has migrated, on %s', (kind) => {
  const server = useTestServer(kind, { foldDelayMs: 600_000 });

  it('are not folded by this process (its report answers 503); the new version folds what waits', async () => {
    const tokens = await seedReportData(server);
    await settleFolds(server.db);
    const tablet = await enrollTablet(server);
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]));
    expect(response.statusCode, response.body).toBe(200);
    const waiting = await countRows(server.db, 'report_rollup_pending');
    expect(waiting).toBeGreaterThan(0);

    await server.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [FUTURE]);
    try {
      // A fold of this version could add what the newer one changed in a way this one does not know.
      expectApiError(await getReport(server, '/api/v1/stats?from=2025-01-01&to=2025-12-31', tokens.national), 503, 'server_outdated');
      await expect(foldRollups(server.db)).rejects.toMatchObject({ code: 'server_outdated' });
      expect(await countRows(server.db, 'report_rollup_pending')).toBe(waiting);
    } finally {
      await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [FUTURE]);
    }
    expect((await getReport(server, '/api/v1/stats?from=2025-01-01&to=2025-12-31', tokens.national)).statusCode).toBe(200);
    expect(await countRows(server.db, 'report_rollup_pending')).toBe(0);
  });
});

describe.each(DATABASE_KINDS)('every other write a user makes, to a database a newer version has migrated, on %s', (kind) => {
  const server = useTestServer(kind);
  const create = (entity: string, data: Record<string, unknown> & { id: string }) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });
  const kaartEdit = () => create('organization', { id: randomUUID(), name: 'Schuldhulp Maasland', owner_organisation_id: ORGANISATION.id });
  const location = { name: 'Bibliotheek Berghem', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 };
  const card = { title: 'DigiD aanvragen', topics: ['digid'], body: '1. Ga naar digid.nl', bring: '', links: [], service_id: null, checked_on: '2026-11-01' };
  const everything = async () => [
    await snapshot(server.db),
    await countRows(server.db, 'kaart_records'),
    await countRows(server.db, 'annual_report_texts'),
  ];

  it('is refused by this process (503 server_outdated, nothing written); reads still answer; once the database is its own again, each goes through', async () => {
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const national = await createApiToken(server.db, 'national', null);
    const code = await createEnrollmentCode(server.db, ORGANISATION.id, 7, 'medewerker');
    // Beheer (a coordinator and the national team), a kaart edit, the jaarverslag's text, enrolling a tablet.
    const writes: Array<[string, () => ReturnType<typeof call>, number]> = [
      ['enrollment code', () => call(server, coordinator, 'POST', `${ORG}/codes`, { role: 'medewerker' }), 201],
      ['location', () => call(server, coordinator, 'POST', `${ORG}/locations`, location), 201],
      ['snelwijzer card', () => call(server, coordinator, 'POST', `${ORG}/snelwijzer`, card), 201],
      ['organisation', () => call(server, national, 'POST', `${ADMIN}/organisations`, { name: 'Bibliotheek Nieuw' }), 201],
      ['kaart edit', () => call(server, coordinator, 'POST', '/api/v1/kaart/changes', { changes: [kaartEdit()] }), 200],
      ['jaarverslag text', () => call(server, coordinator, 'PUT', '/api/v1/reports/annual/text', { year: 2025, text: 'Ons jaar.' }), 200],
      ['enrolling a tablet', () => server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Nieuwe tablet' } }), 201],
    ];
    const before = await everything();

    await server.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [FUTURE]);
    try {
      for (const [what, write] of writes) {
        const response = await write();
        expect(response.statusCode, `${what}: ${response.body}`).toBe(503);
        expectApiError(response, 503, 'server_outdated', /bijgewerkt/);
        expect(response.headers['retry-after'], what).toBe('5');
      }
      expect(await everything()).toEqual(before);
      // Reading is no write: Beheer's lists still answer (the load balancer takes the process out by its health).
      expect((await call(server, coordinator, 'GET', `${ORG}/locations`)).statusCode).toBe(200);
    } finally {
      await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [FUTURE]);
    }

    for (const [what, write, status] of writes) {
      const response = await write();
      expect(response.statusCode, `${what}: ${response.body}`).toBe(status);
    }
    expect(await everything()).not.toEqual(before);
  });
});
