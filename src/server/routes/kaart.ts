import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import type { Database } from '../db/database';
import { packedAnswer } from '../content-encoding';
import { ApiError } from '../errors';
import { type KaartActor, pushKaartChanges } from '../kaart/apply';
import { authenticateKaartCaller } from '../kaart/caller';
import { readKaartChanges } from '../kaart/store';
import { isJsonContentType, isRecord } from '../../shared/json';

/** Limits of the kaart endpoints (docs/api-extensions.md). */
export const KAART_LIMITS = {
  defaultPullLimit: 500,
  maxPullLimit: 1000,
  maxPushChanges: 500,
  maxPushBytes: 2 * 1_048_576,
} as const;

// A cursor is a change number as a decimal string; 18 digits stay inside a bigint.
const CURSOR = /^(0|[1-9]\d{0,17})$/;

function readPullQuery(query: unknown): { since: string; limit: number } {
  const { since = '0', limit = String(KAART_LIMITS.defaultPullLimit) } = (query ?? {}) as Record<string, unknown>;
  if (typeof since !== 'string' || !CURSOR.test(since === '' ? '0' : since)) {
    throw new ApiError('invalid_request', {}, 'De cursor (since) is ongeldig. Begin opnieuw zonder cursor.');
  }
  const count = typeof limit === 'string' && /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!(count >= 1 && count <= KAART_LIMITS.maxPullLimit)) {
    throw new ApiError('invalid_request', {}, `De limit moet een getal van 1 tot ${KAART_LIMITS.maxPullLimit} zijn.`);
  }
  return { since: since === '' ? '0' : since, limit: count };
}

function readPushBody(body: unknown): unknown[] {
  const changes = isRecord(body) ? body.changes : undefined;
  if (!Array.isArray(changes)) throw new ApiError('invalid_request', {}, 'Stuur een JSON-object met een lijst changes.');
  if (changes.length > KAART_LIMITS.maxPushChanges) {
    throw new ApiError('too_many_records', {}, `Stuur hoogstens ${KAART_LIMITS.maxPushChanges} wijzigingen tegelijk.`);
  }
  return changes;
}

/** GET and POST /kaart/changes: pull by cursor, push with per-change answers (docs/api-extensions.md, "Sociale kaart"). */
export function kaartRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  const actors = new WeakMap<FastifyRequest, KaartActor>();

  app.get(`${API_PREFIX}/kaart/changes`, {
    onRequest: async (request) => {
      actors.set(request, await authenticateKaartCaller(db, request));
    },
  }, async (request, reply) => {
    const { since, limit } = readPullQuery(request.query);
    const actor = actors.get(request)!;
    const page = await readKaartChanges(db, actor.scope, since, limit);
    // A coordinator's tablet learns its own organisation's state at each pull (docs/api-extensions.md); others get no field.
    const answer = actor.organisationDeactivated === undefined ? page : { ...page, organisationDeactivated: actor.organisationDeactivated };
    return packedAnswer(request, reply.header('cache-control', 'no-store'), JSON.stringify(answer));
  });

  app.post(`${API_PREFIX}/kaart/changes`, {
    bodyLimit: KAART_LIMITS.maxPushBytes,
    // Before the body is read: an unknown sender never gets its megabytes parsed.
    onRequest: async (request) => {
      actors.set(request, await authenticateKaartCaller(db, request));
      if (!isJsonContentType(request.headers['content-type'])) throw new ApiError('unsupported_media_type');
    },
  }, async (request, reply) => {
    const changes = readPushBody(request.body);
    const applied = await pushKaartChanges(db, actors.get(request)!, changes);
    const count = (status: string) => applied.filter((a) => a.result.status === status).length;
    request.log.info({ changes: changes.length, applied: count('applied'), conflict: count('conflict'), rejected: count('rejected') }, 'kaart push');
    return reply.header('cache-control', 'no-store').send({ results: applied.map((a) => a.result) });
  });
}
