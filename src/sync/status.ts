import type { IdoDb } from '../db/db';
import { getSetting, patchSetting } from '../db/settings';
import type { PauseReason, SyncStatus } from '../db/types';
import { countInSyncState } from '../db/sync-state';
import { amsterdamDay, amsterdamTime } from '../shared/time';

export const STATUS_KEY = 'syncStatus';
const IDLE: SyncStatus = { state: 'idle', failures: 0 };

/** The persisted sync status as last written. */
export async function readStoredStatus(db: IdoDb): Promise<SyncStatus> {
  return getSetting<SyncStatus>(db, STATUS_KEY, IDLE);
}

/** Merges a change into the persisted status; a key set to undefined is removed. */
export function updateStatus(db: IdoDb, patch: Partial<SyncStatus>): Promise<SyncStatus> {
  return patchSetting(db, STATUS_KEY, IDLE, patch);
}

/** What the status bar shows: the persisted status plus counts derived from the index. */
export interface SyncStatusView extends SyncStatus {
  /** waiting to be sent */
  pending: number;
  /** refused by the server or the tablet; needs a person */
  attention: number;
}

/** The status for the UI; call it inside useLiveQuery so it follows every change. */
export async function readSyncStatus(db: IdoDb): Promise<SyncStatusView> {
  return db.transaction('r', db.settings, db.registrations, db.groupSessions, async () => {
    // group sessions wait in their own table and count the same (issue 14)
    const [status, pending, attention, groupPending, groupAttention] = await Promise.all([
      readStoredStatus(db),
      countInSyncState(db.registrations, 'pending'),
      countInSyncState(db.registrations, 'attention'),
      countInSyncState(db.groupSessions, 'pending'),
      countInSyncState(db.groupSessions, 'attention'),
    ]);
    return { ...status, pending: pending + groupPending, attention: attention + groupAttention };
  });
}

/** The status as one read saw it; `order` counts this page's reads (readSyncStatusInOrder). */
export interface OrderedSyncStatus { order: number; status: SyncStatusView }

let reads = 0;

/**
 * readSyncStatus, numbered in the order the reads were asked: IndexedDB runs a transaction after every write made
 * before it, so a later read saw at least what an earlier one saw, and the higher number is the newer status.
 */
export async function readSyncStatusInOrder(db: IdoDb): Promise<OrderedSyncStatus> {
  const order = ++reads;
  return { order, status: await readSyncStatus(db) };
}

const listeners = new Set<(status: OrderedSyncStatus) => void>();

/**
 * Hands a status just read to the status bar (onAnnouncedSyncStatus). A save calls it before it says "Opgeslagen",
 * in the same moment: the bar's live query answers a moment after the write (100 ms and more on a slow tablet), and
 * meanwhile the bar said "alles verstuurd" under "Opgeslagen".
 */
export function announceSyncStatus(status: OrderedSyncStatus): void {
  for (const listener of listeners) listener(status);
}

/** Follows announceSyncStatus; returns the unsubscribe. */
export function onAnnouncedSyncStatus(listener: (status: OrderedSyncStatus) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const holdListeners = new Set<(held: boolean) => void>();
let holds = 0;

/**
 * A page's write under way whose new count it announces itself (announceSyncStatus): the bar keeps the status it
 * shows until the returned release, so its count does not change before the page's own list and notice. Call the
 * release in the same moment as the announce, never later (a delete from the day list: its count changed 25 ms after
 * the list's on a slow tablet, and the list's 50 ms after "is verwijderd").
 */
export function holdSyncStatus(): () => void {
  if (holds++ === 0) for (const listener of holdListeners) listener(true);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) for (const listener of holdListeners) listener(false);
  };
}

/**
 * A day list's delete (contacts and group sessions alike): `write`, then in one render the list without it (through
 * the page's `showAfter`, db/use-live-query.ts), the day's count, the status bar's new count and `then` (the page's
 * notice, its confirmation closed). The bar is held (holdSyncStatus) until that render.
 */
