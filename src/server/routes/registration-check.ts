import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { type CheckedRecord, type DeliveryCheckResponse, MAX_CHECK_RECORDS } from '../../shared/delivery-check';
import type { Database } from '../db/database';
import type { Device } from '../devices';
import { ApiError } from '../errors';
import { checkDelivered } from '../ingest/delivery-check';
import { isUuid } from '../uuid';
import { authenticateDevice, isJsonContentType } from './batches';

const MAX_INT4 = 2_147_483_647;

/** Reads `{records: [{id, revision}, …]}` strictly: anything else is a 400 that names what is wrong. */
export function readCheckRequest(body: unknown): CheckedRecord[] {
  const invalid = (message: string) => new ApiError('invalid_request', {}, message);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('De controle moet een JSON-object met een lijst records zijn.');
  const unknown = Object.keys(body).find((key) => key !== 'records');
  if (unknown !== undefined) throw invalid(`Onbekend veld in de controle: ${JSON.stringify(unknown.slice(0, 40))}. Alleen records mag.`);
  const { records } = body as { records?: unknown };
  if (!Array.isArray(records)) throw invalid('De controle heeft geen lijst records.');
  if (records.length > MAX_CHECK_RECORDS) throw new ApiError('too_many_records', {}, `Een controle heeft hoogstens ${MAX_CHECK_RECORDS} registraties.`);
  return records.map((record: unknown, index) => {
    const where = `records[${index}]`;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw invalid(`${where} moet een object met id en revision zijn.`);
    const extra = Object.keys(record).find((key) => key !== 'id' && key !== 'revision');
    if (extra !== undefined) throw invalid(`Onbekend veld in ${where}: ${JSON.stringify(extra.slice(0, 40))}. Alleen id en revision mogen.`);
    const { id, revision } = record as { id?: unknown; revision?: unknown };
    if (!isUuid(id)) throw invalid(`${where}.id is geen geldige UUID.`);
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1 || revision > MAX_INT4) {
      throw invalid(`${where}.revision moet een geheel getal van 1 of hoger zijn.`);
    }
    return { id, revision };
  });
}

/** POST /registrations/check: which of a tablet's sent registrations the server holds (docs/api-extensions.md). */
export function registrationCheckRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  const devices = new WeakMap<FastifyRequest, Device>();
  app.post(`${API_PREFIX}/registrations/check`, {
    // Before the body is read, as for batches: an unknown sender never gets its body parsed.
    onRequest: async (request) => {
      devices.set(request, await authenticateDevice(db, request));
      if (!isJsonContentType(request.headers['content-type'])) throw new ApiError('unsupported_media_type');
    },
  }, async (request, reply) => {
    const device = devices.get(request)!;
    const records = readCheckRequest(request.body);
    const results = await checkDelivered(db, records, { organisationId: device.organisationId, deviceId: device.id });
    const missing = results.filter((result) => result.status === 'missing').length;
    request.log.info({ deviceId: device.id, records: records.length, missing }, 'delivery check');
    return reply.header('cache-control', 'no-store').send({ results } satisfies DeliveryCheckResponse);
  });
}
