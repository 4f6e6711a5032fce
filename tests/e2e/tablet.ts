import { randomUUID } from 'node:crypto';
import type { BatchRequest, BatchResponse, EnrollResponse } from '../../src/shared/api';
import type { Registration } from '../../src/shared/registration';
import { registration } from '../server/fixtures';

/** A tablet the test plays over plain HTTP: its enrollment and the address it sends to. */
export interface SimulatedTablet {
  label: string;
  baseUrl: string;
  enrollment: EnrollResponse;
}

/** One try of a batch: the HTTP status, or `network` when no answer came. */
export type Attempt = number | 'network';

/** A batch as the tablet sent it, every try, and the answer that settled it. */
export interface SentBatch {
  batch: BatchRequest;
  attempts: Attempt[];
  response?: BatchResponse;
  /** the answer's text as it came: a resend must get the same bytes */
  body?: string;
}

/** Enrolls a tablet with `code` through `baseUrl` (POST /api/v1/devices/enroll). */
export async function enrollTablet(baseUrl: string, code: string, label: string): Promise<SimulatedTablet> {
  const response = await fetch(`${baseUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, label }),
  });
  if (response.status !== 201) throw new Error(`koppelen van ${label} gaf ${response.status}: ${await response.text()}`);
  return { label, baseUrl, enrollment: (await response.json()) as EnrollResponse };
}

/** A batch of `count` valid registrations made on this tablet, at its first location. */
export function makeBatch(tablet: SimulatedTablet, count: number): BatchRequest {
  const { deviceId, organisation, locations } = tablet.enrollment;
  const records: Registration[] = Array.from({ length: count }, (_, index) =>
    registration(deviceId, { organisationId: organisation.id, locationId: locations[0].id, durationMinutes: 5 + (index % 50) }));
  return { batchId: randomUUID(), deviceId, sentAt: new Date().toISOString(), records };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isBatchResponse(body: unknown, batchId: string): body is BatchResponse {
  return typeof body === 'object' && body !== null && (body as BatchResponse).batchId === batchId && Array.isArray((body as BatchResponse).results);
}

/**
 * Sends a batch the way the app's outbox does: every answer that is not a 2xx with the batch's own
 * result, and every network failure, means the same batch (same batchId, same records) again after
 * a pause (Retry-After when given), at most `maxAttempts` times.
 */
export async function sendUntilAnswered(tablet: SimulatedTablet, batch: BatchRequest, maxAttempts = 8): Promise<SentBatch> {
  const sent: SentBatch = { batch, attempts: [] };
  const body = JSON.stringify(batch);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let retryAfterSeconds: number | undefined;
    try {
      const response = await fetch(`${tablet.baseUrl}/api/v1/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tablet.enrollment.token}`, 'idempotency-key': batch.batchId },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      sent.attempts.push(response.status);
      const text = await response.text();
      const answer = parseJson(text);
      if (response.ok && isBatchResponse(answer, batch.batchId)) {
        sent.response = answer;
        sent.body = text;
        return sent;
      }
      const header = Number(response.headers.get('retry-after'));
      if (Number.isFinite(header) && header > 0) retryAfterSeconds = Math.min(header, 5);
    } catch {
      sent.attempts.push('network');
    }
    const pause = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 200 * attempt * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return sent;
}
