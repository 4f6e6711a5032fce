import type { BatchRequest, BatchResponse, ErrorBody, RecordResult } from '../shared/api';
import type { PauseReason } from '../db/types';
import { parseRetryAfter } from './backoff';
import { jsonAnswer, serverError } from './server-answer';
import type { RawResponse } from './transport';

/** What an attempt to send a batch means, row by row of the contract's error table. */
export type BatchOutcome =
  | { kind: 'answered'; response: BatchResponse }
  | { kind: 'quarantine'; status: 400 | 415; error?: ErrorBody }
  | { kind: 'pause'; reason: PauseReason; error?: ErrorBody }
  | { kind: 'too_large' }
  | { kind: 'recut' }
  | { kind: 'retry_after'; status: number; retryAfterMs: number }
  | { kind: 'unknown'; why: string };

const RECORD_STATUSES = new Set(['accepted', 'duplicate', 'rejected', 'conflict']);

/**
 * Classifies a response (or the error thrown instead of one). Only a JSON answer that echoes the
 * batchId and has a result for every record counts as answered, and only the server's own
 * `{error, message}` with a contract code for its status (server-answer.ts) counts as an error
 * answer: anything else (a captive portal's HTML 403, a proxy's empty 413…) is unknown.
 */
export function classifyBatchResponse(batch: BatchRequest, raw: RawResponse | { thrown: unknown }, now: Date): BatchOutcome {
  if ('thrown' in raw) return { kind: 'unknown', why: describeThrown(raw.thrown) };
  const { status } = raw;
  if (status >= 200 && status < 300) return classifyAnswer(batch, raw);
  const error = serverError(raw);
  // Not the server speaking: nothing is known about the batch, so it goes again, unchanged, after a backoff.
  if (!error) return { kind: 'unknown', why: `http_${status}` };
  switch (status) {
    case 400:
      // The server stored nothing and asks for the same records under a new batchId.
      return error.error === 'batch_id_in_use' ? { kind: 'recut' } : { kind: 'quarantine', status, error };
    case 415: return { kind: 'quarantine', status, error };
    case 401: return { kind: 'pause', reason: 'reenroll', error };
    case 403: return { kind: 'pause', reason: 'revoked', error };
    case 413: return { kind: 'too_large' };
    case 429:
    case 503: {
      const retryAfterMs = parseRetryAfter(raw.retryAfter, now);
      // Without a usable Retry-After it is an unknown outcome: back off like any other.
      return retryAfterMs === undefined ? { kind: 'unknown', why: `http_${status}` } : { kind: 'retry_after', status, retryAfterMs };
    }
    default: return { kind: 'unknown', why: `http_${status}` };
  }
}

function classifyAnswer(batch: BatchRequest, raw: RawResponse): BatchOutcome {
  const body = jsonAnswer(raw) as Partial<BatchResponse> | undefined;
  if (typeof body !== 'object' || body === null) return { kind: 'unknown', why: 'not_json' };
  if (body.batchId !== batch.batchId) return { kind: 'unknown', why: 'other_batch' };
  if (!Array.isArray(body.results) || !body.results.every(isRecordResult)) return { kind: 'unknown', why: 'malformed_results' };
  const answered = new Set(body.results.map((r) => r.id));
  if (!batch.records.every((r) => answered.has(r.id))) return { kind: 'unknown', why: 'missing_results' };
  return { kind: 'answered', response: body as BatchResponse };
}

function isRecordResult(value: unknown): value is RecordResult {
  const r = value as Partial<RecordResult> | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.status === 'string' && RECORD_STATUSES.has(r.status);
}

function describeThrown(error: unknown): string {
  return error instanceof Error && error.name === 'AbortError' ? 'timeout' : 'network';
}
