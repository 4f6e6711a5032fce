import type { IncomingHttpHeaders } from 'node:http';
import { DEVICE_CONTACT_HEADERS } from '../shared/api';
import { isRealDate } from '../shared/validation';
import { preparedSql, type Queryable } from './db/database';

const APP_VERSION = /^[0-9A-Za-z.+-]{1,40}$/;
const PENDING = /^(0|[1-9]\d{0,7})$/;
const MAX_PENDING = 10_000_000;

/** An instant as the tablet's `Date.prototype.toISOString` writes it. */
const CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** What an `integer` column holds: a clock further off (beyond 68 years) is stored as this far. */
const MAX_SECONDS = 2_147_483_647;

/** What a tablet says about itself on a sync request; a missing or bad header is null. */
export interface DeviceContact {
  appVersion: string | null;
  pending: number | null;
  /** the tablet's clock minus the server's, whole seconds (positive: ahead) */
  clockAheadSeconds: number | null;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads `IDO-App-Version`, `IDO-Pending` and `IDO-Clock` strictly. A bad value is ignored, never refused: a tablet's
 * registrations must not wait on a header that only feeds the devices list. `now` is the server's clock.
 */
export function readDeviceContact(headers: IncomingHttpHeaders, now = Date.now()): DeviceContact {
  const version = single(headers[DEVICE_CONTACT_HEADERS.appVersion.toLowerCase()]);
  const pending = single(headers[DEVICE_CONTACT_HEADERS.pending.toLowerCase()]);
  const clock = single(headers[DEVICE_CONTACT_HEADERS.clock.toLowerCase()]);
  const count = pending !== undefined && PENDING.test(pending) ? Number(pending) : NaN;
  const tablet = clock !== undefined && CLOCK.test(clock) && isRealDate(clock) ? Date.parse(clock) : NaN;
  const ahead = Math.round((tablet - now) / 1000);
  return {
    appVersion: version !== undefined && APP_VERSION.test(version) ? version : null,
    pending: count <= MAX_PENDING ? count : null,
    clockAheadSeconds: Number.isFinite(ahead) ? Math.max(-MAX_SECONDS, Math.min(MAX_SECONDS, ahead)) : null,
  };
}

// Every request of a tablet runs it: prepared once per connection (database.ts).
const RECORD_CONTACT = preparedSql(
  `UPDATE devices SET last_contact_at = now(), app_version = coalesce($2, app_version),
     pending_at_last_contact = coalesce($3::int, pending_at_last_contact),
     clock_ahead_seconds = coalesce($4::int, clock_ahead_seconds) WHERE id = $1`,
);

/** Notes a tablet's contact: the time always, version, pending and clock when their headers are good (else the stored values stay). One UPDATE. */
export async function recordDeviceContact(db: Queryable, deviceId: string, headers: IncomingHttpHeaders): Promise<void> {
  const contact = readDeviceContact(headers);
  await db.query(RECORD_CONTACT, [deviceId, contact.appVersion, contact.pending, contact.clockAheadSeconds]);
}
