import type { IdoDb } from '../db/db';
import { recordClock } from './clock';
import { ensureOrganisation } from '../db/demo-organisation';
import { storageFailureOf } from '../db/storage-failure';
import type { EnrolledDevice, StoredRegistration, SyncStatus } from '../db/types';
import { rowsInSyncState } from '../db/sync-state';
import type { BatchRecord, EnrollResponse } from '../shared/api';
import { sha256Hex } from '../shared/sha256';
import { parseRetryAfter } from './backoff';
import { DEVICE_KEY } from './device';
import { waitingRegistrations } from './device-contact';
import { LIMITS_KEY, LIMITS_READ_AT_KEY, refreshLimits } from './limits';
import { attemptedRecords, deletesInFlight, tableOf, toWire } from './records';
import { USER_ACTION_WAIT_MS, withOutboxLock } from './lock';
import { STATUS_KEY } from './status';
import { jsonAnswer, serverError } from './server-answer';
import type { RawResponse, Transport } from './transport';

export type EnrollError = 'invalid_code' | 'network' | 'rate_limited' | 'server' | 'busy' | 'storage';

/**
 * Enrollment's answer as a value: the device, or a Dutch message to show as it is. `storage`: the tablet could not
 * write; `codeUsed` says whether the server had already used the code up for it; `cause` is the error, for a log line
 * of its kind and message only.
 */
export type EnrollResult =
  | { ok: true; device: EnrolledDevice; needLocation: number }
  | { ok: false; error: Exclude<EnrollError, 'storage'>; message: string }
  | { ok: false; error: 'storage'; message: string; codeUsed: boolean; cause: unknown };

export const ENROLL_MESSAGES = {
  invalid_code: 'Deze code klopt niet of is verlopen. Vraag de coördinator om een nieuwe code.',
  network: 'Geen verbinding. Koppelen kan alleen met internet. Probeer het opnieuw als u verbinding hebt.',
  not_reached: 'De tablet bereikt de server niet. Soms moet u eerst in de browser inloggen op de wifi of voorwaarden accepteren. Probeer het daarna opnieuw.',
  server: 'Koppelen lukt nu niet door een storing bij de server. Probeer het later opnieuw.',
  busy: 'De tablet verstuurt op dit moment registraties. Probeer het over een minuut opnieuw.',
  /** the tablet cannot write, found before the code was sent: the code still works */
  storage_full: 'De opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Tablet koppelen". De koppelcode blijft geldig.',
  storage_unavailable: 'De browser laat de app nu niet bij de opslag van deze tablet. Laad de pagina opnieuw en tik daarna opnieuw op "Tablet koppelen". De koppelcode blijft geldig.',
  /** the server used the code, and the tablet could not store what it got for it: the same code works again for this tablet (its attempt key) */
  code_used_full: 'De tablet kon de koppeling niet bewaren: de opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Tablet koppelen". Dezelfde koppelcode werkt op deze tablet nog 24 uur.',
  code_used: 'De tablet kon de koppeling niet bewaren. Laad de pagina opnieuw en tik daarna opnieuw op "Tablet koppelen". Dezelfde koppelcode werkt op deze tablet nog 24 uur.',
} as const;

/**
 * The attempt key of the code being tried (EnrollRequest.attempt), written before the code is sent: it proves the
 * tablet can write before a code is used up, and lets the same code enroll this tablet again when the answer was lost
 * on the line or could not be stored (the server allows that for ENROLL_AGAIN_HOURS). Removed with the enrollment's
 * store. Kept with the SHA-256 of the code, not the code.
 */
export const ENROLL_ATTEMPT_KEY = 'enrollAttempt';
interface KeptAttempt { codeHash: string; key: string; label?: string }

/** The name a tablet gets when staff give none. */
const DEFAULT_LABEL = 'Tablet';

const NEEDS_LOCATION = {
  code: 'unknown_location',
  field: 'locationId',
  message: 'Kies opnieuw een locatie: de locatie van deze registratie hoort niet bij de organisatie waaraan de tablet nu gekoppeld is.',
};

interface Options {
  now?: Date;
  locks?: LockManager;
  /**
   * Called once the tablet is linked (stored, the outbox lock released), before the limits are read: the page can
   * move on then with its message, instead of waiting for a read that takes a slow line's time (up to its timeout).
   */
  onLinked?: (result: Extract<EnrollResult, { ok: true }>) => void;
}

/**
 * Enrolls the tablet with a coordinator's code and the name staff gave it (empty: the one given with this code before,
 * else "Tablet"). In one transaction: stores the device and its
 * token, replaces the organisation and its locations (the demo data goes), moves unsent
 * registrations to the new device, and resets the sync status; then reads the limits.
 */
