import type { AdminCreatedCode, AdminCreatedToken, AdminDevice } from '../../shared/admin-api';
import type { DeviceRole } from '../../shared/api';
import { type ApiTokenInfo, type ApiTokenRole, issueApiToken, listApiTokens } from '../api-tokens';
import { type Database, isoOrNull, type Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { type EnrollmentCodeInfo, issueEnrollmentCode, listEnrollmentCodes } from '../enrollment/codes';
import { ApiError } from '../errors';
import { isUuid } from '../../shared/ids';
import { type Actor, notFound, organisationInScope, requireNational } from './actor';
import { appendAudit } from './audit';
import { readBody } from './input';

/** Where the app's enrollment page opens with a code filled in. The code is in the URL fragment, which browsers never send to a server, so it lands in no log. */
export function enrollPath(code: string): string {
  return `/#/koppelen/${code}`;
}

/** A new enrollment code for an organisation in scope; the code is in this answer only. */
export async function createCode(db: Database, actor: Actor, organisation: unknown, input: { role: DeviceRole; days: number }): Promise<AdminCreatedCode> {
  const organisationId = await organisationInScope(db, actor, organisation);
  return writeTransaction(db, async (tx) => {
    const issued = await issueEnrollmentCode(tx, organisationId, input.days, input.role);
    await appendAudit(tx, actor, { organisationId, action: 'code.create', target: issued.id, after: { role: input.role, expiresAt: issued.expiresAt } });
    return { id: issued.id, code: issued.code, role: input.role, expiresAt: issued.expiresAt, enrollPath: enrollPath(issued.code) };
  });
}

/** The organisation's enrollment codes (never the code itself). */
export async function listCodes(db: Database, actor: Actor, organisation: unknown): Promise<EnrollmentCodeInfo[]> {
  return listEnrollmentCodes(db, await organisationInScope(db, actor, organisation));
}

/**
 * Revokes an unused code of the organisation; a used one is 400 (revoke its tablet instead). The request's
 * body (none or `{}`) is read after the scope: another organisation's code is 404 whatever the body.
 */
export async function revokeCode(db: Database, actor: Actor, organisation: unknown, id: unknown, body?: unknown): Promise<EnrollmentCodeInfo> {
  const organisationId = await organisationInScope(db, actor, organisation);
  if (!isUuid(id)) throw notFound('Deze code');
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.query<{ used: boolean; revoked: boolean }>(
      'SELECT used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked FROM enrollment_codes WHERE id = $1 AND organisation_id = $2 FOR UPDATE',
      [id, organisationId],
    );
    if (!row) throw notFound('Deze code');
    readBody(body, []);
    if (row.used) throw new ApiError('invalid_request', {}, 'Deze code is al gebruikt. Ontkoppel de tablet die ermee gekoppeld is.');
    if (!row.revoked) {
      await tx.query('UPDATE enrollment_codes SET revoked_at = now() WHERE id = $1', [id]);
      await appendAudit(tx, actor, { organisationId, action: 'code.revoke', target: id.toLowerCase(), before: { revoked: false }, after: { revoked: true } });
    }
    return (await listEnrollmentCodes(tx, organisationId)).find((code) => code.id === id.toLowerCase())!;
  });
}

/** A tablet as management sees it: the wire shape the beheer pages read (src/shared/admin-api.ts). */
export type ManagedDevice = AdminDevice;

async function readDevices(db: Database, organisationId: string, only: string | null): Promise<ManagedDevice[]> {
  const rows = await db.query<{ id: string; label: string; role: DeviceRole; created_at: Date; revoked_at: Date | null; last_sync: Date | null; records: number;
    imported: number; app_version: string | null; pending_at_last_contact: number | null; last_contact_at: Date | null; clock_ahead_seconds: number | null }>(
    // The tablet's own batches make its last send and its records sent; a noodexport the coordinator imported
    // (migration 029) is no send of the tablet, often made after its revoke: its records are counted apart.
    `SELECT d.id::text AS id, d.label, d.role, d.created_at, d.revoked_at, b.last_sync, coalesce(b.records, 0)::int AS records,
       coalesce(b.imported, 0)::int AS imported, d.app_version, d.pending_at_last_contact, d.last_contact_at, d.clock_ahead_seconds
     FROM devices d
     LEFT JOIN LATERAL (SELECT max(created_at) FILTER (WHERE NOT imported) AS last_sync, sum(record_count) FILTER (WHERE NOT imported) AS records,
       sum(record_count) FILTER (WHERE imported) AS imported FROM batches WHERE device_id = d.id) b ON true
     WHERE d.organisation_id = $1 AND ($2::uuid IS NULL OR d.id = $2::uuid) ORDER BY d.created_at, d.id`,
    [organisationId, only],
  );
  return rows.map((row) => ({
    id: row.id, label: row.label, role: row.role, createdAt: isoOrNull(row.created_at)!, revokedAt: isoOrNull(row.revoked_at),
    lastSyncAt: isoOrNull(row.last_sync), recordsSent: row.records, recordsImported: row.imported, appVersion: row.app_version,
    pendingAtLastContact: row.pending_at_last_contact === null ? null : Number(row.pending_at_last_contact), lastContactAt: isoOrNull(row.last_contact_at),
    clockAheadSeconds: row.clock_ahead_seconds === null ? null : Number(row.clock_ahead_seconds),
  }));
}

