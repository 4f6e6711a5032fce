import { randomUUID } from 'node:crypto';
import type { DeviceRole, EnrollResponse } from '../../shared/api';
import { SCHEMA_VERSION } from '../../shared/codelists';
import type { Database, Queryable } from '../db/database';
import { findOrganisation, isDeactivated, listLocations } from '../organisations/organisations';
import { addressKey } from '../rate-limits/address';
import { countRequest, uncountRequest } from '../rate-limits/counter';
import { generateToken, hashSecret, legacyHash } from '../secrets';
import { normaliseCode } from './codes';

/** More than this many failed attempts from one address within the window: 429. */
export const ENROLL_FAILURE_LIMIT = 10;
export const ENROLL_FAILURE_WINDOW_SECONDS = 600;

/** An attempt counted against the address before its code is tried. */
export interface EnrollAttempt {
  /** seconds to wait when the address is past the limit; 0 when it may try */
  waitSeconds: number;
  /** gives the attempt back (a good code, or a body that tried no code) */
  refund: () => Promise<void>;
}

/**
 * Counts an attempt for the address BEFORE the code is tried, in one atomic statement: of many
 * parallel guesses at most ENROLL_FAILURE_LIMIT per window get past, in one process or many.
 */
export async function reserveEnrollAttempt(db: Queryable, address: string): Promise<EnrollAttempt> {
  const key = `enroll:address:${addressKey(address)}`;
  const [counted] = await countRequest(db, [key], ENROLL_FAILURE_WINDOW_SECONDS);
  return {
    waitSeconds: counted.count > ENROLL_FAILURE_LIMIT ? counted.retryAfterSeconds : 0,
    refund: () => uncountRequest(db, key, counted.windowStart),
  };
}

/**
 * Trades a single-use code for a device and its token, in one transaction; undefined when the code is
 * unknown, used, revoked or expired (the caller gives one answer for all three), `deactivated` when it is
 * a good code of an organisation the national team deactivated (the code stays unused, no tablet is made).
 */
export async function enrollDevice(db: Database, typedCode: string, label: string): Promise<EnrollResponse | 'deactivated' | undefined> {
  try {
    return await claimCode(db, typedCode, label);
  } catch (error) {
    if (error instanceof OrganisationDeactivated) return 'deactivated';
    throw error;
  }
}

/** Thrown inside the transaction, so the code's claim is rolled back. */
class OrganisationDeactivated extends Error {}

function claimCode(db: Database, typedCode: string, label: string): Promise<EnrollResponse | undefined> {
  return db.transaction(async (tx) => {
    const deviceId = randomUUID();
    // The row lock of this UPDATE makes the code single-use even when two tablets try it at once.
    // A code from before migration 005 is still under its plain sha256: it is found by that and gets the keyed hash.
    const code = normaliseCode(typedCode);
    const [claimed] = await tx.query<{ organisation_id: string; role: DeviceRole }>(
      `UPDATE enrollment_codes SET used_at = now(), device_id = $2, code_hash = $1
       WHERE code_hash IN ($1, $3) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING organisation_id::text AS organisation_id, role`,
      [hashSecret(code), deviceId, legacyHash(code)],
    );
    if (!claimed) return undefined;
    if (await isDeactivated(tx, claimed.organisation_id)) throw new OrganisationDeactivated();
    const token = generateToken();
    await tx.query('INSERT INTO devices (id, organisation_id, label, token_hash, role) VALUES ($1, $2, $3, $4, $5)', [deviceId, claimed.organisation_id, label, hashSecret(token), claimed.role]);
    const organisation = (await findOrganisation(tx, claimed.organisation_id))!;
    return {
      deviceId,
      token,
      organisation: { id: organisation.id, name: organisation.name },
      locations: await listLocations(tx, organisation.id),
      codelistVersion: SCHEMA_VERSION,
      // Only a coordinator's tablet is told its role: absent means 'medewerker', as with older servers.
      ...(claimed.role === 'coordinator' ? { role: claimed.role } : {}),
    };
  });
}
