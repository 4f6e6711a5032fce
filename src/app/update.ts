import type { Workbox } from 'workbox-window';
import { useEffect, useState } from 'preact/hooks';
import { failureText } from '../shared/failure-text';

let workbox: Workbox | undefined;
const listeners = new Set<(waiting: boolean) => void>();
let waiting = false;
let updateRequested = false;

/**
 * Registers the service worker once; a new version waits until the user asks for it. workbox-window is
 * its own chunk, fetched beside the first screen's code instead of inside it.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || workbox || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  if (workbox) return;
  workbox = new Workbox('/sw.js');
  let controlledBefore = navigator.serviceWorker.controller !== null;
  workbox.addEventListener('waiting', () => {
    waiting = true;
    listeners.forEach((notify) => notify(true));
  });
  // Only after the user tapped "bijwerken": the new worker took over, so load its version.
  // (Not event.isUpdate: on a first visit that stayed open, the first worker's claim makes it false.)
  // A new controller for a page that already had one, and did not ask: another tab updated, so
  // this page's code is old; version-reload.ts reloads it (its form is kept). A first claim is no update.
  workbox.addEventListener('controlling', () => {
    if (updateRequested) location.reload();
    else if (controlledBefore) dispatchEvent(new Event('ido-app-updated'));
    controlledBefore = true;
  });
  // A browser that does not register it (service workers blocked or off, its script not reachable): the page goes on
  // without offline use, logged with its kind and message only; the next page load tries again.
  workbox.register().catch((error: unknown) => console.warn('service worker', failureText(error)));
}

/** Whether a new version waits. */
export function useUpdateWaiting(): boolean {
  const [value, setValue] = useState(waiting);
  useEffect(() => {
    listeners.add(setValue);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}

/** Lets the waiting worker take over; the page reloads when it controls. */
export function applyUpdate(): void {
  updateRequested = true;
  workbox?.messageSkipWaiting();
}
