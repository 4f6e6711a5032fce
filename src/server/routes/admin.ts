import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { organisationInScope, requireNational } from '../admin/actor';
import { adminRouteKit } from './admin-route-kit';
import { auditCsv, readAudit } from '../admin/audit';
import { createCode, createToken, listCodes, listManagedDevices, listTokens, renameDevice, revokeCode, revokeManagedDevice, revokeToken } from '../admin/access';
import { addLocation, closeLocation, listManagedLocations, updateLocation } from '../admin/locations';
import { MUNICIPALITY, readLocation } from '../admin/location-input';
import { addOrganisation, deactivateOrganisation, importMunicipalitiesAs, listOrganisationsFor, reactivateOrganisation, renameOrganisation } from '../admin/organisations';
import { date, deviceLabel, number, oneOf, pattern, readBody, text } from '../admin/input';
import { MAX_NAME } from '../../shared/admin-api';
import type { Database } from '../db/database';
import { ApiError } from '../errors';
import { DEFAULT_CODE_DAYS } from '../enrollment/codes';
import { DEFAULT_TOKEN_DAYS } from '../api-tokens';
import { municipalityRefusalText, parseMunicipalitiesCsv } from '../reports/municipalities';
import { amsterdamDay } from '../../shared/time';

/** Every management route's path, under /api/v1/admin (docs/admin-api.md). */
export const ADMIN = `${API_PREFIX}/admin`;
const ORG = `${ADMIN}/organisations/:organisationId`;

