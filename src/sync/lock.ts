/** The Web Lock every sender takes: pages in several tabs and the service worker send one at a time. */
export const OUTBOX_LOCK = 'ido-outbox';

let heldInProcess = false;

/** How long a person's own action (linking or unlinking the tablet) waits for a send in progress. */
export const USER_ACTION_WAIT_MS = 20_000;

/**
 * Runs fn while holding the outbox lock. A sender returns 'busy' at once when another holds it
 * (`waitMs` 0); a person's action waits up to `waitMs` for it (a send that started a moment
 * earlier, say the one the app starts when idle), and only then says 'busy'.
 * Uses Web Locks where they exist (browser, service worker); in-process otherwise (Node tests).
 */
export async function withOutboxLock<T>(fn: () => Promise<T>, locks: LockManager | undefined = globalThis.navigator?.locks, waitMs = 0): Promise<T | 'busy'> {
  if (locks && waitMs <= 0) {
    return locks.request(OUTBOX_LOCK, { ifAvailable: true }, async (lock) => (lock ? fn() : 'busy' as const));
  }
  if (locks) {
    let acquired = false;
    try {
      return await locks.request(OUTBOX_LOCK, { signal: AbortSignal.timeout(waitMs) }, async () => {
        acquired = true;
        return fn();
      });
    } catch (error) {
      if (!acquired) return 'busy'; // the wait timed out
      throw error;
    }
  }
  for (const until = Date.now() + waitMs; heldInProcess && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 20));
  if (heldInProcess) return 'busy';
  heldInProcess = true;
  try {
    return await fn();
  } finally {
    heldInProcess = false;
  }
}

/**
 * Resolves true once no one holds the outbox lock: a shared request, released the moment it is granted, so the
 * caller (the page, after a 'busy' send) sends right after the holder without keeping anyone out meanwhile. False at
 * once where there are no Web Locks (nothing to wait on: the caller keeps its timer); rejects when `signal` aborts.
 */
export async function whenOutboxFree(signal: AbortSignal, locks: LockManager | undefined = globalThis.navigator?.locks): Promise<boolean> {
  if (!locks) return false;
  await locks.request(OUTBOX_LOCK, { mode: 'shared', signal }, () => undefined);
  return true;
}
