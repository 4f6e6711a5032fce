import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { hashSecret, legacyHash, useServerSecret } from '../../src/server/secrets';
import { databaseEnv, runAdmin } from './cli';
import { batch, ORGANISATION } from './fixtures';
import { TEST_SERVER_SECRET } from './server-secret';
import { DATABASE_KINDS, createTestDatabase, seedTestOrganisations, type TestDatabase } from './test-server';

const DAY = 86_400_000;

/** Every route that authenticates with a bearer token (all of them go through findTokenOwner). */
const AUTHENTICATED_ROUTES: { name: string; request: (token: string) => InjectOptions }[] = [
  { name: 'GET stats', request: (token) => ({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${token}` } }) },
  { name: 'GET stats.csv', request: (token) => ({ method: 'GET', url: '/api/v1/stats.csv', headers: { authorization: `Bearer ${token}` } }) },
  { name: 'GET export.csv', request: (token) => ({ method: 'GET', url: '/api/v1/export.csv', headers: { authorization: `Bearer ${token}` } }) },
  { name: 'GET report-locations', request: (token) => ({ method: 'GET', url: '/api/v1/report-locations', headers: { authorization: `Bearer ${token}` } }) },
  { name: 'GET kaart/changes', request: (token) => ({ method: 'GET', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${token}` } }) },
  { name: 'POST kaart/changes', request: (token) => ({ method: 'POST', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: { changes: [] } }) },
  {
    name: 'POST batches',
    request: (token) => {
      const body = batch(randomUUID(), []);
      return { method: 'POST', url: '/api/v1/batches', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, payload: body };
    },
  },
];

