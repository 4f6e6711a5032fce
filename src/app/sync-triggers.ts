import { liveQuery } from 'dexie';
import { db } from '../db/db';
import type { SyncRegistrationLike, SyncResult } from '../sync';
import type { SyncStatus } from '../db/types';
import { getDevice } from '../sync/device';
import { readStoredStatus } from '../sync/status';
import { amsterdamTime } from '../shared/time';
import { logSendFailure } from '../shared/failure-text';

/**
 * The sync engine is its own chunk (with the files it imports, some twenty): fetched by the first send of an
 * enrolled tablet. Before enrollment nothing can be sent (the engine would answer 'not_enrolled' at once), so a
 * first visit, on the koppelen screen, does not fetch or run it at all (issue 15: the page's thread on a first visit).
 */
const engine = () => import('../sync');

/**
 * After a 'busy' send (another holder had the outbox lock) the page sends again as that lock comes free; this timer
 * is only the safety net (no Web Locks, a holder that never lets go). Also the first wait after a run that failed outright.
 */
const IDLE_RETRY_MS = 30_000;
/** A slow heartbeat while the app is open: whatever still waits goes out without a tap. */
const HEARTBEAT_MS = 60_000;
/** The longest wait after runs that failed outright (the tablet could not store what it sends), for a tab in the background. */
const FAILED_RETRY_CAP_MS = 5 * 60_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<SyncResult> | undefined;
/** New work came while a run was under way: that run may have read the outbox before it, so one more run follows. */
let again = false;
/** …and the browser came back online meanwhile: that run's failure was about the dead line, so the next one skips the backoff. */
let againBackOnline = false;
/** The wait for the outbox lock after a 'busy' run; a run of this page ends it (that run waits anew if it is busy too). */
let lockWait: AbortController | undefined;
/** Runs in a row that failed outright (threw): each waits twice as long for the next, from 30 s up to 5 min. */
let failedRuns = 0;

/** `backOnline`: the try it sets is the one the browser's 'online' asked for (another tab or the service worker had the lock). */
function schedule(delayMs: number, backOnline = false) {
  clearTimeout(timer);
  timer = setTimeout(() => inBackground(backOnline), Math.max(1_000, delayMs));
}

/**
 * After a 'busy' run: send again as soon as the one holding the outbox lock (the service worker's sync, another tab,
 * the enrollment) lets go of it, not 30 s later. Only a holder other than this page's own run ends the wait: every run
 * of the page cancels it as it starts, so the lock our own send releases never wakes another send.
 */
function sendWhenOutboxFree(backOnline: boolean): void {
  lockWait?.abort();
  const wait = (lockWait = new AbortController());
  // the engine is in already: the run that found the lock taken brought it
  engine().then(({ whenOutboxFree }) => whenOutboxFree(wait.signal)).then((free) => {
    if (!free || lockWait !== wait) return;
    lockWait = undefined;
    inBackground(backOnline);
  }, () => undefined); // aborted: a run of this page started meanwhile
}

/**
 * A send no one waits for (start, back online, tab visible, new work, the heartbeat, the timer): a failure is logged
 * (its kind and message only: never a token or a record) instead of thrown at the page as an unhandled rejection.
 * The run has set its next try already (sendNow). Staff see nothing new: on a full tablet the storage notice and
 * the form say so, and a tap on "Nu versturen" says why it sends nothing.
 */
function inBackground(backOnline = false): void {
  sendNow(false, backOnline).catch(logSendFailure);
}

/**
 * Drains the outbox from the page and sets the timer for the next try. One call at a time in
 * this page (a forced one during a run follows it); the Web Lock inside drainOutbox keeps other tabs and the service worker out.
 * `backOnline`: the browser says the network is back: one try now, not after a backoff that was about the dead line.
 */
