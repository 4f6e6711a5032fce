/**
 * Every whole-request error code the ingest server answers with, by HTTP status: the codes of
 * `API_ERRORS` (src/server/errors.ts) where the tablet can import them. A test
 * (tests/unit/sync-server-answer.test.ts) keeps this equal to API_ERRORS: a code added there must be
 * added here, or the tablet takes that answer for a network problem and sends again.
 */
export const SERVER_ERROR_CODES: Readonly<Record<number, readonly string[]>> = {
  400: ['invalid_json', 'invalid_request', 'idempotency_key_mismatch', 'batch_id_in_use', 'invalid_code'],
  401: ['unauthorized'],
  403: ['device_revoked', 'device_mismatch', 'forbidden', 'organisation_deactivated'],
  404: ['not_found'],
  409: ['edit_conflict'],
  408: ['request_timeout'],
  413: ['payload_too_large', 'too_many_records'],
  415: ['unsupported_media_type'],
  422: ['report_too_large'],
  429: ['rate_limited'],
  431: ['headers_too_large'],
  500: ['internal_error'],
  503: ['database_unavailable', 'reports_busy', 'server_overloaded', 'server_outdated'],
};

/**
 * A coordinator of an organisation the national team deactivated: the whole request's code on the admin, kaart and
 * report routes for a coordinator token, and the code of each kaart edit a coordinator's tablet sends (docs/api-extensions.md).
 */
export const ORGANISATION_DEACTIVATED = 'organisation_deactivated';
