import { useEffect, useState } from 'preact/hooks';
import type { DeviceRole } from '../shared/api';
import type { ReportViewerRole } from '../shared/reports';

// One key for Beheer and the report pages (dashboard, Uren en drukte, jaarverslag): one sign-in serves all of them.
const TOKEN_KEY = 'ido-report-token';
// Who that token is, as a report answered (`viewer`); kept and forgotten with it. index.html's head script reads it too.
export const KIND_KEY = 'ido-report-token-kind';
const KIND_CHANGED = 'ido-report-token-kind';

function changeKind(kind: ReportViewerRole | undefined): void {
  if ((sessionStorage.getItem(KIND_KEY) ?? undefined) === kind) return;
  if (kind) sessionStorage.setItem(KIND_KEY, kind);
  else sessionStorage.removeItem(KIND_KEY);
  dispatchEvent(new Event(KIND_CHANGED));
}

/** A typed token lasts as long as the browser tab (a shared laptop or tablet forgets it when the tab closes). */
export const typedToken = {
  get: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token: string): void => {
    if (sessionStorage.getItem(TOKEN_KEY) !== token) changeKind(undefined);
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear: (): void => {
    sessionStorage.removeItem(TOKEN_KEY);
    changeKind(undefined);
  },
};

/** A report's answer said who `token` is: kept while it is the typed token (a coordinator tablet's own is known). */
export function learnTokenKind(token: string, kind: ReportViewerRole | undefined): void {
  if (kind && typedToken.get() === token) changeKind(kind);
}

/** Who the typed token is, once a report said so (undefined: no typed token, or not known yet); follows every change. */
export function useTypedTokenKind(): ReportViewerRole | undefined {
  const read = () => (typedToken.get() ? (sessionStorage.getItem(KIND_KEY) ?? undefined) as ReportViewerRole | undefined : undefined);
  const [kind, setKind] = useState(read);
  useEffect(() => {
    const follow = () => setKind(read());
    addEventListener(KIND_CHANGED, follow);
    return () => removeEventListener(KIND_CHANGED, follow);
  }, []);
  return kind;
}

/** What a sign-in needs of this browser's tablet enrollment (db/types.ts, EnrolledDevice): no import of db here. */
export interface SigningTablet {
  role?: DeviceRole;
  token: string;
}

/** The sign-in of Beheer or a report page. */
export interface TokenSignIn {
  token?: string;
  signIn: (token: string) => void;
  /** forgets a typed token; undefined on a coordinator tablet signed in by itself (there is nothing to sign out of) */
  signOut?: () => void;
  /** the server refused the token (401): a typed one is forgotten, the tablet's own is not tried again on this page */
  refused: () => void;
  /**
   * the token is good, but not for this page (403: a municipality's token in Beheer): it is not used here again, and
   * kept for the pages it opens (the dashboard, in the same tab); another token typed here takes its place
   */
  notForThisPage: () => void;
}

/**
 * The token a page uses: one typed at its sign-in (`typedToken`), else a coordinator tablet's own. Beheer signed in
 * that way from the start; the report pages asked a coordinator on its tablet for a toegangscode it may never have had.
 */
export function useTokenSignIn(tablet: SigningTablet | undefined): TokenSignIn {
  const [typed, setTyped] = useState(typedToken.get());
  const [ownRefused, setOwnRefused] = useState(false);
  const [notHere, setNotHere] = useState<string | undefined>(undefined);
  const own = tablet?.role === 'coordinator' && !ownRefused ? tablet.token : undefined;
  const usableTyped = typed !== notHere ? typed : undefined;
  const forget = () => { typedToken.clear(); setTyped(undefined); };
  return {
    token: usableTyped ?? own,
    signIn: (token) => { typedToken.set(token); setTyped(token); setNotHere(undefined); },
    signOut: usableTyped ? forget : undefined,
    refused: () => (usableTyped ? forget() : setOwnRefused(true)),
    notForThisPage: () => (usableTyped ? setNotHere(usableTyped) : setOwnRefused(true)),
  };
}