/** The organisation's tablets with their last sync and records sent. */
export async function listManagedDevices(db: Database, actor: Actor, organisation: unknown): Promise<ManagedDevice[]> {
  return readDevices(db, await organisationInScope(db, actor, organisation), null);
}

async function lockDevice(tx: Queryable, organisationId: string, id: unknown) {
  if (!isUuid(id)) throw notFound('Deze tablet');
  const [row] = await tx.query<{ label: string; revoked: boolean }>('SELECT label, revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1 AND organisation_id = $2 FOR UPDATE', [id, organisationId]);
  if (!row) throw notFound('Deze tablet');
  return { id: id.toLowerCase(), ...row };
}

/** Gives a tablet a new label. */
export async function renameDevice(db: Database, actor: Actor, organisation: unknown, id: unknown, label: string): Promise<ManagedDevice> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const deviceId = await writeTransaction(db, async (tx) => {
    const device = await lockDevice(tx, organisationId, id);
    if (device.label === label) return device.id; // the same label: nothing changes, no audit row
    await tx.query('UPDATE devices SET label = $2 WHERE id = $1', [device.id, label]);
    await appendAudit(tx, actor, { organisationId, action: 'device.rename', target: device.id, before: { label: device.label }, after: { label } });
    return device.id;
  });
  return (await readDevices(db, organisationId, deviceId))[0];
}

/**
 * Revokes a tablet: its token stops working at once (403 device_revoked). A tablet cannot revoke itself.
 * The body (none or `{}`) is read after the scope, as in revokeCode.
 */
export async function revokeManagedDevice(db: Database, actor: Actor, organisation: unknown, id: unknown, body?: unknown): Promise<ManagedDevice> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const deviceId = await writeTransaction(db, async (tx) => {
    const device = await lockDevice(tx, organisationId, id);
    readBody(body, []);
    if (actor.kind === 'coordinator_device' && actor.id === device.id) throw new ApiError('invalid_request', {}, 'Deze tablet kan zichzelf niet ontkoppelen. Doe het vanaf een andere coördinatortablet of met een toegangscode.');
    if (!device.revoked) {
      await tx.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [device.id]);
      await appendAudit(tx, actor, { organisationId, action: 'device.revoke', target: device.id, before: { revoked: false }, after: { revoked: true } });
    }
    return device.id;
  });
  return (await readDevices(db, organisationId, deviceId))[0];
}

/**
 * A new report token: a coordinator token of an organisation in scope (organisation given), or a national
 * token (organisation null, national only). The token is in this answer only.
 */
export async function createToken(db: Database, actor: Actor, organisation: unknown | null, days: number): Promise<AdminCreatedToken & { organisationId: string | null }> {
  const organisationId = organisation === null ? null : await organisationInScope(db, actor, organisation);
  if (organisationId === null) requireNational(actor);
  const role: ApiTokenRole = organisationId === null ? 'national' : 'coordinator';
  return writeTransaction(db, async (tx) => {
    const issued = await issueApiToken(tx, role, organisationId, days);
    await appendAudit(tx, actor, { organisationId, action: 'token.create', target: issued.id, after: { role, expiresAt: issued.expiresAt } });
    return { id: issued.id, token: issued.token, role, organisationId, expiresAt: issued.expiresAt };
  });
}

/** The coordinator tokens of an organisation in scope, or (organisation null, national only) the national tokens. */
export async function listTokens(db: Database, actor: Actor, organisation: unknown | null): Promise<ApiTokenInfo[]> {
  if (organisation === null) {
    requireNational(actor);
    return (await listApiTokens(db)).filter((token) => token.role === 'national');
  }
  // Only coordinator tokens: a national token made with --organisation is not the organisation's to see or revoke.
  return (await listApiTokens(db, await organisationInScope(db, actor, organisation))).filter((token) => token.role === 'coordinator');
}

/**
 * Revokes a token of an organisation in scope, or (organisation null, national only) a national token.
 * The body (none or `{}`) is read after the scope, as in revokeCode.
 */
export async function revokeToken(db: Database, actor: Actor, organisation: unknown | null, id: unknown, body?: unknown): Promise<ApiTokenInfo> {
  const organisationId = organisation === null ? null : await organisationInScope(db, actor, organisation);
  if (organisationId === null) requireNational(actor);
  if (!isUuid(id)) throw notFound('Deze toegangscode');
  const tokenId = id.toLowerCase();
  await writeTransaction(db, async (tx) => {
    const [row] = await tx.query<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens
       WHERE id = $1 AND (CASE WHEN $2::uuid IS NULL THEN role = 'national' ELSE organisation_id = $2::uuid AND role = 'coordinator' END) FOR UPDATE`,
      [tokenId, organisationId],
    );
    if (!row) throw notFound('Deze toegangscode');
    readBody(body, []);
    if (row.revoked) return;
    await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [tokenId]);
    await appendAudit(tx, actor, { organisationId, action: 'token.revoke', target: tokenId, before: { revoked: false }, after: { revoked: true } });
  });
  return (await listApiTokens(db, organisationId ?? undefined)).find((token) => token.id === tokenId)!;
}