/** The /api/v1/admin routes: the browser's face of the management service layer (src/server/admin/). */
export function adminRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  // Authentication before the body is read or checked: 401/403 first, then 400.
  const { withActor, actorOf, params, json } = adminRouteKit(db);

  app.get(`${ADMIN}/me`, withActor, async (request, reply) => {
    const actor = actorOf(request);
    return json(reply, 200, { kind: actor.kind, organisationId: actor.kind === 'national' ? null : actor.organisationId });
  });

  app.get(`${ADMIN}/organisations`, withActor, async (request, reply) => json(reply, 200, { organisations: await listOrganisationsFor(db, actorOf(request)) }));
  app.post(`${ADMIN}/organisations`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    const input = readBody(request.body, ['name', 'municipalityCode']);
    const organisation = await addOrganisation(db, actorOf(request), { name: text(input, 'name', MAX_NAME), municipalityCode: pattern(input, 'municipalityCode', MUNICIPALITY, 'GM0855', true) });
    return json(reply, 201, organisation);
  });
  app.patch(ORG, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    const input = readBody(request.body, ['name']);
    return json(reply, 200, await renameOrganisation(db, actorOf(request), params(request).organisationId, text(input, 'name', MAX_NAME)));
  });
  app.post(`${ORG}/deactivate`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    readBody(request.body, []);
    return json(reply, 200, await deactivateOrganisation(db, actorOf(request), params(request).organisationId));
  });
  app.post(`${ORG}/reactivate`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    readBody(request.body, []);
    return json(reply, 200, await reactivateOrganisation(db, actorOf(request), params(request).organisationId));
  });

  app.get(`${ORG}/locations`, withActor, async (request, reply) => json(reply, 200, { locations: await listManagedLocations(db, actorOf(request), params(request).organisationId) }));
  app.post(`${ORG}/locations`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const { fields, openedOn } = readLocation(request.body, false);
    const location = await addLocation(db, actorOf(request), params(request).organisationId, {
      insideLibrary: true, ...fields, openedOn: openedOn ?? amsterdamDay(new Date()),
    } as Parameters<typeof addLocation>[3]);
    return json(reply, 201, location);
  });
  app.patch(`${ORG}/locations/:id`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const { fields } = readLocation(request.body, true);
    return json(reply, 200, await updateLocation(db, actorOf(request), params(request).organisationId, params(request).id, fields));
  });
  app.post(`${ORG}/locations/:id/close`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const closedOn = date(readBody(request.body, ['closedOn']), 'closedOn', true);
    return json(reply, 200, await closeLocation(db, actorOf(request), params(request).organisationId, params(request).id, closedOn));
  });

  app.get(`${ORG}/codes`, withActor, async (request, reply) => json(reply, 200, { codes: await listCodes(db, actorOf(request), params(request).organisationId) }));
  app.post(`${ORG}/codes`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const input = readBody(request.body, ['role', 'days']);
    const role = oneOf(input, 'role', ['medewerker', 'coordinator'] as const)!;
    const days = number(input, 'days', { min: 1, max: 365, integer: true }, true) ?? DEFAULT_CODE_DAYS;
    return json(reply, 201, await createCode(db, actorOf(request), params(request).organisationId, { role, days }));
  });
  // The revokes read their body (none or {}) after the scope: token, scope, body, as every admin route.
  app.post(`${ORG}/codes/:id/revoke`, withActor, async (request, reply) =>
    json(reply, 200, await revokeCode(db, actorOf(request), params(request).organisationId, params(request).id, request.body)));

  app.get(`${ORG}/devices`, withActor, async (request, reply) => json(reply, 200, { devices: await listManagedDevices(db, actorOf(request), params(request).organisationId) }));
  app.patch(`${ORG}/devices/:id`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    const label = deviceLabel(readBody(request.body, ['label']));
    return json(reply, 200, await renameDevice(db, actorOf(request), params(request).organisationId, params(request).id, label));
  });
  app.post(`${ORG}/devices/:id/revoke`, withActor, async (request, reply) =>
    json(reply, 200, await revokeManagedDevice(db, actorOf(request), params(request).organisationId, params(request).id, request.body)));

  const readDays = (body: unknown) => number(readBody(body, ['days']), 'days', { min: 1, max: 3650, integer: true }, true) ?? DEFAULT_TOKEN_DAYS;
  app.get(`${ORG}/tokens`, withActor, async (request, reply) => json(reply, 200, { tokens: await listTokens(db, actorOf(request), params(request).organisationId) }));
  app.post(`${ORG}/tokens`, withActor, async (request, reply) => {
    await organisationInScope(db, actorOf(request), params(request).organisationId);
    return json(reply, 201, await createToken(db, actorOf(request), params(request).organisationId, readDays(request.body)));
  });
  app.post(`${ORG}/tokens/:id/revoke`, withActor, async (request, reply) =>
    json(reply, 200, await revokeToken(db, actorOf(request), params(request).organisationId, params(request).id, request.body)));
  app.get(`${ADMIN}/national-tokens`, withActor, async (request, reply) => json(reply, 200, { tokens: await listTokens(db, actorOf(request), null) }));
  app.post(`${ADMIN}/national-tokens`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    return json(reply, 201, await createToken(db, actorOf(request), null, readDays(request.body)));
  });
  app.post(`${ADMIN}/national-tokens/:id/revoke`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    return json(reply, 200, await revokeToken(db, actorOf(request), null, params(request).id, request.body));
  });

  app.post(`${ADMIN}/municipalities`, withActor, async (request, reply) => {
    requireNational(actorOf(request));
    const csv = readBody(request.body, ['csv']).csv;
    if (typeof csv !== 'string' || csv.trim() === '') throw new ApiError('invalid_request', {}, 'Het veld "csv" ontbreekt of is leeg: stuur de inhoud van het CBS-bestand als tekst.');
    const parsed = parseMunicipalitiesCsv(csv);
    if (parsed.problems.length > 0) throw new ApiError('invalid_request', {}, municipalityRefusalText(parsed.problems));
    return json(reply, 200, { ...(await importMunicipalitiesAs(db, actorOf(request), parsed.rows)), skipped: parsed.skipped, layout: parsed.layout });
  });

  const auditScope = async (request: FastifyRequest): Promise<string | null> => {
    const organisation = params(request).organisationId;
    if (organisation === undefined) {
      requireNational(actorOf(request));
      return null;
    }
    return organisationInScope(db, actorOf(request), organisation);
  };
  const sendAuditJson = async (request: FastifyRequest, reply: FastifyReply) => json(reply, 200, { entries: await readAudit(db, await auditScope(request)) });
  const sendAuditCsv = async (request: FastifyRequest, reply: FastifyReply) => {
    const entries = await readAudit(db, await auditScope(request), 100_000);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="ido-auditlog.csv"').type('text/csv; charset=utf-8').send(auditCsv(entries));
  };
  app.get(`${ADMIN}/audit`, withActor, sendAuditJson);
  app.get(`${ADMIN}/audit.csv`, withActor, sendAuditCsv);
  app.get(`${ORG}/audit`, withActor, sendAuditJson);
  app.get(`${ORG}/audit.csv`, withActor, sendAuditCsv);
}
