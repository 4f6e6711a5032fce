import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fieldNamed, messageInFieldLabels } from '../../shared/field-names';
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
 * What an organisation's open pages do when a call is refused with `organisation_deactivated`: the national team
 * deactivated it while the page was open. OrganisationPages gives it (it switches to its one message, the same as on a
 * fresh load); the promise ends once that message stands. No other page can be refused so, and has none.
 */
export const DeactivatedMeanwhile = createContext<(() => Promise<void>) | undefined>(undefined);

const refusedAsDeactivated = (failure: unknown): boolean =>
  failure instanceof Error && 'code' in failure && failure.code === 'organisation_deactivated';

/**
 * For a failed call: when the server said the organisation was deactivated meanwhile, the switch to the one message
 * (DeactivatedMeanwhile), to wait for instead of showing the refusal; otherwise undefined.
 */
export function useDeactivatedMeanwhile(): (failure: unknown) => Promise<void> | undefined {
  const switchPages = useContext(DeactivatedMeanwhile);
  return (failure) => (switchPages && refusedAsDeactivated(failure) ? switchPages() : undefined);
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
  const deactivatedMeanwhile = useDeactivatedMeanwhile();
  useEffect(() => {
    let current = true;
    adminCall<T>(session.token, 'GET', path).then(
      (answer) => { if (current) { setData(answer); setError(undefined); } },
      (failure: unknown) => { if (current && !deactivatedMeanwhile(failure)) setError(handle(session, failure)); },
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

/** An answer of the admin API with lists of rows under `K` (`{ codes: [...] }`, the Snelwijzer's `{ own, national }`). */
type Lists<K extends string, R extends { id: string }> = { [key in K]: R[] };

function eachList<K extends string, R extends { id: string }, T extends Lists<K, R>>(data: T, keys: K | readonly K[], change: (rows: R[]) => R[]): T {
  const next = { ...data };
  for (const key of typeof keys === 'string' ? [keys] : keys) (next as Lists<K, R>)[key] = change(data[key]);
  return next;
}

/**
 * For `reloadWith`: the lists under `keys` with `row`, as a change's answer has it, in place of the row with its id,
 * so a second action on it starts from the state after the first, not from before.
 */
export const withRow = <K extends string, R extends { id: string }>(keys: K | readonly K[], row: R) =>
  <T extends Lists<K, R>>(data: T): T => eachList(data, keys, (rows) => rows.map((r) => (r.id === row.id ? row : r)));

/** For `reloadWith`: the lists under `keys` without the row with `id`, just removed: it cannot be acted on again. */
export const withoutRow = <K extends string>(keys: K | readonly K[], id: string) =>
  <T extends Lists<K, { id: string }>>(data: T): T => eachList(data, keys, (rows) => rows.filter((r) => r.id !== id));

/** A refusal shown at its field: the API's name of the field, and the id of the element that takes the focus. */
interface RefusedField { field: string; id: string }

/** The control to focus for the element with `id`: itself, or a fieldset's first input (a group of tiles). */
function focusable(id: string): HTMLElement | null {
  const element = document.getElementById(id);
  return element instanceof HTMLFieldSetElement ? element.querySelector('input') : element;
}

/**
 * A change through the admin API: busy while it runs, the server's message when it fails, a notice when it worked.
 * `fieldNames`: the page's form labels by the API's field names (one table per form), so a message that names a field
 * by its key (`Het veld "hoursFrom"`) names it as the form does; a field the table does not know keeps the server's words.
 * `fieldId`: for a form that shows a refusal at its field, the id of the control for an API field name (undefined for one it
 * does not show). A refusal that names one such field, drawn on the page, is that field's (`fieldError`) and not `error`
 * (the message above or below the form): the field shows it under its label, tied with aria-describedby, and takes the
 * focus; a change of that field (`fieldChanged`) clears it.
 */
export function useAdminAction(session: AdminSession, fieldNames: Readonly<Record<string, string>> = {}, fieldId?: (field: string) => string | undefined) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [refusedField, setRefusedField] = useState<RefusedField | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  /** the server's error code of the last failure (e.g. `edit_conflict`), for a page that answers one of them */
  const [errorCode, setErrorCode] = useState<string | undefined>(undefined);
  const deactivatedMeanwhile = useDeactivatedMeanwhile();
  // The button that started a change is disabled while it runs, and a disabled button drops the keyboard's focus to the
  // page's start. After a refusal (the form stays, with the message) the focus goes, once the button can be used again,
  // to the field the refusal is about, tied to its message, or else back to that button; not when the focus went
  // somewhere else meanwhile.
  const refused = useRef<HTMLElement | undefined>(undefined);
  useLayoutEffect(() => {
    const back = refused.current;
    if (busy || !back) return;
    refused.current = undefined;
    const active = document.activeElement;
    if (active !== null && active !== document.body && active !== back) return;
    const field = refusedField && focusable(refusedField.id);
    if (field) field.focus();
    else if (back.isConnected && !(back as HTMLButtonElement).disabled) back.focus();
  }, [busy]);
  const clearError = (message: string | undefined) => { setError(message); setRefusedField(undefined); };
  const run = async <R,>(change: () => Promise<R>, done?: (result: R) => string | undefined): Promise<R | undefined> => {
    const started = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : undefined;
    setBusy(true);
    clearError(undefined);
    setErrorCode(undefined);
    setNotice(undefined);
    try {
      const result = await change();
      setNotice(done?.(result));
      return result;
    } catch (failure) {
      // Deactivated meanwhile: busy until the page is the one message, so nothing more is offered in between.
      const switching = deactivatedMeanwhile(failure);
      if (switching) { await switching; return undefined; }
      refused.current = started;
      const message = handle(session, failure);
      const field = fieldId && failure instanceof AdminError ? fieldNamed(message, fieldNames) : undefined;
      const id = field === undefined ? undefined : fieldId?.(field);
      // only a field on the page shows it (a form closed meanwhile, or a field only a change has, leaves it above)
      setRefusedField(field !== undefined && id !== undefined && focusable(id) ? { field, id } : undefined);
      setError(messageInFieldLabels(message, fieldNames));
      setErrorCode(failure instanceof AdminError ? failure.code : undefined);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return {
    busy, error: refusedField ? undefined : error, errorCode, notice, run, setError: clearError,
    /** the refusal's message when it is about `field` (an API field name) */
    fieldError: (field: string): string | undefined => (refusedField?.field === field ? error : undefined),
    /** `field` changed: its refusal is gone */
    fieldChanged: (field: string) => { if (refusedField?.field === field) clearError(undefined); },
    /** another form opens (or this one closes): a refusal at a field of the one before is gone with it */
    formChanged: () => { if (refusedField) clearError(undefined); },
  };
}
