import type { FastifyInstance } from 'fastify';
import { organisationInScope, requireNational } from '../admin/actor';
import { adminRouteKit } from './admin-route-kit';
import { oneOf, readBody } from '../admin/input';
import { assureService, FEEDBACK_RESOLUTIONS, listOpenFeedback, listNationalFeedback, listPassedOnReports, listUncheckedServices, NATIONAL_RESOLUTIONS, resolveFeedback, resolveNationalFeedback } from '../admin/kaart-inbox';
import type { Database } from '../db/database';
import { KAART_INBOX, NATIONAL_KAART_INBOX } from '../rate-limits/kaart-inbox-routes';

/** The kaart inbox's routes (docs/admin-api.md, "Kaart-inbox"): thin faces of src/server/admin/kaart-inbox.ts. */
export function kaartInboxRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  // Token first (401/403), then scope (404/403), then the body (400), as every admin route.
  const { withActor, actorOf, params, json } = adminRouteKit(db);

  app.get(`${KAART_INBOX}/feedback`, withActor, async (request, reply) =>
    json(reply, 200, { feedback: await listOpenFeedback(db, actorOf(request), params(request).organisationId) }));
  app.post(`${KAART_INBOX}/feedback/:id/resolve`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const resolution = oneOf(readBody(request.body, ['resolution']), 'resolution', FEEDBACK_RESOLUTIONS)!;
    return json(reply, 200, await resolveFeedback(db, actorOf(request), params(request).organisationId, params(request).id, resolution));
  });
  app.get(`${KAART_INBOX}/passed-on`, withActor, async (request, reply) =>
    json(reply, 200, { reports: await listPassedOnReports(db, actorOf(request), params(request).organisationId) }));
  app.get(`${KAART_INBOX}/unchecked`, withActor, async (request, reply) =>
    json(reply, 200, { services: await listUncheckedServices(db, actorOf(request), params(request).organisationId) }));
  app.post(`${KAART_INBOX}/services/:id/assure`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    readBody(request.body, []);
    return json(reply, 200, await assureService(db, actorOf(request), params(request).organisationId, params(request).id));
  });

  // The national entries (scope national), and the reports about them from every organisation: the national team only.
  app.get(`${NATIONAL_KAART_INBOX}/feedback`, withActor, async (request, reply) =>
    json(reply, 200, { feedback: await listNationalFeedback(db, actorOf(request)) }));
  app.post(`${NATIONAL_KAART_INBOX}/feedback/:id/resolve`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    const resolution = oneOf(readBody(request.body, ['resolution']), 'resolution', NATIONAL_RESOLUTIONS)!;
    return json(reply, 200, await resolveNationalFeedback(db, actorOf(request), params(request).id, resolution));
  });
  app.get(`${NATIONAL_KAART_INBOX}/unchecked`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    return json(reply, 200, { services: await listUncheckedServices(db, actorOf(request), null) });
  });
  app.post(`${NATIONAL_KAART_INBOX}/services/:id/assure`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    readBody(request.body, []);
    return json(reply, 200, await assureService(db, actorOf(request), null, params(request).id));
  });
}
