import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateActor, requireNational } from '../admin/actor';
import { readBody, number } from '../admin/input';
import { createMunicipalityToken, listMunicipalityTokens, revokeMunicipalityToken } from '../admin/municipality-tokens';
import { DEFAULT_TOKEN_DAYS } from '../api-tokens';
import type { Database } from '../db/database';
import { MUNICIPALITY_TOKENS } from '../rate-limits/annual-report-routes';

/** The national team's municipality tokens under /api/v1/admin (docs/admin-api.md): list, create, revoke. */
export function municipalityTokenRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  // 401/403 before the body is read: only the national team gets further.
  const actor = async (request: FastifyRequest) => {
    const who = await authenticateActor(db, request);
    requireNational(who);
    return who;
  };
  const send = (reply: import('fastify').FastifyReply, status: number, body: unknown) => reply.code(status).header('cache-control', 'no-store').send(body);

  app.get(MUNICIPALITY_TOKENS, async (request, reply) => send(reply, 200, { tokens: await listMunicipalityTokens(db, await actor(request)) }));
  app.post(MUNICIPALITY_TOKENS, async (request, reply) => {
    const who = await actor(request);
    const body = readBody(request.body, ['municipalityCode', 'days']);
    const days = number(body, 'days', { min: 1, max: 3650, integer: true }, true) ?? DEFAULT_TOKEN_DAYS;
    return send(reply, 201, await createMunicipalityToken(db, who, body.municipalityCode, days));
  });
  app.post(`${MUNICIPALITY_TOKENS}/:id/revoke`, async (request, reply) => {
    const who = await actor(request);
    readBody(request.body, []);
    return send(reply, 200, await revokeMunicipalityToken(db, who, (request.params as { id: string }).id));
  });
}
