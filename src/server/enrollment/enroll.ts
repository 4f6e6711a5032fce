import { randomUUID } from 'node:crypto';
import { type DeviceRole, ENROLL_AGAIN_HOURS, type EnrollResponse } from '../../shared/api';
import { SCHEMA_VERSION } from '../../shared/codelists';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
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

/** An enrollment's answer; `again` when it was the same device enrolled again (not sent). */
export type Enrolled = EnrollResponse & { again: boolean };

/**
 * Trades a single-use code for a device and its token, in one transaction; undefined when the code is
 * unknown, used, revoked or expired (the caller gives one answer for all three), `deactivated` when it is
 * a good code of an organisation the national team deactivated (the code stays unused, no tablet is made).
 * A used code with the `attempt` key it was used with, within ENROLL_AGAIN_HOURS and while its device is not
 * revoked, enrolls that device again: a new token (the earlier one stops working) and the same answer otherwise.
 * Only the tablet that made the key holds it, and only until it has stored an answer: the line that lost the
 * first answer, or a tablet that could not store it, costs no new code.
 */
export async function enrollDevice(db: Database, typedCode: string, label: string, attempt?: string): Promise<Enrolled | 'deactivated' | undefined> {
  try {
    return await claimCode(db, typedCode, label, attempt);
  } catch (error) {
    if (error instanceof OrganisationDeactivated) return 'deactivated';
    throw error;
  }
}

/** Thrown inside the transaction, so the code's claim is rolled back. */
class OrganisationDeactivated extends Error {}

function claimCode(db: Database, typedCode: string, label: string, attempt: string | undefined): Promise<Enrolled | undefined> {
  return writeTransaction(db, async (tx) => {
    // The row lock of this UPDATE makes the code single-use even when two tablets try it at once.
    // A code from before migration 005 is still under its plain sha256: it is found by that and gets the keyed hash.
    const code = normaliseCode(typedCode);
    const newDeviceId = randomUUID();
    const attemptHash = attempt === undefined ? null : hashSecret(`enroll-attempt:${attempt}`);
    const [claimed] = await tx.query<{ organisation_id: string; role: DeviceRole }>(
      `UPDATE enrollment_codes SET used_at = now(), device_id = $2, code_hash = $1, attempt_hash = $4
       WHERE code_hash IN ($1, $3) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING organisation_id::text AS organisation_id, role`,
      [hashSecret(code), newDeviceId, legacyHash(code), attemptHash],
    );
    const again = claimed || attemptHash === null ? undefined : await claimedBefore(tx, hashSecret(code), attemptHash);
    const claim = claimed ?? again;
    if (!claim) return undefined;
    if (await isDeactivated(tx, claim.organisation_id)) throw new OrganisationDeactivated();
    const token = generateToken();
    const deviceId = again?.device_id ?? newDeviceId;
    if (again) await tx.query('UPDATE devices SET token_hash = $2, label = $3 WHERE id = $1', [deviceId, hashSecret(token), label]);
    else await tx.query('INSERT INTO devices (id, organisation_id, label, token_hash, role) VALUES ($1, $2, $3, $4, $5)', [deviceId, claim.organisation_id, label, hashSecret(token), claim.role]);
    const organisation = (await findOrganisation(tx, claim.organisation_id))!;
    return {
      again: again !== undefined,
      deviceId,
      token,
      organisation: { id: organisation.id, name: organisation.name },
      locations: await listLocations(tx, organisation.id),
      codelistVersion: SCHEMA_VERSION,
      // Only a coordinator's tablet is told its role: absent means 'medewerker', as with older servers.
      ...(claim.role === 'coordinator' ? { role: claim.role } : {}),
    };
  });
}

/** A code used within ENROLL_AGAIN_HOURS with this attempt key, its device not revoked: locked, as the first claim is. */
async function claimedBefore(tx: Queryable, codeHash: string, attemptHash: string): Promise<{ organisation_id: string; role: DeviceRole; device_id: string } | undefined> {
  const [row] = await tx.query<{ organisation_id: string; role: DeviceRole; device_id: string }>(
    `SELECT c.organisation_id::text AS organisation_id, c.role, c.device_id::text AS device_id
     FROM enrollment_codes c JOIN devices d ON d.id = c.device_id
     WHERE c.code_hash = $1 AND c.attempt_hash = $2 AND c.revoked_at IS NULL AND d.revoked_at IS NULL
       AND c.used_at > now() - make_interval(hours => $3)
     FOR UPDATE OF c, d`,
    [codeHash, attemptHash, ENROLL_AGAIN_HOURS],
  );
  return row;
}
