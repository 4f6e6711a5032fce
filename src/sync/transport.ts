import type { KaartOutgoingChange } from '../db/types';
import { API_PREFIX, type BatchRequest, type EnrollRequest } from '../shared/api';
import type { DayCheckRequest, DeliveryCheckRequest } from '../shared/delivery-check';
import { packedBatch } from './pack';

/**
 * What came back over the wire, unparsed: the engine decides what it means. A network error or
 * timeout is not a response; the transport throws it.
 */
export interface RawResponse {
  status: number;
  retryAfter?: string | null;
  contentType?: string | null;
  bodyText: string;
  /** the server's `Date` header and when the request left and its answer came, by this device's clock (sync/clock.ts) */
  serverClock?: ServerClock;
}

/** The server's clock as one answer showed it: its `Date` header (whole seconds), and this device's clock (ms) around the request. */
export interface ServerClock {
  date: string;
  sentAt: number;
  receivedAt: number;
}

/** The ingest server as the sync engine sees it; tests script it, the app uses fetchTransport. */
export interface Transport {
  /**
   * `pack`: the server takes bodies packed with gzip (its limits say so): a larger body goes packed; `packed`: this
   * batch's body packed already (`packedBatch`, made while the batch before it was out).
   */
  postBatch(batch: BatchRequest, token: string, options?: { pack?: boolean; packed?: Uint8Array<ArrayBuffer> }): Promise<RawResponse>;
  getLimits(): Promise<RawResponse>;
  /** `attempt`: the key that lets the same code enroll this tablet again when the answer did not arrive (shared/api.ts, EnrollRequest) */
  enroll(code: string, label: string, attempt?: string): Promise<RawResponse>;
}

/** The sociale-kaart endpoints (`GET`/`POST /api/v1/kaart/changes`); syncAll needs them beside Transport. */
export interface KaartTransport {
  /** one page of changes after the cursor (no cursor: from the start) */
  getKaartChanges(since: string | undefined, limit: number, token: string): Promise<RawResponse>;
  postKaartChanges(request: { changes: KaartOutgoingChange[] }, token: string): Promise<RawResponse>;
}

/** The delivery check (`POST /api/v1/registrations/check-days`, then `…/check`): which sent registrations the server holds. */
/** The organisation's locations, re-read at each sync (src/sync/locations.ts). */
export interface LocationsTransport {
  getLocations(token: string): Promise<RawResponse>;
}

/** "Opvallend" for the coordinator's tablet (`GET /api/v1/stats/rising`, src/sync/rising.ts). */
export interface RisingTransport {
  getRising(token: string): Promise<RawResponse>;
}

export interface DeliveryCheckTransport {
  checkRegistrations(request: DeliveryCheckRequest, token: string): Promise<RawResponse>;
  /** per day a count and a digest; without it (or on a 404) every day is asked per id */
  checkDays?(request: DayCheckRequest, token: string): Promise<RawResponse>;
}

/**
 * The real transport: fetch with a timeout that covers headers and body alike. `contactHeaders` (the
 * tablet's app version and waiting count, device-contact.ts) go on every request that carries the device token.
 */
export function fetchTransport(
  baseUrl = '',
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  timeoutMs = 30_000,
  contactHeaders?: () => Promise<Record<string, string>>,
): Transport & KaartTransport & DeliveryCheckTransport & LocationsTransport & RisingTransport {
  async function request(path: string, init: RequestInit): Promise<RawResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const headers = init.headers as Record<string, string> | undefined;
      const withContact = contactHeaders && headers?.Authorization ? { ...init, headers: { ...headers, ...(await contactHeaders()) } } : init;
      const sentAt = Date.now();
      const response = await fetchImpl(`${baseUrl}${API_PREFIX}${path}`, { ...withContact, cache: 'no-store', signal: controller.signal });
      const receivedAt = Date.now();
      const date = response.headers.get('Date');
      // Reading the body is inside the timeout too: a body cut halfway must not hang forever.
      const bodyText = await response.text();
      return {
        status: response.status,
        retryAfter: response.headers.get('Retry-After'),
        contentType: response.headers.get('Content-Type'),
        bodyText,
        ...(date ? { serverClock: { date, sentAt, receivedAt } } : {}),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async postBatch(batch, token, options) {
      const packed = options?.packed ?? (options?.pack ? await packedBatch(batch) : undefined);
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': batch.batchId };
      return request('/batches', { method: 'POST', headers: packed ? { ...headers, 'Content-Encoding': 'gzip' } : headers, body: packed ?? JSON.stringify(batch) });
    },
    getLimits: () => request('/limits', { method: 'GET' }),
    getLocations: (token) => request('/locations', { method: 'GET', headers: { Authorization: `Bearer ${token}` } }),
    getRising: (token) => request('/stats/rising', { method: 'GET', headers: { Authorization: `Bearer ${token}` } }),
    enroll: (code, label, attempt) => request('/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, label, ...(attempt !== undefined ? { attempt } : {}) } satisfies EnrollRequest),
    }),
    getKaartChanges: (since, limit, token) => request(
      `/kaart/changes?${new URLSearchParams({ ...(since !== undefined ? { since } : {}), limit: String(limit) })}`,
      { method: 'GET', headers: { Authorization: `Bearer ${token}` } },
    ),
    checkDays: (body, token) => request('/registrations/check-days', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
    checkRegistrations: (body, token) => request('/registrations/check', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
    postKaartChanges: (body, token) => request('/kaart/changes', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  };
}

/** The body as JSON, or undefined when it is not (HTML from a captive portal, a cut-off body). */
export function parseJsonBody(raw: RawResponse): unknown {
  try {
    return JSON.parse(raw.bodyText) as unknown;
  } catch {
    return undefined;
  }
}
