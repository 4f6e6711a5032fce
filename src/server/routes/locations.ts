import type { FastifyInstance } from 'fastify';
import { API_PREFIX, type DeliveredLocation, type LocationsResponse } from '../../shared/api';
import type { Database } from '../db/database';
import { findOrganisation, listLocations } from '../organisations/organisations';
import { authenticateDevice } from './batches';

/**
 * GET /locations: a tablet re-reads its organisation's locations at each sync, so a location the
 * coordinator adds, changes or closes reaches it without a new enrollment (docs/admin-api.md).
 */
export function locationRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  app.get(`${API_PREFIX}/locations`, async (request, reply) => {
    const device = await authenticateDevice(db, request);
    const organisation = (await findOrganisation(db, device.organisationId))!;
    const closed = new Map((await db.query<{ id: string; closed_on: string }>(
      'SELECT id, closed_on::text AS closed_on FROM locations WHERE organisation_id = $1 AND closed_on IS NOT NULL',
      [device.organisationId],
    )).map((row) => [row.id, row.closed_on]));
    const locations: DeliveredLocation[] = (await listLocations(db, device.organisationId)).map((location) => {
      const closedOn = closed.get(location.id);
      return closedOn === undefined ? location : { ...location, closedOn };
    });
    const body: LocationsResponse = { organisation: { id: organisation.id, name: organisation.name }, locations };
    return reply.header('cache-control', 'no-store').send(body);
  });
}
