import type { IdoDb } from '../db/db';
import type { SyncStatus } from '../db/types';
import { stillWaiting } from './backoff';
import { withOutboxLock } from './lock';
import { readStoredStatus, updateStatus } from './status';

// Not in status.ts: the status bar (first load) imports that, and this needs the lock and the backoff's clock rule.

/**
 * A stored 'sending' that no one sends for any more, put to rest: paused, waiting (a wait stored before that has not
 * passed) or idle, without the progress. The caller holds the outbox lock: whoever wrote 'sending' has stopped (a page
 * reloaded or closed in the middle of a send, a service worker the browser stopped, a drain that threw).
 */
export async function endSendingHeld(db: IdoDb, status: SyncStatus, now: number): Promise<SyncStatus> {
  if (status.state !== 'sending') return status;
  const state = status.pauseReason ? 'paused' : stillWaiting(status.nextAttemptAt, now) || stillWaiting(status.notBefore, now) ? 'backoff' : 'idle';
  return updateStatus(db, { state, progress: undefined });
}

/**
 * At the app's start: a stored 'sending' whose sender is gone (the page was reloaded in the middle of a send) would
 * show "Versturen 3 van 10" until the next send. Only while no one holds the outbox lock (`ifAvailable`): another tab
 * or the service worker holding it may really be sending, and then its 'sending' stays. The lock is taken only when
 * 'sending' is stored, so a start's send is not kept out ('busy') by this look.
 */
export async function endStaleSending(db: IdoDb, locks: LockManager | undefined = globalThis.navigator?.locks): Promise<void> {
  if ((await readStoredStatus(db)).state !== 'sending') return;
  await withOutboxLock(async () => endSendingHeld(db, await readStoredStatus(db), Date.now()), locks);
}
