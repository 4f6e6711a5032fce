import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, authenticateActor } from '../admin/actor';
import type { Database } from '../db/database';

/** The path parameters of the admin routes. */
export type AdminParams = { organisationId?: string; id?: string };

/**
 * What every management route file needs: `withActor` authenticates before the body is read or checked
 * (401/403 first, then 400), `actorOf` gives that actor, `json` answers uncached.
 */
export function adminRouteKit(db: Database) {
  const actors = new WeakMap<FastifyRequest, Actor>();
  return {
    withActor: { preValidation: async (request: FastifyRequest) => { actors.set(request, await authenticateActor(db, request)); } },
    actorOf: (request: FastifyRequest) => actors.get(request)!,
    params: (request: FastifyRequest) => request.params as AdminParams,
    json: (reply: FastifyReply, status: number, body: unknown) => reply.code(status).header('cache-control', 'no-store').send(body),
  };
}
