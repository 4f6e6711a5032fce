import { randomInt } from 'node:crypto';
import type { DeviceRole } from '../../shared/api';
import type { Queryable } from '../db/database';
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

/** Makes a single-use code for an organisation, valid for `days`, enrolling a tablet with `role`; returns the code (shown once). */
export async function createEnrollmentCode(db: Queryable, organisationId: string, days = DEFAULT_CODE_DAYS, role: DeviceRole = 'medewerker'): Promise<string> {
  const code = generateCode();
  await db.query(
    `INSERT INTO enrollment_codes (code_hash, organisation_id, expires_at, role) VALUES ($1, $2, now() + make_interval(secs => $3::double precision), $4)`,
    [hashSecret(code), organisationId, days * 86_400, role],
  );
  return code;
}
