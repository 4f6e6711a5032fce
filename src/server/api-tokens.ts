import type { AdminToken } from '../shared/admin-api';
import { isoOrNull, type Queryable } from './db/database';
import { generateToken, hashSecret, legacyHash } from './secrets';

export type ApiTokenRole = AdminToken['role'];

/** A new report token is valid this many days unless the admin says otherwise (`create-token --days N`). */
export const DEFAULT_TOKEN_DAYS = 365;

/** An api token as the admin sees it (the wire shape of src/shared/admin-api.ts): never the token or its hash. */
export type ApiTokenInfo = AdminToken;

interface ApiTokenRow extends Record<string, unknown> {
  id: string;
  role: ApiTokenRole;
  organisation_id: string | null;
  municipality_code: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}


/**
 * Makes a token for reports, valid `days`: a coordinator sees one organisation, a municipality token one
 * municipality (`municipalityCode`), national sees all. Returns the token (shown once), its id and expiry.
 */
export async function issueApiToken(db: Queryable, role: ApiTokenRole, organisationId: string | null, days = DEFAULT_TOKEN_DAYS, municipalityCode: string | null = null): Promise<{ id: string; token: string; expiresAt: string }> {
  const token = generateToken();
  const [row] = await db.query<{ id: string; expires_at: Date }>(
    `INSERT INTO api_tokens (token_hash, role, organisation_id, expires_at, municipality_code) VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision), $5)
     RETURNING id::text AS id, expires_at`,
    [hashSecret(token), role, organisationId, days * 86_400, municipalityCode],
  );
  return { id: row.id, token, expiresAt: new Date(row.expires_at).toISOString() };
}

/** Makes a token for reports (see issueApiToken); returns only the token. */
export async function createApiToken(db: Queryable, role: ApiTokenRole, organisationId: string | null, days = DEFAULT_TOKEN_DAYS, municipalityCode: string | null = null): Promise<string> {
  return (await issueApiToken(db, role, organisationId, days, municipalityCode)).token;
}

/** Every api token (optionally of one organisation), oldest first. */
export async function listApiTokens(db: Queryable, organisationId?: string): Promise<ApiTokenInfo[]> {
  const rows = await db.query<ApiTokenRow>(
    `SELECT id::text AS id, role, organisation_id::text AS organisation_id, municipality_code, created_at, expires_at, revoked_at, last_used_at
     FROM api_tokens WHERE $1::uuid IS NULL OR organisation_id = $1::uuid ORDER BY created_at, id`,
    [organisationId ?? null],
  );
  return rows.map((row) => ({
    id: row.id, role: row.role, organisationId: row.organisation_id, ...(row.municipality_code ? { municipalityCode: row.municipality_code } : {}), createdAt: isoOrNull(row.created_at)!,
    expiresAt: isoOrNull(row.expires_at), revokedAt: isoOrNull(row.revoked_at), lastUsedAt: isoOrNull(row.last_used_at),
  }));
}

/** Revokes an api token: its next request gets 401. False when there is no token with that id. */
export async function revokeApiToken(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/**
 * The live (not revoked, not expired) api token behind a bearer token, or undefined. A row still under
 * its pre-005 plain sha256 gets its keyed hash now; last_used_at is written at most once an hour.
 */
export async function findApiToken(db: Queryable, token: string): Promise<{ id: string; role: ApiTokenRole; organisationId: string | null; municipalityCode: string | null } | undefined> {
  const hash = hashSecret(token);
  const [row] = await db.query<{ id: string; role: ApiTokenRole; organisation_id: string | null; municipality_code: string | null; token_hash: string; stale: boolean }>(
    `SELECT id::text AS id, role, organisation_id::text AS organisation_id, municipality_code, token_hash,
            (last_used_at IS NULL OR last_used_at < now() - interval '1 hour') AS stale
     FROM api_tokens
     WHERE token_hash IN ($1, $2) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hash, legacyHash(token)],
  );
  if (!row) return undefined;
  if (row.stale || row.token_hash !== hash) {
    await db.query('UPDATE api_tokens SET token_hash = $2, last_used_at = now() WHERE id = $1', [row.id, hash]);
  }
  return { id: row.id, role: row.role, organisationId: row.organisation_id, municipalityCode: row.municipality_code };
}
