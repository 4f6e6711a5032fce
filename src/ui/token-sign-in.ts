import { useState } from 'preact/hooks';
import type { DeviceRole } from '../shared/api';

// One key for Beheer and the report pages (dashboard, Uren en drukte, jaarverslag): one sign-in serves all of them.
const TOKEN_KEY = 'ido-report-token';

/** A typed token lasts as long as the browser tab (a shared laptop or tablet forgets it when the tab closes). */
export const typedToken = {
  get: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

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
