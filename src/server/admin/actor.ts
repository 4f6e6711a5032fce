import type { FastifyRequest } from 'fastify';
import type { AdminAuditEntry } from '../../shared/admin-api';
import type { Queryable } from '../db/database';
import { bearerToken, findTokenOwner } from '../devices';
import { ApiError } from '../errors';
import { isUuid } from '../../shared/ids';

/**
 * Who manages: the national team (a national token, or the server's admin command with `id` null), a
 * coordinator token of one organisation, or a coordinator's tablet (its device id). Every service function
 * takes one and checks the scope itself.
 */
export type Actor =
  | { kind: 'national'; id: string | null }
  | { kind: 'coordinator'; id: string; organisationId: string }
  | { kind: 'coordinator_device'; id: string; organisationId: string };

/** The admin command on the server: national, written to the audit log as `cli`. */
export const CLI_ACTOR: Actor = { kind: 'national', id: null };

/** The kaart's `updated_by` for a management actor (the values of src/server/kaart/apply.ts). */
export function kaartUpdatedBy(actor: Actor): string {
  if (actor.kind === 'coordinator_device') return `device:${actor.id}`;
  if (actor.kind === 'coordinator') return 'coordinator-token';
  return actor.id === null ? 'admin' : 'national-token';
}

/** The audit log's actor kind of an actor. */
export function auditActorKind(actor: Actor): AdminAuditEntry['actorKind'] {
  if (actor.kind === 'national') return actor.id === null ? 'cli' : 'national_token';
  return actor.kind === 'coordinator' ? 'coordinator_token' : 'coordinator_device';
}

const UNAUTHORIZED = 'Deze toegangscode werkt niet. Kopieer hem opnieuw, of gebruik een gekoppelde coördinatortablet.';
const STAFF_TABLET = 'Beheer kan alleen met een coördinatortablet of de toegangscode van een coördinator.';

/** The actor behind the request's bearer token: 401 when missing or unknown, 403 for a revoked or staff tablet. */
export async function authenticateActor(db: Queryable, request: FastifyRequest): Promise<Actor> {
  const token = bearerToken(request);
  if (!token) throw new ApiError('unauthorized', {}, UNAUTHORIZED);
  const owner = await findTokenOwner(db, token);
  if (owner.kind === 'unknown') throw new ApiError('unauthorized', {}, UNAUTHORIZED);
  if (owner.kind === 'device') {
    if (owner.device.revokedAt) throw new ApiError('device_revoked');
    if (owner.role !== 'coordinator') throw new ApiError('forbidden', {}, STAFF_TABLET);
    return { kind: 'coordinator_device', id: owner.device.id, organisationId: owner.device.organisationId };
  }
  if (owner.role === 'national') return { kind: 'national', id: owner.id };
  if (owner.role === 'municipality') throw new ApiError('forbidden', {}, 'Met de toegangscode van een gemeente kunt u alleen rapportages bekijken, niet beheren.');
  if (!owner.organisationId) throw new ApiError('forbidden');
  return { kind: 'coordinator', id: owner.id, organisationId: owner.organisationId };
}

/** 403 unless the actor is national. */
export function requireNational(actor: Actor): void {
  if (actor.kind !== 'national') throw new ApiError('forbidden', {}, 'Dit kan alleen het landelijk team.');
}

/** A 404 that looks the same for an unknown id and for another organisation's id. */
export function notFound(what: string): ApiError {
  return new ApiError('not_found', {}, `${what} bestaat niet.`);
}

/**
 * The organisation id if the actor may manage it: national any existing one, a coordinator only its own.
 * Another organisation's id is answered exactly like an unknown one (404), so ids cannot be probed.
 */
export async function organisationInScope(db: Queryable, actor: Actor, id: unknown): Promise<string> {
  if (!isUuid(id)) throw notFound('Deze organisatie');
  const organisationId = id.toLowerCase();
  if (actor.kind !== 'national' && actor.organisationId !== organisationId) throw notFound('Deze organisatie');
  const [row] = await db.query<{ deactivated: boolean }>('SELECT deactivated_at IS NOT NULL AS deactivated FROM organisations WHERE id = $1', [organisationId]);
  if (!row) throw notFound('Deze organisatie');
  if (row.deactivated && actor.kind !== 'national') throw new ApiError('organisation_deactivated');
  return organisationId;
}