export async function deleteInOneRender(
  db: IdoDb,
  showAfter: <R>(write: () => Promise<R>, then: (result: R) => void) => Promise<void>,
  write: () => Promise<void>,
  then: () => void,
): Promise<void> {
  const release = holdSyncStatus();
  try {
    await showAfter(async () => {
      await write();
      return readSyncStatusInOrder(db).catch(() => undefined);
    }, (status) => {
      if (status) announceSyncStatus(status);
      release();
      then();
    });
  } finally {
    release();
  }
}

/** Follows holdSyncStatus (true while a page holds the bar); returns the unsubscribe. */
export function onSyncStatusHold(listener: (held: boolean) => void): () => void {
  holdListeners.add(listener);
  return () => void holdListeners.delete(listener);
}

/**
 * The status bar's line in Dutch, e.g. "3 nog te versturen · laatst verstuurd 10:42" or
 * "alles verstuurd". Records that need attention are named too: "alles verstuurd" would hide them. So are the kaart's
 * changes on their way, those waiting for the coordinator's choice (on the kaart page: "… vraagt om uw keuze") and those
 * the server refused ("1 kaartwijziging geweigerd").
 */
export function statusLine(status: Pick<SyncStatusView, 'pending' | 'lastSentAt'> & Partial<Pick<SyncStatusView, 'attention' | 'state' | 'pauseReason'>>, now: Date, kaart: KaartCounts = { pending: 0, conflict: 0 }): string {
  const parts: string[] = [];
  // A kaart change that waits for the coordinator's choice first: it is the one thing here that needs a tap.
  if (kaart.conflict > 0) parts.push(kaart.conflict === 1 ? '1 kaartwijziging wacht op uw keuze' : `${kaart.conflict} kaartwijzigingen wachten op uw keuze`);
  // A refused one waits for the coordinator too (edit it again, or throw it away): "alles verstuurd" hid it.
  const rejected = kaart.rejected ?? 0;
  if (rejected > 0) parts.push(kaartChanges(rejected, 'geweigerd'));
  const attention = status.attention ?? 0;
  // A revoked tablet sends nothing again: "nog te versturen" beside "Ontkoppeld" said two things at once. What it
  // holds stays on it (pending and attention alike: the noodexport takes both), as an unlinked tablet's bar says.
  const revoked = isRevoked(status);
  if (revoked && status.pending + attention > 0) parts.push(`${status.pending + attention} alleen op deze tablet`);
  if (!revoked && status.pending > 0) parts.push(`${status.pending} nog te versturen`);
  if (!revoked && attention > 0) parts.push(attention === 1 ? '1 heeft aandacht nodig' : `${attention} hebben aandacht nodig`);
  // "alles verstuurd" beside a kaart change still waiting said two things at once: then it is the registrations.
  const kaartWaits = kaart.pending > 0 || kaart.conflict > 0 || rejected > 0;
  if (status.pending === 0 && attention === 0) parts.push(kaartWaits ? 'alle registraties verstuurd' : 'alles verstuurd');
  // Edits held because the organisation is deactivated do not go either: "nog te versturen" (and "Nu versturen") for
  // them was true and useless, as it never cleared. heldKaartNotice says why on the bar's second line.
  const toSend = revoked ? kaart.pending : kaartToSend(kaart);
  const held = kaart.pending - toSend;
  if (toSend > 0) parts.push(kaartChanges(toSend, revoked ? 'niet verstuurd' : 'nog te versturen'));
  if (held > 0) parts.push(kaartChanges(held, 'niet verstuurd'));
  if (status.lastSentAt) parts.push(`laatst verstuurd ${whenSent(new Date(status.lastSentAt), now)}`);
  return parts.join(' · ');
}

/** The kaart's counts statusLine reads (sync/kaart-status.ts, readKaartSyncStatus). */
export interface KaartCounts {
  /** local edits not sent yet, `held` included */
  pending: number;
  /** edits waiting for the coordinator's choice */
  conflict: number;
  /** edits the server refused: they wait until they are edited again or thrown away (the conflicts page) */
  rejected?: number;
  /** of `pending`, the edits kept on the tablet because the national team deactivated the organisation */
  held?: number;
}

const kaartChanges = (count: number, state: string) => `${count} ${count === 1 ? 'kaartwijziging' : 'kaartwijzigingen'} ${state}`;

