import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import {
  type CheckedRecord, type DayCheckResponse, type DayDigest, type DeliveryCheckResponse, MAX_CHECK_DAYS, MAX_CHECK_RECORDS,
} from '../../shared/delivery-check';
import type { Database } from '../db/database';
import type { Device } from '../devices';
import { ApiError } from '../errors';
import { checkDays, checkDelivered } from '../ingest/delivery-check';
import { isUuid } from '../../shared/ids';
import { isJsonContentType } from '../../shared/json';
import { authenticateDevice } from './batches';

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

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A count no tablet reaches in one day; above it the request is wrong. */
const MAX_DAY_COUNT = 1_000_000;
/** 400 days are about 42 KB of JSON: room for whitespace, and no megabyte to parse. */
export const MAX_DAY_CHECK_BYTES = 128 * 1024;

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30). */
function isDay(value: unknown): value is string {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Reads `{days: [{day, count, digest}, …]}` strictly, as readCheckRequest: each day once. */
export function readDayCheckRequest(body: unknown): DayDigest[] {
  const invalid = (message: string) => new ApiError('invalid_request', {}, message);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('De controle moet een JSON-object met een lijst days zijn.');
  const unknown = Object.keys(body).find((key) => key !== 'days');
  if (unknown !== undefined) throw invalid(`Onbekend veld in de controle: ${JSON.stringify(unknown.slice(0, 40))}. Alleen days mag.`);
  const { days } = body as { days?: unknown };
  if (!Array.isArray(days)) throw invalid('De controle heeft geen lijst days.');
  if (days.length > MAX_CHECK_DAYS) throw new ApiError('too_many_records', {}, `Een controle heeft hoogstens ${MAX_CHECK_DAYS} dagen.`);
  const seen = new Set<string>();
  return days.map((entry: unknown, index) => {
    const where = `days[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid(`${where} moet een object met day, count en digest zijn.`);
    const extra = Object.keys(entry).find((key) => key !== 'day' && key !== 'count' && key !== 'digest');
    if (extra !== undefined) throw invalid(`Onbekend veld in ${where}: ${JSON.stringify(extra.slice(0, 40))}. Alleen day, count en digest mogen.`);
    const { day, count, digest } = entry as { day?: unknown; count?: unknown; digest?: unknown };
    if (!isDay(day)) throw invalid(`${where}.day moet een datum zijn als 2026-11-30.`);
    if (seen.has(day)) throw invalid(`${where}.day staat al eerder in de controle: elke dag één keer.`);
    seen.add(day);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_DAY_COUNT) {
      throw invalid(`${where}.count moet een geheel getal van 1 tot en met ${MAX_DAY_COUNT} zijn.`);
    }
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) throw invalid(`${where}.digest moet 64 tekens 0-9 of a-f zijn (SHA-256).`);
    return { day, count, digest };
  });
}

/**
 * POST /registrations/check-days and /registrations/check: which of a tablet's sent registrations the
 * server holds, per day and per id (docs/api-extensions.md).
 */
export function registrationCheckRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  const devices = new WeakMap<FastifyRequest, Device>();
  // Before the body is read, as for batches: an unknown sender never gets its body parsed.
  const onRequest = async (request: FastifyRequest) => {
    devices.set(request, await authenticateDevice(db, request));
    if (!isJsonContentType(request.headers['content-type'])) throw new ApiError('unsupported_media_type');
  };
  app.post(`${API_PREFIX}/registrations/check-days`, { onRequest, bodyLimit: MAX_DAY_CHECK_BYTES }, async (request, reply) => {
    const device = devices.get(request)!;
    const days = readDayCheckRequest(request.body);
    const results = await checkDays(db, days, { organisationId: device.organisationId, deviceId: device.id });
    const differs = results.filter((result) => result.status === 'differs').length;
    request.log.info({ deviceId: device.id, days: days.length, differs }, 'delivery check per day');
    return reply.header('cache-control', 'no-store').send({ days: results } satisfies DayCheckResponse);
  });
  app.post(`${API_PREFIX}/registrations/check`, { onRequest }, async (request, reply) => {
    const device = devices.get(request)!;
    const records = readCheckRequest(request.body);
    const results = await checkDelivered(db, records, { organisationId: device.organisationId, deviceId: device.id });
    const missing = results.filter((result) => result.status === 'missing').length;
    request.log.info({ deviceId: device.id, records: records.length, missing }, 'delivery check');
    return reply.header('cache-control', 'no-store').send({ results } satisfies DeliveryCheckResponse);
  });
}