export function sendNow(force = false, backOnline = false): Promise<SyncResult> {
  if (running) {
    if (force) {
      // "Nu versturen" during a run: a second run now would only find the outbox lock taken ('busy') and take the place
      // of the run under way, whose follow-up (`again`) was then lost. The forced try comes right after it.
      return running.catch(() => undefined).then(() => sendNow(true));
    }
    // A contact saved while the run sends the kaart (or checks delivery) would wait for the heartbeat.
    again = true;
    againBackOnline ||= backOnline;
    return running;
  }
  lockWait?.abort();
  lockWait = undefined;
  const run = (async (): Promise<SyncResult> => {
    if (!(await getDevice(db))) {
      clearTimeout(timer);
      return { outcome: 'not_enrolled' };
    }
    const { syncAll, needsBackgroundSync } = await engine();
    let result: SyncResult;
    try {
      result = await syncAll(db, { force, backOnline });
      failedRuns = 0;
    } catch (error) {
      // A run that failed outright stored no wait (a full tablet refuses the batch it stores before sending): the
      // timer tries again, not only the heartbeat (which skips a tab in the background), and less often each time.
      failedRuns += 1;
      schedule(Math.min(FAILED_RETRY_CAP_MS, IDLE_RETRY_MS * 2 ** Math.min(failedRuns - 1, 10)));
      throw error;
    }
    // Records left and waiting (backoff, offline, no answer, 429/503): the browser wakes the
    // service worker for them even after the app is closed. The timer covers the open page.
    if (needsBackgroundSync(result)) requestSync().catch(logSendFailure);
    if (result.outcome === 'waiting') schedule(Date.parse(result.nextAttemptAt) - Date.now());
    // Busy: the service worker's sync event, which the browser fires as it comes online too, another tab, or the
    // enrollment. The page tries again as that lock comes free (the timer only in case it never does). That run may
    // keep to the backoff; the try of 'online' is not lost with it.
    else if (result.outcome === 'busy') {
      schedule(IDLE_RETRY_MS, backOnline);
      sendWhenOutboxFree(backOnline);
    } else clearTimeout(timer);
    return result;
  })()
    .finally(() => {
      if (running === run) running = undefined;
      if (again && !running) {
        const online = againBackOnline;
        again = againBackOnline = false;
        inBackground(online);
      }
    });
  running = run;
  return run;
}

/** Why a tap on "Nu versturen" could not send (sendNowNote). */
export interface SendNowNote {
  /** the last confirmed send as at the tap: once another one is confirmed, the note is over */
  lastSentAt?: string;
  /** the note as the status bar draws it now (its next try, the connection), short: one line */
  say: (status: SyncStatus) => string;
}

/**
 * What a tap on "Nu versturen" tells staff when it could not send; nothing when it sent. The status bar shows it
 * while the tablet keeps trying (state 'backoff') and nothing has gone since the tap, said anew at each drawing, so
 * an automatic try that fails as well keeps it and its time of the next try stays true. Whatever waits stays on the
 * tablet and goes by itself: when the connection is back, or at the next try.
 */
export async function sendNowNote(result: SyncResult): Promise<SendNowNote | undefined> {
  if (result.outcome !== 'waiting') return undefined;
  const { lastSentAt } = await readStoredStatus(db);
  return {
    lastSentAt,
    say: ({ nextAttemptAt = result.nextAttemptAt }) => (navigator.onLine ? `Versturen lukt nu niet. Nieuwe poging om ${amsterdamTime(new Date(nextAttemptAt))}.` : 'Geen internet. Alles blijft bewaard en gaat vanzelf.'),
  };
}

/** After a save: send at once when online; offline, ask the browser for a Background Sync. Never rejects (logged). */
export async function afterSave(): Promise<void> {
  if (navigator.onLine) {
    inBackground();
    return;
  }
  await requestSync().catch(logSendFailure);
}

/** Asks for a Background Sync (an enrolled tablet only); Safari and Firefox have none: the page triggers below still deliver. */
async function requestSync(): Promise<void> {
  if (!(await getDevice(db))) return;
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  const { requestBackgroundSync } = await engine();
  await requestBackgroundSync(registration as (ServiceWorkerRegistration & SyncRegistrationLike) | undefined);
}

/** The page's triggers: start, back online, tab visible again, new work, a heartbeat; and the purge. */
export function startSyncTriggers(): void {
  // New work (a kaart edit, a "Klopt niet", a resolved conflict, an enrollment) goes out at once when online.
  let waiting = 0;
  let enrolledAs: unknown;
  liveQuery(() => Promise.all([db.kaartOutbox.where('state').equals('pending').count(), db.settings.get('device')]))
    .subscribe(([pending, device]) => {
      const grew = pending > waiting;
      const enrolled = device !== undefined && JSON.stringify(device) !== JSON.stringify(enrolledAs);
      waiting = pending;
      enrolledAs = device;
      if ((grew || enrolled) && navigator.onLine) inBackground();
    }, logSendFailure);
  setInterval(() => {
    if (navigator.onLine && document.visibilityState === 'visible') inBackground();
  }, HEARTBEAT_MS);
  // Only an enrolled tablet has sent anything (unenrolling removes every registration): nothing to purge before.
  void getDevice(db).then((device) => (device ? engine().then(({ purgeSent }) => purgeSent(db)) : 0)).catch((error) => console.warn('purge', error));
  inBackground();
  // The network is back: try now, once, not after a backoff that ran while the line was dead.
  addEventListener('online', () => inBackground(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') inBackground();
  });
}
