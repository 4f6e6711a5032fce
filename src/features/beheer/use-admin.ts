import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { AdminError, adminCall } from './api';
import type { AdminSession } from './session';

/** What a failed call shows, and whether it ends the sign-in. */
function handle(session: AdminSession, error: unknown): string {
  if (error instanceof AdminError) {
    if (error.signsOut) session.expire(error);
    return error.message;
  }
  return 'Er ging iets mis. Probeer het opnieuw.';
}

/**
 * The taps on the Beheer tab that is already open (Frame calls `tap`): each one reads the page's lists again, as
 * opening the tab did. A link to the address already open changes nothing in the browser, so the list stayed as it was.
 */
export const OpenTabTaps = createContext<{ taps: number; tap: () => void }>({ taps: 0, tap: () => undefined });

/** The count behind OpenTabTaps, held above every beheer page (BeheerPage), so a page that reads before its Frame follows too. */
export function useOpenTabTaps(): { taps: number; tap: () => void } {
  const [taps, setTaps] = useState(0);
  return useMemo(() => ({ taps, tap: () => setTaps((n) => n + 1) }), [taps]);
}

/**
 * A GET of the admin API, re-read on `reload()` (after a change), on a tap on the open tab (OpenTabTaps) and when the
 * path changes. What was read stays until the new answer replaces it: a re-read never empties the page. `reloadWith(known)`
 * first puts in what the change's own answer already says, so the page never offers the state from before the change
 * while the list is read again.
 */
export function useAdminData<T>(session: AdminSession, path: string): { data?: T; error?: string; reload: () => void; reloadWith: (known: (data: T) => T) => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [round, setRound] = useState(0);
  const { taps } = useContext(OpenTabTaps);
  useEffect(() => {
    let current = true;
    adminCall<T>(session.token, 'GET', path).then(
      (answer) => { if (current) { setData(answer); setError(undefined); } },
      (failure: unknown) => { if (current) setError(handle(session, failure)); },
    );
    return () => { current = false; };
  }, [session.token, path, round, taps]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const reloadWith = useCallback((known: (data: T) => T) => {
    setData((current) => (current === undefined ? current : known(current)));
    setRound((r) => r + 1);
  }, []);
  return { data, error, reload, reloadWith };
}

/** A change through the admin API: busy while it runs, the server's message when it fails, a notice when it worked. */
export function useAdminAction(session: AdminSession) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  /** the server's error code of the last failure (e.g. `edit_conflict`), for a page that answers one of them */
  const [errorCode, setErrorCode] = useState<string | undefined>(undefined);
  const run = async <R,>(change: () => Promise<R>, done?: (result: R) => string | undefined): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    setErrorCode(undefined);
    setNotice(undefined);
    try {
      const result = await change();
      setNotice(done?.(result));
      return result;
    } catch (failure) {
      setError(handle(session, failure));
      setErrorCode(failure instanceof AdminError ? failure.code : undefined);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, errorCode, notice, run, setError };
}
