import type { DeviceRole } from '../shared/api';
import { isoOrNull, preparedSql, type Queryable } from './db/database';
import { type ApiTokenRole, findApiToken } from './api-tokens';
import { hashSecret, legacyHash } from './secrets';

/** A tablet enrolled for one organisation. */
export interface Device {
  id: string;
  organisationId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Who a bearer token belongs to: a device, a coordinator/national token, or nobody. */
export type TokenOwner =
  | { kind: 'device'; device: Device; role: DeviceRole }
  | { kind: 'api_token'; id: string; role: ApiTokenRole; organisationId: string | null; municipalityCode: string | null }
  | { kind: 'unknown' };

interface DeviceRow extends Record<string, unknown> {
  id: string;
  organisation_id: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
}

const DEVICE_COLUMNS = 'id::text AS id, organisation_id::text AS organisation_id, label, created_at, revoked_at';

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    label: row.label,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: isoOrNull(row.revoked_at),
  };
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{1,200})$/;

/** The token of an `Authorization: Bearer …` header, or undefined when there is none or it is malformed. */
export function bearerToken(request: { headers: { authorization?: string } }): string | undefined {
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}

// Every request with a token runs it: prepared once per connection (database.ts).
const DEVICE_BY_TOKEN = preparedSql(`SELECT ${DEVICE_COLUMNS}, role, token_hash FROM devices WHERE token_hash IN ($1, $2)`);

/**
 * Looks a bearer token up by its keyed hash (a revoked or expired api token is unknown). A row still under
 * its plain sha256 from before migration 005 is found by that and rewritten to the keyed hash.
 */
export async function findTokenOwner(db: Queryable, token: string): Promise<TokenOwner> {
  const hash = hashSecret(token);
  const [device] = await db.query<DeviceRow & { role: DeviceRole; token_hash: string }>(DEVICE_BY_TOKEN, [hash, legacyHash(token)]);
  if (device) {
    if (device.token_hash !== hash) await db.query('UPDATE devices SET token_hash = $2 WHERE id = $1', [device.id, hash]);
    return { kind: 'device', device: toDevice(device), role: device.role };
  }
  const apiToken = await findApiToken(db, token);
  if (apiToken) return { kind: 'api_token', ...apiToken };
  return { kind: 'unknown' };
}

/** One device by id, or undefined. */
export async function findDevice(db: Queryable, id: string): Promise<Device | undefined> {
  const [row] = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [id]);
  return row ? toDevice(row) : undefined;
}

/** The devices of an organisation, oldest first. */
export async function listDevices(db: Queryable, organisationId: string): Promise<Device[]> {
  const rows = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE organisation_id = $1 ORDER BY created_at, id`, [organisationId]);
  return rows.map(toDevice);
}

/** Revokes a device: its token stops working at once (403). Returns false when the device is unknown. */
export async function revokeDevice(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}
