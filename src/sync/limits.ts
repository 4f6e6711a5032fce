import { type BatchRecord, DEFAULT_LIMITS, type LimitsResponse } from '../shared/api';
import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import { parseJsonBody, type Transport } from './transport';

export const LIMITS_KEY = 'limits';

/** The server's batch limits as last read, or the documented defaults. */
export async function cachedLimits(db: IdoDb): Promise<LimitsResponse> {
  return getSetting<LimitsResponse>(db, LIMITS_KEY, DEFAULT_LIMITS);
}

/** Reads the limits from the server and caches them; on any failure keeps the cached ones. */
export async function refreshLimits(db: IdoDb, transport: Transport): Promise<LimitsResponse> {
  try {
    const raw = await transport.getLimits();
    const body = raw.status === 200 ? parseJsonBody(raw) : undefined;
    if (isLimits(body)) {
      await putSetting(db, LIMITS_KEY, body);
      return body;
    }
  } catch {
    // offline or garbled: the cached limits stay, the next 413 tries again
  }
  return cachedLimits(db);
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
