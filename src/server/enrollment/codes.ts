import { randomInt } from 'node:crypto';
import type { AdminCode } from '../../shared/admin-api';
import type { DeviceRole } from '../../shared/api';
import { isoOrNull, type Queryable } from '../db/database';
import { hashSecret } from '../secrets';

// No 0/O and no 1/I: a code is read aloud and typed on a tablet.
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_PATTERN = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}$/;
export const DEFAULT_CODE_DAYS = 7;

/** A new enrollment code, `XXXX-XXXX`. */
export function generateCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** The code as stored (hashed): upper case, `XXXX-XXXX`; what staff typed may be lower case or lack the dash. */
export function normaliseCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/** Makes a single-use code for an organisation, valid for `days`, enrolling a tablet with `role`; returns the code (shown once), its id and expiry. */
export async function issueEnrollmentCode(db: Queryable, organisationId: string, days = DEFAULT_CODE_DAYS, role: DeviceRole = 'medewerker'): Promise<{ id: string; code: string; expiresAt: string }> {
  const code = generateCode();
  const [row] = await db.query<{ id: string; expires_at: Date }>(
    `INSERT INTO enrollment_codes (code_hash, organisation_id, expires_at, role) VALUES ($1, $2, now() + make_interval(secs => $3::double precision), $4)
     RETURNING id::text AS id, expires_at`,
    [hashSecret(code), organisationId, days * 86_400, role],
  );
  return { id: row.id, code, expiresAt: new Date(row.expires_at).toISOString() };
}

/** Makes a single-use code (see issueEnrollmentCode); returns only the code. */
export async function createEnrollmentCode(db: Queryable, organisationId: string, days = DEFAULT_CODE_DAYS, role: DeviceRole = 'medewerker'): Promise<string> {
  return (await issueEnrollmentCode(db, organisationId, days, role)).code;
}

/** An enrollment code as the admin sees it (the wire shape of src/shared/admin-api.ts and its organisation): never the code or its hash. */
export interface EnrollmentCodeInfo extends AdminCode {
  organisationId: string;
}


/** The enrollment codes (optionally of one organisation), oldest first. */
export async function listEnrollmentCodes(db: Queryable, organisationId?: string): Promise<EnrollmentCodeInfo[]> {
  const rows = await db.query<{ id: string; organisation_id: string; role: DeviceRole; created_at: Date; expires_at: Date; used_at: Date | null; device_id: string | null; revoked_at: Date | null }>(
    `SELECT id::text AS id, organisation_id::text AS organisation_id, role, created_at, expires_at, used_at, device_id::text AS device_id, revoked_at
     FROM enrollment_codes WHERE $1::uuid IS NULL OR organisation_id = $1::uuid ORDER BY created_at, id`,
    [organisationId ?? null],
  );
  return rows.map((row) => ({
    id: row.id, organisationId: row.organisation_id, role: row.role, createdAt: isoOrNull(row.created_at)!, expiresAt: isoOrNull(row.expires_at)!,
    usedAt: isoOrNull(row.used_at), deviceId: row.device_id, revokedAt: isoOrNull(row.revoked_at),
  }));
}

/** Revokes a code before use. 'used': it already enrolled a tablet (revoke that device instead); 'unknown': no such id. */
export async function revokeEnrollmentCode(db: Queryable, id: string): Promise<'revoked' | 'used' | 'unknown'> {
  const [row] = await db.query<{ used: boolean }>(
    `UPDATE enrollment_codes SET revoked_at = CASE WHEN used_at IS NULL THEN coalesce(revoked_at, now()) ELSE revoked_at END
     WHERE id = $1 RETURNING used_at IS NOT NULL AS used`,
    [id],
  );
  if (!row) return 'unknown';
  return row.used ? 'used' : 'revoked';
}
