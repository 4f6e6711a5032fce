import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { amsterdamDay } from '../../shared/time';
import { type Actor, authenticateActor } from '../admin/actor';
import { readBody } from '../admin/input';
import { copyNationalCard, createCard, deleteCard, listCards, searchPartners, updateCard } from '../admin/snelwijzer';
import type { Database } from '../db/database';
import { NATIONAL_SNELWIJZER, SNELWIJZER } from '../rate-limits/snelwijzer-routes';

type Params = { organisationId?: string; id?: string };

/**
 * The Snelwijzer's routes (docs/admin-api.md, "Snelwijzer"): thin faces of src/server/admin/snelwijzer.ts.
 * The same routes under an organisation (its own cards) and without one (the national cards, national team only).
 */
export function snelwijzerRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  const actors = new WeakMap<FastifyRequest, Actor>();
  const actorOf = (request: FastifyRequest) => actors.get(request)!;
  const params = (request: FastifyRequest) => request.params as Params;
  // Token first (401/403), then scope (404/403), then the body (400), as every admin route.
  const withActor = { preValidation: async (request: FastifyRequest) => { actors.set(request, await authenticateActor(db, request)); } };
  const json = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).header('cache-control', 'no-store').send(body);

  for (const base of [SNELWIJZER, NATIONAL_SNELWIJZER]) {
    app.get(base, withActor, async (request, reply) => {
      readBody(request.query, []);
      return json(reply, 200, await listCards(db, actorOf(request), params(request).organisationId));
    });
    app.get(`${base}/partners`, withActor, async (request, reply) => {
      const query = readBody(request.query, ['q']);
      return json(reply, 200, { partners: await searchPartners(db, actorOf(request), params(request).organisationId, query.q) });
    });
    app.post(base, withActor, async (request, reply) =>
      json(reply, 201, await createCard(db, actorOf(request), params(request).organisationId, request.body)));
    app.put(`${base}/:id`, withActor, async (request, reply) =>
      json(reply, 200, await updateCard(db, actorOf(request), params(request).organisationId, params(request).id, request.body)));
    app.post(`${base}/:id/delete`, withActor, async (request, reply) =>
      json(reply, 200, await deleteCard(db, actorOf(request), params(request).organisationId, params(request).id, request.body)));
  }
  app.post(`${SNELWIJZER}/:id/copy`, withActor, async (request, reply) =>
    json(reply, 201, await copyNationalCard(db, actorOf(request), params(request).organisationId, params(request).id, amsterdamDay(new Date()), request.body)));
}
