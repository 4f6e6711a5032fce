import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody } from '../shared/api';
import { isUnavailable, loggedFailure } from './db/database';
import { DatabaseAheadError } from './db/migrate';

/** Seconds a client waits before it resends after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** Every whole-request error the API gives: status, stable code, Dutch message the app may show as it is. */
export const API_ERRORS = {
  invalid_json: [400, 'De inhoud is geen geldige JSON.'],
  invalid_request: [400, 'Het verzoek heeft niet de verwachte vorm.'],
  idempotency_key_mismatch: [400, 'De Idempotency-Key moet gelijk zijn aan de batchId.'],
  batch_id_in_use: [400, 'Deze batchId is al gebruikt door een andere tablet. Verstuur de registraties in een nieuwe batch.'],
  invalid_code: [400, 'Deze code is onbekend, al gebruikt of verlopen. Vraag de coördinator om een nieuwe code.'],
  unauthorized: [401, 'Deze tablet is niet (meer) gekoppeld. Koppel de tablet opnieuw met een code van de coördinator.'],
  device_revoked: [403, 'Deze tablet is ontkoppeld door de coördinator. Neem contact op met de coördinator.'],
  device_mismatch: [403, 'Deze batch komt van een andere tablet dan die van het token.'],
  forbidden: [403, 'Met deze toegang mag dit niet.'],
  organisation_deactivated: [403, 'Deze organisatie is gedeactiveerd door het landelijk team.'],
  not_found: [404, 'Dit adres bestaat niet.'],
  request_timeout: [408, 'Het verzoek duurde te lang. Probeer het opnieuw.'],
  edit_conflict: [409, 'Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en doe uw wijziging opnieuw.'],
  payload_too_large: [413, 'Het verzoek is te groot. Verstuur minder gegevens tegelijk.'],
  too_many_records: [413, 'Deze batch heeft te veel registraties. Verstuur er minder tegelijk.'],
  unsupported_media_type: [415, 'Verstuur de gegevens als application/json.'],
  report_too_large: [422, 'Dit overzicht kost te veel rekentijd. Kies een kortere periode of een kleiner gebied, of vraag minder indelingen tegelijk.'],
  rate_limited: [429, 'Te veel mislukte pogingen. Probeer het later opnieuw.'],
  headers_too_large: [431, 'De headers van het verzoek zijn te groot.'],
  internal_error: [500, 'Er ging iets mis op de server. Probeer het later opnieuw.'],
  database_unavailable: [503, 'De server kan de database nu niet bereiken. Probeer het later opnieuw.'],
  reports_busy: [503, 'De server maakt nu veel overzichten tegelijk. Probeer het over een minuut opnieuw.'],
  server_overloaded: [503, 'De server is nu overbelast. Probeer het later opnieuw.'],
  server_outdated: [503, 'Deze server wordt bijgewerkt. Probeer het later opnieuw.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** A whole-request error a route throws; the error handler turns it into `{error, message}`. */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(readonly code: ApiErrorCode, readonly headers: Record<string, string> = {}, message?: string) {
    super(message ?? API_ERRORS[code][1]);
    this.statusCode = API_ERRORS[code][0];
  }
}

/** Sends an error body with the code's status. */
export function sendError(reply: FastifyReply, code: ApiErrorCode, headers: Record<string, string> = {}, message?: string): FastifyReply {
  const body: ErrorBody = { error: code, message: message ?? API_ERRORS[code][1] };
  return reply.code(API_ERRORS[code][0]).headers(headers).type('application/json; charset=utf-8').send(body);
}

/** The answer to a body sent with `Content-Encoding: gzip` that does not unpack (content-encoding.ts). */
export const BAD_GZIP = 'De inhoud is niet goed ingepakt met gzip. Verstuur de gegevens opnieuw.';

// Fastify's own errors (body parsing) mapped onto the contract's codes.
const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/**
 * Makes every error an `{error, message}` body: no stack trace, SQL or file path ever reaches a response. What went
 * wrong is logged under `failure` (`type`, and `code` and `message` where there are), not `err`: pino's error
 * serializer replaced the `type` of such an object by "Object" (db/database.ts, `loggedFailure`).
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The one refusal that is the operator's to mend: a process of an older version beside a newer one (a batch in
    // ingest.ts, the rollups' fold, or any write through writeTransaction in db/migrate.ts).
    if (error instanceof DatabaseAheadError || (error instanceof ApiError && error.code === 'server_outdated')) {
      request.log.error({ failure: { type: 'DatabaseAhead' } }, 'a newer version of the server migrated the database: stop this process and start the new version');
      return sendError(reply, 'server_outdated', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    if (error instanceof ApiError) return sendError(reply, error.code, error.headers, error.message);
    // The client went away before its body had arrived (its socket reset): not the database, and not an alarm.
    if (request.raw.readableAborted) {
      request.log.info({ failure: { type: 'ClientAborted', code: error.code } }, 'client closed the request before its body arrived');
      return sendError(reply, 'invalid_request');
    }
    // A full disk, no memory, no free connection (PostgreSQL class 53): the server's trouble, and temporary. Logged as an
    // error with PostgreSQL's own words ("No space left on device"), so the operator sees what to fix. The failure is read
    // once, here: the line "request failed" below says it too.
    const failure = loggedFailure(error);
    if (failure.type === 'DatabaseOutOfResources') {
      request.log.error({ failure }, 'database short of resources');
      return sendError(reply, 'server_overloaded', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    if (isUnavailable(error)) {
      request.log.warn({ failure: { type: 'DatabaseUnavailable' } }, 'database unavailable');
      return sendError(reply, 'database_unavailable', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    // A body sent with Content-Encoding: gzip that does not unpack (content-encoding.ts): zlib's codes start with Z_.
    if (typeof error.code === 'string' && error.code.startsWith('Z_')) return sendError(reply, 'invalid_request', {}, BAD_GZIP);
    const mapped = FASTIFY_CODES[error.code];
    if (mapped) return sendError(reply, mapped);
    if (error instanceof SyntaxError) return sendError(reply, 'invalid_json');
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request');
    request.log.error({ failure }, 'request failed');
    return sendError(reply, 'internal_error');
  });
}

/**
 * Requests Node's HTTP parser refuses (bad Content-Length, huge headers, timeouts) never reach Fastify's
 * routes: answer them in the same `{error, message}` shape on the raw socket.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket, headers: Record<string, string> = {}): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ApiErrorCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'invalid_request';
  const [status, message] = API_ERRORS[code];
  const body = JSON.stringify({ error: code, message } satisfies ErrorBody);
  if (socket.writable) {
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n${extra}Connection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/** 404 for unknown API paths, in the contract's shape. */
export function sendApiNotFound(reply: FastifyReply): FastifyReply {
  return sendError(reply, 'not_found');
}

/** Whether a URL is under /api (never answered with the app's index.html). */
export function isApiPath(url: string): boolean {
  return /^\/api(\/|\?|$)/.test(url);
}