export async function enrollDevice(db: IdoDb, transport: Transport, code: string, label: string, options: Options = {}): Promise<EnrollResult> {
  const now = options.now ?? new Date();
  let answered: RawResponse | undefined;
  const result = await withOutboxLock(async (): Promise<EnrollResult> => {
    // The attempt key is written before the code goes: a tablet that cannot write (full) would lose the server's answer,
    // and without the key the code would be used up for a device it cannot keep. Found here, the code is not sent.
    const codeHash = await sha256Hex(code.trim());
    let attempt = newAttemptKey();
    let name = label.trim();
    try {
      await db.transaction('rw', db.settings, async () => {
        const kept = (await db.settings.get(ENROLL_ATTEMPT_KEY))?.value as KeptAttempt | undefined;
        // The same code again (after a reload, the name field empty): the same key, and the name given the first time.
        if (kept?.codeHash === codeHash) {
          attempt = kept.key;
          name ||= kept.label ?? '';
        }
        await db.settings.put({ key: ENROLL_ATTEMPT_KEY, value: { codeHash, key: attempt, ...(name ? { label: name } : {}) } satisfies KeptAttempt });
      });
      name ||= DEFAULT_LABEL;
    } catch (error) {
      const storage = storageFailureOf(error);
      if (!storage) throw error;
      return { ok: false, error: 'storage', codeUsed: false, cause: error, message: storage.kind === 'full' ? ENROLL_MESSAGES.storage_full : ENROLL_MESSAGES.storage_unavailable };
    }
    let raw: RawResponse;
    try {
      raw = await transport.enroll(code.trim(), name, attempt);
    } catch {
      return failure('network', ENROLL_MESSAGES.network);
    }
    const answer = readEnrollAnswer(raw, now);
    if (!('deviceId' in answer)) return answer;
    const device: EnrolledDevice = {
      deviceId: answer.deviceId, token: answer.token, organisationId: answer.organisation.id, organisationName: answer.organisation.name,
      label: name, enrolledAt: now.toISOString(), codelistVersion: answer.codelistVersion,
      role: answer.role === 'coordinator' ? 'coordinator' : 'medewerker',
    };
    let needLocation: number;
    try {
      needLocation = await storeEnrollment(db, device, answer, now);
    } catch (error) {
      // The server has used the code (a device without a tablet yet): the kept attempt key lets the same code try again.
      return { ok: false, error: 'storage', codeUsed: true, cause: error, message: storageFailureOf(error)?.kind === 'full' ? ENROLL_MESSAGES.code_used_full : ENROLL_MESSAGES.code_used };
    }
    answered = raw;
    return { ok: true, device, needLocation };
  }, options.locks ?? globalThis.navigator?.locks, USER_ACTION_WAIT_MS);
  if (result === 'busy') return failure('busy', ENROLL_MESSAGES.busy);
  // A clock that is off shows before the first contact is registered (the status bar, sync/clock.ts). After the lock:
  // the device's write wakes the page's send, which finds the outbox lock taken while the enrollment still holds it
  // and must wait for it (tests/e2e/first-screen.test.ts, "does not fetch the sync engine…"); and not
  // waited for: "De tablet is gekoppeld" comes as soon as before.
  if (result.ok && answered) void recordClock(db, answered).catch(() => undefined);
  if (result.ok) {
    options.onLinked?.(result);
    await refreshLimits(db, transport);
  }
  return result;
}

/** 16 random bytes as base64url (22 characters): ENROLL_ATTEMPT_PATTERN. */
function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function failure(error: Exclude<EnrollError, 'storage'>, message: string): Extract<EnrollResult, { ok: false; error: Exclude<EnrollError, 'storage'> }> {
  return { ok: false, error, message };
}

/**
 * The server's answer, or why there is none. Only the server's own answer counts (server-answer.ts):
 * HTML from a captive portal or a web filter, whatever its status, means the tablet does not reach
 * the server, never that the code is wrong.
 */
function readEnrollAnswer(raw: RawResponse, now: Date): EnrollResponse | Extract<EnrollResult, { ok: false }> {
  if (raw.status >= 200 && raw.status < 300) {
    const body = jsonAnswer(raw);
    return isEnrollResponse(body) ? body : failure('network', ENROLL_MESSAGES.not_reached);
  }
  const error = serverError(raw);
  if (!error) return failure('network', ENROLL_MESSAGES.not_reached);
  if (error.error === 'invalid_code') return failure('invalid_code', ENROLL_MESSAGES.invalid_code);
  if (raw.status === 429) return failure('rate_limited', waitMessage(parseRetryAfter(raw.retryAfter, now)));
  return failure('server', error.message);
}

