/** The Web Lock every sender takes: pages in several tabs and the service worker send one at a time. */
export const OUTBOX_LOCK = 'ido-outbox';

let heldInProcess = false;

/**
 * Runs fn while holding the outbox lock, or returns 'busy' at once when another sender holds it.
 * Uses Web Locks where they exist (browser, service worker); in-process otherwise (Node tests).
 */
export async function withOutboxLock<T>(fn: () => Promise<T>, locks: LockManager | undefined = globalThis.navigator?.locks): Promise<T | 'busy'> {
  if (locks) {
    return locks.request(OUTBOX_LOCK, { ifAvailable: true }, async (lock) => (lock ? fn() : 'busy' as const));
  }
  if (heldInProcess) return 'busy';
  heldInProcess = true;
  try {
    return await fn();
  } finally {
    heldInProcess = false;
  }
}
