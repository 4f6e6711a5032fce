import { type BatchRecord, DEFAULT_LIMITS, type LimitsResponse } from '../shared/api';
import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import { parseJsonBody, type Transport } from './transport';

export const LIMITS_KEY = 'limits';
/** When the limits were last read from the server (ISO): see `limitsWorthRereading`. */
export const LIMITS_READ_AT_KEY = 'limitsReadAt';
/** A day: how long limits without `requestEncodings` are trusted before a drain reads them again. */
const REREAD_AFTER_MS = 24 * 60 * 60 * 1000;

/** The server's batch limits as last read, or the documented defaults. */
export async function cachedLimits(db: IdoDb): Promise<LimitsResponse> {
  return getSetting<LimitsResponse>(db, LIMITS_KEY, DEFAULT_LIMITS);
}

/** Reads the limits from the server and caches them; on any failure keeps the cached ones. */
export async function refreshLimits(db: IdoDb, transport: Transport, now = new Date()): Promise<LimitsResponse> {
  try {
    const raw = await transport.getLimits();
    const body = raw.status === 200 ? parseJsonBody(raw) : undefined;
    if (isLimits(body)) {
      const limits = withEncodings(body);
      await putSetting(db, LIMITS_KEY, limits);
      await putSetting(db, LIMITS_READ_AT_KEY, now.toISOString());
      return limits;
    }
  } catch {
    // offline or garbled: the cached limits stay, the next 413 tries again
  }
  return cachedLimits(db);
}

/** The limits with `requestEncodings` only when it is a list of texts. */
function withEncodings(limits: LimitsResponse): LimitsResponse {
  const { requestEncodings, ...rest } = limits;
  return Array.isArray(requestEncodings) && requestEncodings.every((coding) => typeof coding === 'string') ? { ...rest, requestEncodings } : rest;
}

/** Whether a batch body may go packed with gzip to this server (it said so in its limits). */
export function serverTakesGzip(limits: LimitsResponse): boolean {
  return limits.requestEncodings?.includes('gzip') ?? false;
}

/**
 * Whether the cached limits are worth reading again: they do not say the server takes packed bodies (read from a
 * server before it did, or never read: the defaults), and were read more than a day ago or never.
 * A drain reads them once a batch was answered, so a dead line never waits for it.
 */
export async function limitsWorthRereading(db: IdoDb, now: Date): Promise<boolean> {
  if (serverTakesGzip(await cachedLimits(db))) return false;
  const readAt = await getSetting<string | undefined>(db, LIMITS_READ_AT_KEY, undefined);
  return readAt === undefined || !(now.getTime() - Date.parse(readAt) < REREAD_AFTER_MS);
}

function isLimits(body: unknown): body is LimitsResponse {
  const b = body as Partial<LimitsResponse> | undefined;
  return typeof b === 'object' && b !== null
    && typeof b.maxBatchRecords === 'number' && b.maxBatchRecords >= 1
    && typeof b.maxBatchBytes === 'number' && b.maxBatchBytes >= 1
    && Array.isArray(b.schemaVersions) && typeof b.minRetryAfterSeconds === 'number';
}

const encoder = new TextEncoder();

/** UTF-8 length of a value's JSON, the way the request body will carry it. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** The parts of records that fit the limits, in order, and the records too large to go even alone. */
export interface Cut {
  parts: BatchRecord[][];
  oversize: BatchRecord[];
}

/**
 * Cuts records into batches within maxBatchRecords and maxBatchBytes. `envelopeBytes` is the size
 * of the request with an empty records array; each record adds its JSON plus a comma, so the sum
 * is exactly the size of JSON.stringify(request).
 */
export function cutRecords(records: BatchRecord[], limits: Pick<LimitsResponse, 'maxBatchRecords' | 'maxBatchBytes'>, envelopeBytes: number): Cut {
  const parts: BatchRecord[][] = [];
  const oversize: BatchRecord[] = [];
  let part: BatchRecord[] = [];
  let bytes = envelopeBytes;
  for (const record of records) {
    const size = jsonBytes(record);
    if (envelopeBytes + size > limits.maxBatchBytes) {
      oversize.push(record);
      continue;
    }
    const full = part.length >= limits.maxBatchRecords || bytes + size + (part.length > 0 ? 1 : 0) > limits.maxBatchBytes;
    if (full) {
      parts.push(part);
      part = [];
      bytes = envelopeBytes;
    }
    bytes += size + (part.length > 0 ? 1 : 0);
    part.push(record);
  }
  if (part.length > 0) parts.push(part);
  return { parts, oversize };
}