/** The kaart edits the tablet can send now: what "Nu versturen" is for (held edits of a deactivated organisation are not). */
export function kaartToSend(kaart: KaartCounts): number {
  return kaart.pending - Math.min(kaart.held ?? 0, kaart.pending);
}

/**
 * Why kaart edits stay on the tablet, for the status bar's second line (one line at 768 px): the national team
 * deactivated the organisation. The kaart page says the whole of it.
 */
export function heldKaartNotice(kaart: KaartCounts): string | undefined {
  return (kaart.held ?? 0) > 0 ? 'Organisatie gedeactiveerd: kaartwijzigingen blijven hier.' : undefined;
}

/**
 * The progress the status bar shows: while a drain sends, and only while records still wait. Once the last answer
 * is applied the line says "alles verstuurd", while the drain's own progress stays written until it ends a moment
 * later: the bar showed "alles verstuurd" beside "Versturen 0 van 1" for ~50 ms at the end of each drain.
 */
export function sendingProgress(status: Pick<SyncStatusView, 'state' | 'progress' | 'pending'>): SyncStatus['progress'] {
  return status.state === 'sending' && status.progress && status.progress.total > 0 && status.pending > 0 ? status.progress : undefined;
}

/**
 * Why sending stopped, in Dutch, short enough for the status bar's one line at 768 px (beside its two links); `unsent`:
 * what still waits on the tablet (pending and attention). The
 * whole story, with what happens to the registrations, is pauseExplanation's, on the Instellingen page the bar's
 * "Noodexport" link opens.
 */
export function pauseNotice(reason: PauseReason, unsent = 0): string {
  if (reason === 'reenroll') return 'Versturen is gestopt: koppel de tablet opnieuw.';
  // Beside statusLine's "2 alleen op deze tablet": what staff can do with them (the bar's "Noodexport" link).
  return unsent > 0 ? 'Ontkoppeld: bewaar alles met de noodexport.' : 'Ontkoppeld: er wordt niets meer verstuurd.';
}

/** The status of a tablet its coordinator revoked: it sends nothing again (the bar's line and notice say so). */
function isRevoked(status: Partial<Pick<SyncStatusView, 'state' | 'pauseReason'>>): boolean {
  return status.state === 'paused' && status.pauseReason === 'revoked';
}

/**
 * Why sending stopped, in full, for the Instellingen page. A revoked tablet keeps every registration: it says so, and
 * the two ways on: linked again with a new code (enrolling moves what waits to the new link, `storeEnrollment`, and
 * sends it), or the emergency export. It said "Er wordt niets meer verstuurd" beside "Opnieuw koppelen", which does.
 */
export function pauseExplanation(reason: PauseReason, unsent: number): string {
  if (reason === 'reenroll') return 'Versturen is gestopt: de tablet moet opnieuw gekoppeld worden. Wat nog niet verstuurd is, blijft op deze tablet bewaard.';
  const revoked = 'Deze tablet is ontkoppeld door de coördinator en verstuurt niets meer.';
  if (unsent === 0) return `${revoked} Er wachten geen registraties. Wilt u weer registreren? Vraag de coördinator om een nieuwe koppelcode.`;
  const [kept, sent, them] = unsent === 1
    ? ['De registratie die nog niet verstuurd is, blijft', 'wordt die', 'die']
    : [`De ${unsent} registraties die nog niet verstuurd zijn, blijven`, 'worden ze', 'ze'];
  return `${revoked} ${kept} op deze tablet bewaard. Koppelt u de tablet opnieuw met een nieuwe koppelcode van de coördinator, dan ${sent} alsnog verstuurd. `
    + `Of sla ${them} op met de noodexport hieronder en geef het bestand aan de coördinator.`;
}

/** "10:42" today, "gisteren 10:42", or "23-11 10:42" further back (Amsterdam time). */
function whenSent(sentAt: Date, now: Date): string {
  const day = amsterdamDay(sentAt);
  const time = amsterdamTime(sentAt);
  if (day === amsterdamDay(now)) return time;
  if (day === amsterdamDay(new Date(now.getTime() - 24 * 3_600_000))) return `gisteren ${time}`;
  const [, month, date] = day.split('-');
  return `${Number(date)}-${Number(month)} ${time}`;
}

