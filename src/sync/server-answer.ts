import type { ErrorBody } from '../shared/api';
import { SERVER_ERROR_CODES } from '../shared/error-codes';
import { isJsonContentType } from '../shared/json';
import { parseJsonBody, type RawResponse } from './transport';

/**
 * Whether an answer came from the ingest server, or from something between the tablet and it: a
 * captive portal, a web filter or a proxy answers 401, 403, 400 or 413 too, with HTML, an empty body
 * or JSON of its own. Only the server's own answer may pause, quarantine or split: anything else is
 * an unknown outcome, and the same request goes again after a backoff.
 */

/** The body as JSON when the Content-Type says JSON; undefined otherwise (HTML, text, a cut-off body). */
export function jsonAnswer(raw: RawResponse): unknown {
  return isJsonContentType(raw.contentType) ? parseJsonBody(raw) : undefined;
}

/**
 * The server's `{error, message}` for this status, or undefined when the answer is not the server's:
 * not JSON, not an object with a string `error` and `message`, or an `error` that is not one of the
 * contract's codes for this status (docs/ingest-api.md, "Errors").
 */
export function serverError(raw: RawResponse): ErrorBody | undefined {
  const body = jsonAnswer(raw) as Partial<ErrorBody> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  if (typeof body.error !== 'string' || typeof body.message !== 'string') return undefined;
  return SERVER_ERROR_CODES[raw.status]?.includes(body.error) ? { error: body.error, message: body.message } : undefined;
}
