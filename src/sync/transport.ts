import { API_PREFIX, type BatchRequest } from '../shared/api';

/**
 * What came back over the wire, unparsed: the engine decides what it means. A network error or
 * timeout is not a response; the transport throws it.
 */
export interface RawResponse {
  status: number;
  retryAfter?: string | null;
  contentType?: string | null;
  bodyText: string;
}

/** The ingest server as the sync engine sees it; tests script it, the app uses fetchTransport. */
export interface Transport {
  postBatch(batch: BatchRequest, token: string): Promise<RawResponse>;
  getLimits(): Promise<RawResponse>;
  enroll(code: string, label: string): Promise<RawResponse>;
}

/** The real transport: fetch with a timeout that covers headers and body alike. */
export function fetchTransport(
  baseUrl = '',
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  timeoutMs = 30_000,
): Transport {
  async function request(path: string, init: RequestInit): Promise<RawResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchImpl(`${baseUrl}${API_PREFIX}${path}`, { ...init, cache: 'no-store', signal: controller.signal });
      // Reading the body is inside the timeout too: a body cut halfway must not hang forever.
      const bodyText = await response.text();
      return {
        status: response.status,
        retryAfter: response.headers.get('Retry-After'),
        contentType: response.headers.get('Content-Type'),
        bodyText,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    postBatch: (batch, token) => request('/batches', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': batch.batchId },
      body: JSON.stringify(batch),
    }),
    getLimits: () => request('/limits', { method: 'GET' }),
    enroll: (code, label) => request('/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, label }),
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
