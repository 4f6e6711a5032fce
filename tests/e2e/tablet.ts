import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { BatchRequest, BatchResponse, EnrollResponse } from '../../src/shared/api';
import type { Registration } from '../../src/shared/registration';
import { registration } from '../server/fixtures';

/** A tablet the test plays over plain HTTP: its enrollment, the address it sends to and its own loopback address. */
export interface SimulatedTablet {
  label: string;
  baseUrl: string;
  /** the tablet's source address (127.0.0.x): what the server should see through the proxy */
  localAddress: string;
  enrollment: EnrollResponse;
}

/** An HTTP answer as it came. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** POST with JSON from `localAddress`; throws when no answer comes (refused, reset, timeout). */
export function postJson(url: string, body: string, headers: Record<string, string>, localAddress: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST', localAddress, timeout: 60_000,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString() }));
      incoming.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
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

/** Enrolls a tablet with `code` through `baseUrl` (POST /api/v1/devices/enroll), from `localAddress`. */
export async function enrollTablet(baseUrl: string, code: string, label: string, localAddress: string): Promise<SimulatedTablet> {
  const answer = await postJson(`${baseUrl}/api/v1/devices/enroll`, JSON.stringify({ code, label }), {}, localAddress);
  if (answer.status !== 201) throw new Error(`koppelen van ${label} gaf ${answer.status}: ${answer.text}`);
  return { label, baseUrl, localAddress, enrollment: JSON.parse(answer.text) as EnrollResponse };
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
      const headers = { authorization: `Bearer ${tablet.enrollment.token}`, 'idempotency-key': batch.batchId };
      const { status, headers: answerHeaders, text } = await postJson(`${tablet.baseUrl}/api/v1/batches`, body, headers, tablet.localAddress);
      sent.attempts.push(status);
      const answer = parseJson(text);
      if (status >= 200 && status < 300 && isBatchResponse(answer, batch.batchId)) {
        sent.response = answer;
        sent.body = text;
        return sent;
      }
      const header = Number(answerHeaders['retry-after']);
      if (Number.isFinite(header) && header > 0) retryAfterSeconds = Math.min(header, 5);
    } catch {
      sent.attempts.push('network');
    }
    const pause = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 200 * attempt * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return sent;
}
