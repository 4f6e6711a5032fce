import { sha256Hex } from './sha256';

/**
 * The tablets' delivery check (`POST /api/v1/registrations/check`): after the server's database was
 * restored from a backup, registrations a tablet delivered after that backup are gone from the server.
 * The tablet asks for the ids and revisions it holds as sent; what the server does not hold goes again.
 */

/** The tablet's setting: when the last check of every sent registration was answered in full (ISO). */
export const DELIVERY_CHECK_KEY = 'lastDeliveryCheckAt';

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

/*
 * The day check (`POST /api/v1/registrations/check-days`): the same question, per Amsterdam day, without
 * the ids. The tablet sends per day the count of its sent registrations and a digest of their ids and
 * revisions; the server answers per day whether its own rows of that tablet give the same. Only for a day
 * that differs does the tablet ask per id (above). On a normal day that is one small request.
 */

/** At most this many days per day-check request (the tablet keeps about 30, and sends more in chunks). */
export const MAX_CHECK_DAYS = 400;

/** One Amsterdam day (`YYYY-MM-DD`, the registration's day): how many sent registrations, and their digest. */
export interface DayDigest {
  day: string;
  count: number;
  /** dayDigest() of that day's registrations: 64 lowercase hex characters */
  digest: string;
}

export interface DayCheckRequest {
  days: DayDigest[];
}

/** `same`: the server holds exactly these ids at these revisions for this tablet; `differs`: ask per id. */
export type DayStatus = 'same' | 'differs';

export interface DayCheckResult {
  day: string;
  status: DayStatus;
}

/** The answer: one result per asked day, in the order asked. */
export interface DayCheckResponse {
  days: DayCheckResult[];
}

/**
 * The digest both sides compute: SHA-256 (lowercase hex) of one line `id:revision\n` per registration,
 * the id in lowercase, the lines sorted by id (plain string order). crypto.subtle: page, service worker and Node.
 */
export async function dayDigest(records: readonly CheckedRecord[]): Promise<string> {
  const lines = records.map(({ id, revision }) => `${id.toLowerCase()}:${revision}\n`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256Hex(lines.join(''));
}