describe.each(DATABASE_KINDS)('revoking and expiring tokens and codes on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  const admin = (...args: string[]) => runAdmin(args, env);

  /** Opens the database in this process with a server on it, for as long as `work` runs (PGlite allows one process at a time). */
  async function withServer<T>(work: (app: FastifyInstance, db: Database) => Promise<T>): Promise<T> {
    const db = kind === 'pglite' ? await openPglite(env.DATA_DIR) : openPostgres(postgres!.url!);
    const app = await buildServer({ db });
    try {
      return await work(app, db);
    } finally {
      await app.close();
      await db.close();
    }
  }
  const statusesOf = (token: string) => withServer(async (app) => {
    const statuses: Record<string, number> = {};
    for (const route of AUTHENTICATED_ROUTES) statuses[route.name] = (await app.inject(route.request(token))).statusCode;
    return statuses;
  });
  const listTokens = async () => JSON.parse((await admin('list-tokens')).stdout) as Record<string, string | null>[];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-revoke-'));
    if (kind === 'pglite') {
      env = databaseEnv({ dataDir: path.join(directory, 'data') });
      const db = await openPglite(env.DATA_DIR);
      await migrate(db);
      await seedTestOrganisations(db);
      await db.close();
    } else {
      postgres = await createTestDatabase('postgres');
      await seedTestOrganisations(postgres.db);
      env = databaseEnv({ url: postgres.url });
    }
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  let coordinator = { id: '', token: '' };

  it('create-token gives a token 365 days by default or --days N, and says its id on stderr', async () => {
    const made = await admin('create-token', '--role', 'coordinator', '--organisation', ORGANISATION.id);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const id = /Token-id ([0-9a-f-]{36})/.exec(made.stderr)![1];
    coordinator = { id, token: made.stdout.trim() };

    const short = await admin('create-token', '--role', 'national', '--days', '30');
    expect(short.code).toBe(0);
    const tokens = await listTokens();
    const byId = new Map(tokens.map((t) => [t.id, t]));
    expect(Date.parse(byId.get(id)!.expiresAt!) - Date.parse(byId.get(id)!.createdAt!)).toBe(365 * DAY);
    const national = tokens.find((t) => t.role === 'national')!;
    expect(Date.parse(national.expiresAt!) - Date.parse(national.createdAt!)).toBe(30 * DAY);

    expect((await admin('create-token', '--role', 'national', '--days', '0')).code).toBe(1);
    expect((await admin('create-token', '--role', 'national', '--days', 'lang')).stderr).toMatch(/--days/);
  });

  it('list-tokens shows id, role, organisation, dates and last use, never the token or its hash', async () => {
    expect(Object.values(await statusesOf(coordinator.token))).not.toContain(401);
    const result = await admin('list-tokens', '--organisation', ORGANISATION.id);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{
      id: coordinator.id, role: 'coordinator', organisationId: ORGANISATION.id, createdAt: expect.any(String),
      expiresAt: expect.any(String), revokedAt: null, lastUsedAt: expect.any(String),
    }]);
    for (const secret of [coordinator.token, hashSecret(coordinator.token), legacyHash(coordinator.token)]) expect(result.stdout).not.toContain(secret);
  });

  it('a revoked token gets 401 on its very next request, on every authenticated route', async () => {
    const before = await statusesOf(coordinator.token);
    expect(before).toMatchObject({ 'GET stats': 200, 'GET export.csv': 200, 'GET kaart/changes': 200, 'POST batches': 403 });
    expect(Object.values(before)).not.toContain(401);

    const revoked = await admin('revoke-token', coordinator.id);
    expect(revoked).toMatchObject({ code: 0, stdout: `${coordinator.id}\n` });

    const after = await statusesOf(coordinator.token);
    expect(after).toEqual(Object.fromEntries(AUTHENTICATED_ROUTES.map((route) => [route.name, 401])));
    expect((await listTokens()).find((t) => t.id === coordinator.id)!.revokedAt).toEqual(expect.any(String));
  });

  it('revoke-token on an unknown id stops with a Dutch message', async () => {
    for (const id of [randomUUID(), 'geen-id']) {
      const result = await admin('revoke-token', id);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/bestaat niet/);
    }
  });

  it('an expired token gets 401 on every authenticated route', async () => {
    const token = (await admin('create-token', '--role', 'national', '--days', '1')).stdout.trim();
    expect(Object.values(await statusesOf(token))).not.toContain(401);
    await withServer((_app, db) => db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [hashSecret(token)]));
    expect(Object.values(await statusesOf(token))).toEqual(AUTHENTICATED_ROUTES.map(() => 401));
  });

  it('list-codes shows codes by id without the code; a revoked code cannot enroll, with the neutral invalid_code answer', async () => {
    const revokedCreated = await admin('create-code', '--organisation', ORGANISATION.id);
    const revokedCode = revokedCreated.stdout.trim();
    const usedCode = (await admin('create-code', '--organisation', ORGANISATION.id, '--role', 'coordinator')).stdout.trim();
    const listed = await admin('list-codes', '--organisation', ORGANISATION.id);
    expect(listed.code).toBe(0);
    for (const secret of [revokedCode, usedCode, hashSecret(revokedCode), hashSecret(usedCode)]) expect(listed.stdout).not.toContain(secret);
    const codes = JSON.parse(listed.stdout) as Record<string, string | null>[];
    expect(codes).toHaveLength(2);
    expect(codes[0]).toEqual({ id: expect.any(String), organisationId: ORGANISATION.id, role: 'medewerker', createdAt: expect.any(String), expiresAt: expect.any(String), usedAt: null, deviceId: null, revokedAt: null });
    const [revokedId, usedId] = codes.map((c) => c.id!);
    expect(revokedCreated.stderr).toContain(`Code-id ${revokedId} `);

    expect(await admin('revoke-code', revokedId)).toMatchObject({ code: 0, stdout: `${revokedId}\n` });
    const { refused, wrong, enrolled } = await withServer(async (app) => {
      const enroll = (code: string) => app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Balie' } });
      return { refused: await enroll(revokedCode), wrong: await enroll('ABCD-EFGH'), enrolled: await enroll(usedCode) };
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe(wrong.body);
    expect(refused.json().error).toBe('invalid_code');
    expect(enrolled.statusCode).toBe(201);

    const used = await admin('revoke-code', usedId);
    expect(used).toMatchObject({ code: 1, stdout: '' });
    expect(used.stderr).toMatch(/al gebruikt.*revoke-device/);
    expect((await admin('revoke-code', randomUUID())).stderr).toMatch(/bestaat niet/);
    const after = JSON.parse((await admin('list-codes')).stdout) as Record<string, string | null>[];
    expect(after.find((c) => c.id === revokedId)!.revokedAt).toEqual(expect.any(String));
    expect(after.find((c) => c.id === usedId)).toMatchObject({ usedAt: expect.any(String), deviceId: enrolled.json().deviceId, revokedAt: null });
  });

  it('a copied database gives nothing away: the stored hash is not sha256 of the token, and another secret finds nothing', async () => {
    const token = (await admin('create-token', '--role', 'national')).stdout.trim();
    const code = (await admin('create-code', '--organisation', ORGANISATION.id)).stdout.trim();
    await withServer(async (app, db) => {
      const hashes = (await db.query<{ h: string }>('SELECT token_hash AS h FROM api_tokens UNION ALL SELECT code_hash FROM enrollment_codes UNION ALL SELECT token_hash FROM devices')).map((r) => r.h);
      expect(hashes).toContain(hashSecret(token));
      expect(hashes).not.toContain(legacyHash(token));
      expect(hashes).not.toContain(legacyHash(code));
      try {
        useServerSecret(Buffer.alloc(32, 9)); // the thief's server: same database, another secret
        expect((await app.inject(AUTHENTICATED_ROUTES[0].request(token))).statusCode).toBe(401);
        expect((await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Dief' } })).statusCode).toBe(400);
      } finally {
        useServerSecret(TEST_SERVER_SECRET);
      }
      expect((await app.inject(AUTHENTICATED_ROUTES[0].request(token))).statusCode).toBe(200);
    });
  });
});
