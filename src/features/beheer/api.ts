import { API_PREFIX } from '../../shared/api';
import { jsonAnswer, serverError } from '../../sync/server-answer';
import type { RawResponse } from '../../sync/transport';
import { saveBlob } from '../../ui/download';

/**
 * A failed admin call: the HTTP status (0: no answer) and the Dutch text to show; `body`, the server's own JSON answer
 * (only when `code` is the server's), for a route whose refusal carries more than its message (a refused kaart import).
 */
export class AdminError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string, readonly body?: unknown) {
    super(message);
  }

  /** The token is not (or no longer) good for beheer: show the sign-in again. */
  get signsOut(): boolean {
    return this.status === 401 || this.code === 'device_revoked';
  }
}

export const NO_CONNECTION = 'Geen verbinding met de server. Probeer het opnieuw.';

/** Only printable ASCII can go in an Authorization header; anything else fetch refuses before sending. */
export const isTokenShaped = (token: string): boolean => /^[\x21-\x7e]{1,200}$/.test(token);

async function send(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(`${API_PREFIX}/admin${path}`, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new AdminError(0, NO_CONNECTION);
  }
}

/** The error of a failed answer: the server's own Dutch message, or a neutral one when something else answered (a proxy, a portal). */
async function failure(response: Response): Promise<AdminError> {
  let bodyText = '';
  try {
    bodyText = await response.text();
  } catch {
    return new AdminError(0, NO_CONNECTION);
  }
  const raw: RawResponse = { status: response.status, contentType: response.headers.get('Content-Type'), bodyText };
  const error = serverError(raw);
  if (error) return new AdminError(response.status, error.message, error.error, jsonAnswer(raw));
  return new AdminError(response.status, `De server gaf een onverwacht antwoord (${response.status}). Probeer het later opnieuw.`);
}

/** One admin API call (`/api/v1/admin` + path) with the caller's token; resolves to the JSON answer. */
export async function adminCall<T>(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await send(token, method, path, body);
  if (!response.ok) throw await failure(response);
  let bodyText: string;
  try {
    bodyText = await response.text();
  } catch {
    throw new AdminError(0, NO_CONNECTION);
  }
  const answer = jsonAnswer({ status: response.status, contentType: response.headers.get('Content-Type'), bodyText });
  if (typeof answer !== 'object' || answer === null) throw new AdminError(response.status, 'De server gaf een onverwacht antwoord. Probeer het later opnieuw.');
  return answer as T;
}

/** Downloads a CSV of the admin API: fetched with the token in a header (never in a URL), saved from a Blob. */
export async function downloadAdminCsv(token: string, path: string, filename: string): Promise<void> {
  const response = await send(token, 'GET', path);
  if (!response.ok) throw await failure(response);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new AdminError(0, NO_CONNECTION);
  }
  saveBlob(blob, filename);
}

/** The path of an organisation's admin routes. */
export const orgPath = (organisationId: string, rest = ''): string => `/organisations/${encodeURIComponent(organisationId)}${rest}`;
