/**
 * The tablets' delivery check (`POST /api/v1/registrations/check`): after the server's database was
 * restored from a backup, registrations a tablet delivered after that backup are gone from the server.
 * The tablet asks for the ids and revisions it holds as sent; what the server does not hold goes again.
 */

/** At most this many records per check request (the tablet sends its sent registrations in chunks). */
export const MAX_CHECK_RECORDS = 1000;

/** One registration the tablet has as sent: its id and the revision it sent. */
export interface CheckedRecord {
  id: string;
  revision: number;
}

export interface DeliveryCheckRequest {
  records: CheckedRecord[];
}

/**
 * `held`: the server stores this id at this revision or a higher one (a tombstone too), or the id belongs
 * to someone else (a resend would only get `id_in_use`). `missing`: nothing, or a lower revision, for
 * this tablet: send it again.
 */
export type DeliveryStatus = 'held' | 'missing';

export interface DeliveryCheckResult {
  id: string;
  status: DeliveryStatus;
}

/** The answer: one result per asked record, in the order asked. */
export interface DeliveryCheckResponse {
  results: DeliveryCheckResult[];
}