/** "Wacht 5 minuten …" from Retry-After, or a plain "wacht even". */
export function waitMessage(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return 'Te veel pogingen. Wacht even en probeer het dan opnieuw.';
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Te veel pogingen. Wacht ${minutes === 1 ? '1 minuut' : `${minutes} minuten`} en probeer het dan opnieuw.`;
}

function isEnrollResponse(body: unknown): body is EnrollResponse {
  const b = body as Partial<EnrollResponse> | null;
  return typeof b === 'object' && b !== null && typeof b.deviceId === 'string' && typeof b.token === 'string'
    && typeof b.organisation?.id === 'string' && typeof b.organisation.name === 'string'
    && Array.isArray(b.locations) && typeof b.codelistVersion === 'string';
}

/** The local half of enrollment, all or nothing; returns how many registrations need a new location. */
async function storeEnrollment(db: IdoDb, device: EnrolledDevice, answer: EnrollResponse, now: Date): Promise<number> {
  return db.transaction('rw', [db.settings, db.organisations, db.locations, db.registrations, db.groupSessions, db.batches], async () => {
    await db.settings.delete(ENROLL_ATTEMPT_KEY);
    await db.settings.bulkPut([
      { key: DEVICE_KEY, value: device },
      { key: 'deviceId', value: device.deviceId },
      { key: STATUS_KEY, value: { state: 'idle', failures: 0 } satisfies SyncStatus },
    ]);
    await db.organisations.clear();
    await db.organisations.put({ id: answer.organisation.id, name: answer.organisation.name });
    await db.locations.clear();
    await db.locations.bulkPut(answer.locations);

    // Batches of the old device would be refused (403): their records go back to the outbox.
    const attempted = attemptedRecords(await db.batches.toArray());
    await keepDeletesInFlight(db, attempted, now);
    await db.batches.clear();

    const locationIds = new Set(answer.locations.map((l) => l.id));
    let needLocation = 0;
    const unsent = await rowsInSyncState(db.registrations, 'pending', 'attention');
    await db.registrations.bulkPut(unsent.map((stored) => {
      const moved: StoredRegistration = { ...stored, deviceId: device.deviceId, organisationId: device.organisationId };
      // The old device may have delivered it already: a higher revision replaces that copy instead of conflicting.
      const sentRevision = attempted.get(stored.id)?.revision;
      if (sentRevision !== undefined && moved.revision <= sentRevision) moved.revision = sentRevision + 1;
      if (!moved.deleted && !locationIds.has(moved.locationId)) {
        needLocation++;
        return { ...moved, syncState: 'attention', problem: NEEDS_LOCATION };
      }
      return moved;
    }));
    needLocation += await moveUnsentGroupSessions(db, device, locationIds, attempted);
    return needLocation;
  });
}

/** Unsent group sessions go to the new device and organisation like registrations; one whose location is gone waits for staff. */
async function moveUnsentGroupSessions(db: IdoDb, device: EnrolledDevice, locationIds: Set<string>, attempted: ReadonlyMap<string, BatchRecord>): Promise<number> {
  let needLocation = 0;
  const unsent = await rowsInSyncState(db.groupSessions, 'pending', 'attention');
  await db.groupSessions.bulkPut(unsent.map((stored) => {
    const moved = { ...stored, deviceId: device.deviceId, organisationId: device.organisationId };
    const sentRevision = attempted.get(stored.id)?.revision;
    if (sentRevision !== undefined && moved.revision <= sentRevision) moved.revision = sentRevision + 1;
    if (!moved.deleted && !locationIds.has(moved.locationId)) {
      needLocation++;
      return { ...moved, syncState: 'attention' as const, problem: NEEDS_LOCATION };
    }
    return moved;
  }));
  return needLocation;
}

/** Enrolling dissolves the old device's batches: the deletes they would have brought become pending tombstones (deletesInFlight). */
async function keepDeletesInFlight(db: IdoDb, attempted: ReadonlyMap<string, BatchRecord>, now: Date): Promise<void> {
  for (const tombstone of await deletesInFlight(db, attempted, now)) await tableOf(db, toWire(tombstone)).put(tombstone);
}

export type UnenrollResult = { ok: true } | { ok: false; error: 'unsent' | 'busy'; unsent: number; message: string };

/**
 * Forgets the enrollment and every registration, back to the demo organisation. Refused while
 * registrations are unsent, unless they were exported first ({exported: true}).
 */
export async function unenrollDevice(db: IdoDb, options: { exported?: boolean; locks?: LockManager } = {}): Promise<UnenrollResult> {
  const result = await withOutboxLock(() => db.transaction('rw', [db.settings, db.organisations, db.locations, db.registrations, db.groupSessions, db.batches], async (): Promise<UnenrollResult> => {
    const unsent = await waitingRegistrations(db);
    if (unsent > 0 && !options.exported) {
      return {
        ok: false, error: 'unsent', unsent,
        message: `Er ${unsent === 1 ? 'is 1 registratie' : `zijn ${unsent} registraties`} nog niet verstuurd. Verstuur ze eerst, of maak een noodexport.`,
      };
    }
    await db.registrations.clear();
    await db.groupSessions.clear();
    await db.batches.clear();
    await db.settings.bulkDelete([DEVICE_KEY, 'deviceId', LIMITS_KEY, LIMITS_READ_AT_KEY, STATUS_KEY]);
    await db.organisations.clear();
    await db.locations.clear();
    await ensureOrganisation(db);
    return { ok: true };
  }), options.locks ?? globalThis.navigator?.locks, USER_ACTION_WAIT_MS);
  return result === 'busy' ? { ok: false, error: 'busy', unsent: 0, message: ENROLL_MESSAGES.busy } : result;
}
