import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { recordDeviceContact } from '../device-contact';
import { bearerToken, findTokenOwner } from '../devices';
import { ApiError } from '../errors';
import { ORGANISATION_DEACTIVATED } from '../../shared/error-codes';
import { DEACTIVATED_ORGANISATION, isDeactivated } from '../organisations/organisations';
import type { KaartActor } from './apply';


/**
 * Who calls the kaart endpoints: a tablet (its organisation; a coordinator's tablet also edits), a
 * coordinator token (its organisation) or a national token (the national entries). 401/403 as for batches.
 * A deactivated organisation's coordinator token gets 403; its tablets still pull and send "klopt niet"
 * feedback, but a coordinator's tablet edits no more (each edit is `rejected` with the code `organisation_deactivated`).
 * A coordinator's tablet is also told, in each page it pulls, whether its own organisation is deactivated
 * (`organisationDeactivated`), so it says so before its first edit and forgets it once the organisation is active again.
 */
export async function authenticateKaartCaller(db: Database, request: FastifyRequest): Promise<KaartActor> {
  const token = bearerToken(request);
  if (!token) throw new ApiError('unauthorized');
  const owner = await findTokenOwner(db, token);
  switch (owner.kind) {
    case 'unknown':
      throw new ApiError('unauthorized');
    case 'device':
      if (owner.device.revokedAt) throw new ApiError('device_revoked');
      await recordDeviceContact(db, owner.device.id, request.headers);
      if (owner.role !== 'coordinator') return { scope: owner.device.organisationId, editsKaart: false, updatedBy: `device:${owner.device.id}` };
      if (await isDeactivated(db, owner.device.organisationId)) {
        return {
          scope: owner.device.organisationId, editsKaart: false, editRefusal: { code: ORGANISATION_DEACTIVATED, message: DEACTIVATED_ORGANISATION },
          organisationDeactivated: true, updatedBy: `device:${owner.device.id}`,
        };
      }
      return { scope: owner.device.organisationId, editsKaart: true, organisationDeactivated: false, updatedBy: `device:${owner.device.id}` };
    case 'api_token':
      if (owner.role === 'national') return { scope: null, editsKaart: true, updatedBy: 'national-token' };
      if (owner.role === 'municipality') throw new ApiError('forbidden', {}, 'Met de toegangscode van een gemeente kunt u alleen rapportages bekijken.');
      if (!owner.organisationId) throw new ApiError('forbidden');
      if (await isDeactivated(db, owner.organisationId)) throw new ApiError('organisation_deactivated');
      return { scope: owner.organisationId, editsKaart: true, updatedBy: 'coordinator-token' };
  }
}
