import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX, type LimitsResponse } from '../../shared/api';
import type { Database } from '../db/database';
import { recordDeviceContact } from '../device-contact';
import { bearerToken, type Device, findTokenOwner } from '../devices';
import { packedAnswer } from '../content-encoding';
import { ApiError } from '../errors';
import { ingestBatch } from '../ingest/ingest';
import type { ServerMetrics } from '../metrics';
import type { FoldLog } from '../reports/pending-rollups';
import { isUuid } from '../../shared/ids';
import { isJsonContentType } from '../../shared/json';


/** The device behind the request's bearer token; throws 401 or 403 otherwise. */
export async function authenticateDevice(db: Database, request: FastifyRequest): Promise<Device> {
  const token = bearerToken(request);
  if (!token) throw new ApiError('unauthorized');
  const owner = await findTokenOwner(db, token);
  if (owner.kind === 'unknown') throw new ApiError('unauthorized');
  if (owner.kind === 'api_token') throw new ApiError('forbidden', {}, 'Met een toegangscode kunt u geen registraties versturen. Dat kan alleen een gekoppelde tablet.');
  if (owner.device.revokedAt) throw new ApiError('device_revoked');
  await recordDeviceContact(db, owner.device.id, request.headers);
  return owner.device;
}

/** Checks the envelope; the records themselves are checked one by one later. */
function readEnvelope(body: unknown): { batchId: string; deviceId: string; records: unknown[] } {
  const malformed = (message: string) => new ApiError('invalid_request', {}, message);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed('De batch moet een JSON-object zijn.');
  const { batchId, deviceId, sentAt, records } = body as Record<string, unknown>;
  if (!isUuid(batchId)) throw malformed('De batch heeft geen geldige batchId.');
  if (!isUuid(deviceId)) throw malformed('De batch heeft geen geldige deviceId.');
  if (typeof sentAt !== 'string' || sentAt.length > 64 || Number.isNaN(Date.parse(sentAt))) throw malformed('De batch heeft geen geldige sentAt.');
  if (!Array.isArray(records)) throw malformed('De batch heeft geen lijst records.');
  return { batchId, deviceId, records };
}

/** POST /batches: whole-batch checks in the contract's order, then per-record answers from ingestBatch. */
export function batchRoutes(app: FastifyInstance, options: { db: Database; limits: LimitsResponse; foldDelayMs?: number; metrics?: ServerMetrics }): void {
  const { db, limits, foldDelayMs, metrics } = options;
  // A failed background fold is logged (once for a run of them), and each is counted for the metrics (ido_rollup_fold_failures_total).
  const foldLog: FoldLog = metrics
    ? { error: (fields, message) => app.log.error(fields, message), info: (fields, message) => app.log.info(fields, message), failed: () => metrics.foldFailures.inc() }
    : app.log;
  const devices = new WeakMap<FastifyRequest, Device>();
  app.post(`${API_PREFIX}/batches`, {
    bodyLimit: limits.maxBatchBytes,
    // Before the body is read: an unknown sender never gets its megabyte parsed.
    onRequest: async (request) => {
      devices.set(request, await authenticateDevice(db, request));
      if (!isJsonContentType(request.headers['content-type'])) throw new ApiError('unsupported_media_type');
    },
  }, async (request, reply) => {
    const device = devices.get(request)!;
    const envelope = readEnvelope(request.body);
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim().toLowerCase() !== envelope.batchId.toLowerCase()) throw new ApiError('idempotency_key_mismatch');
    if (envelope.deviceId.toLowerCase() !== device.id) throw new ApiError('device_mismatch');
    if (envelope.records.length > limits.maxBatchRecords) throw new ApiError('too_many_records', {}, `Een batch heeft hoogstens ${limits.maxBatchRecords} registraties.`);

    const outcome = await ingestBatch(db, { batchId: envelope.batchId, device, records: envelope.records }, { foldDelayMs, foldLog });
    metrics?.batch(outcome.kind, outcome.kind === 'stored' ? outcome.response : undefined);
    if (outcome.kind === 'batch_id_taken') throw new ApiError('batch_id_in_use');
    request.log.info({ batchId: envelope.batchId, deviceId: device.id, records: envelope.records.length, replayed: outcome.kind === 'replayed' }, 'batch');
    // The stored text itself, so a resend gets the same bytes.
    return packedAnswer(request, reply.header('cache-control', 'no-store'), outcome.body);
  });
}
