import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { generateCode } from '../../src/server/enrollment/codes';
import { generateToken, hashSecret, legacyHash } from '../../src/server/secrets';
import { ORGANISATION } from './fixtures';
import { countRows, DATABASE_KINDS, seedTestOrganisations, useDatabaseBefore } from './test-server';

const MIGRATION = '005_token_revocation.sql';

describe.each(DATABASE_KINDS)('codes and tokens stored as plain sha256 before migration 005, on %s', (kind) => {
  const database = useDatabaseBefore(kind, MIGRATION);
  let app: FastifyInstance;
  const legacy = { deviceId: randomUUID(), deviceToken: generateToken(), national: generateToken(), revoked: generateToken(), code: generateCode(), usedCode: generateCode() };

  beforeAll(async () => {
    const { db } = database;
    await seedTestOrganisations(db);
    // Rows the way the server stored them before: sha256 of the token or code, no ids.
    await db.query("INSERT INTO devices (id, organisation_id, label, token_hash, role) VALUES ($1, $2, 'Oude tablet', $3, 'medewerker')", [legacy.deviceId, ORGANISATION.id, legacyHash(legacy.deviceToken)]);
    await db.query("INSERT INTO api_tokens (token_hash, role) VALUES ($1, 'national')", [legacyHash(legacy.national)]);
    await db.query("INSERT INTO api_tokens (token_hash, role, revoked_at) VALUES ($1, 'national', now())", [legacyHash(legacy.revoked)]);
    await db.query("INSERT INTO enrollment_codes (code_hash, organisation_id, expires_at) VALUES ($1, $2, now() + interval '1 day')", [legacyHash(legacy.code), ORGANISATION.id]);
    await db.query("INSERT INTO enrollment_codes (code_hash, organisation_id, expires_at, used_at) VALUES ($1, $2, now() + interval '1 day', now())", [legacyHash(legacy.usedCode), ORGANISATION.id]);
    expect(await database.apply()).toEqual([MIGRATION]);
    // Then the migrations after it, which the server of today also needs (demo mark, rate-limit counters).
    await database.applyRest();
    app = await buildServer({ db });
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('gives existing tokens and codes an id, no expiry for old tokens, and forgets the sha256 of used codes', async () => {
    const { db } = database;
    const tokens = await db.query<{ id: string; expires_at: Date | null }>('SELECT id::text AS id, expires_at FROM api_tokens');
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(2);
    expect(tokens.every((t) => t.expires_at === null)).toBe(true);
    expect(await countRows(db, 'enrollment_codes', 'id IS NOT NULL')).toBe(2);
    expect(await countRows(db, 'enrollment_codes', 'code_hash = $1', [legacyHash(legacy.usedCode)])).toBe(0);
  });

  it('an old api token still works, and its row gets the keyed hash on first use', async () => {
    expect((await get('/api/v1/stats', legacy.national)).statusCode).toBe(200);
    const { db } = database;
    expect(await countRows(db, 'api_tokens', 'token_hash = $1', [legacyHash(legacy.national)])).toBe(0);
    expect(await countRows(db, 'api_tokens', 'token_hash = $1 AND last_used_at IS NOT NULL', [hashSecret(legacy.national)])).toBe(1);
    expect((await get('/api/v1/stats', legacy.national)).statusCode).toBe(200);
  });

  it('an old revoked token stays refused', async () => {
    expect((await get('/api/v1/stats', legacy.revoked)).statusCode).toBe(401);
  });

  it('an old tablet token still works, and its row gets the keyed hash on first use', async () => {
    expect((await get('/api/v1/kaart/changes', legacy.deviceToken)).statusCode).toBe(200);
    const [device] = await database.db.query<{ token_hash: string }>('SELECT token_hash FROM devices WHERE id = $1', [legacy.deviceId]);
    expect(device.token_hash).toBe(hashSecret(legacy.deviceToken));
    expect((await get('/api/v1/kaart/changes', legacy.deviceToken)).statusCode).toBe(200);
  });

  it('an old unused code still enrolls once and is then stored under the keyed hash; an old used code does not', async () => {
    const enroll = (code: string) => app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Balie' } });
    expect((await enroll(legacy.code.toLowerCase())).statusCode).toBe(201);
    expect(await countRows(database.db, 'enrollment_codes', 'code_hash = $1 AND used_at IS NOT NULL', [hashSecret(legacy.code)])).toBe(1);
    expect((await enroll(legacy.code)).json().error).toBe('invalid_code');
    expect((await enroll(legacy.usedCode)).json().error).toBe('invalid_code');
  });
});
