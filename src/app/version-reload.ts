import { useEffect, useState } from 'preact/hooks';

/** Dispatched on window when another tab brought a new version: a newer database schema (db.ts) or a new service worker (update.ts). */
export const NEW_VERSION_EVENTS = ['ido-db-versionchange', 'ido-app-updated'] as const;

/** How long the notice stays before the reload, so a person can read why the page changes. */
const NOTICE_MS = 1_500;

/**
 * Another tab updated the app: this page's code is old now. Say so, then reload. The half-filled
 * form is kept in IndexedDB on every change (use-kept-draft.ts), so the reload brings it back.
 * Returns true while the page is about to reload.
 */
export function useReloadOnNewVersion(): boolean {
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    const onNewVersion = () => {
      setReloading(true);
      setTimeout(() => location.reload(), NOTICE_MS);
    };
    NEW_VERSION_EVENTS.forEach((name) => addEventListener(name, onNewVersion));
    return () => NEW_VERSION_EVENTS.forEach((name) => removeEventListener(name, onNewVersion));
  }, []);
  return reloading;
}
