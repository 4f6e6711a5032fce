import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceRole } from '../shared/api';
import { focusMainHeading } from './heading-focus';
import type { ReportViewerRole } from '../shared/reports';

// One key for Beheer and the report pages (dashboard, Uren en drukte, jaarverslag): one sign-in serves all of them.
const TOKEN_KEY = 'ido-report-token';
// Who that token is (a report's `viewer`), asked at its sign-in; kept and forgotten with it. index.html's head script reads it too.
export const KIND_KEY = 'ido-report-token-kind';
const KIND_CHANGED = 'ido-report-token-kind';

/** A typed token lasts as long as the browser tab (a shared laptop or tablet forgets it when the tab closes). */
export const typedToken = {
  get: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  /** the token with who it is (undefined: the server could not say), both at once: the menu follows in the same render */
  set: (token: string, kind: ReportViewerRole | undefined): void => {
    sessionStorage.setItem(TOKEN_KEY, token);
    keepKind(kind);
  },
  clear: (): void => {
    sessionStorage.removeItem(TOKEN_KEY);
    keepKind(undefined);
  },
};

function keepKind(kind: ReportViewerRole | undefined): void {
  if ((sessionStorage.getItem(KIND_KEY) ?? undefined) === kind) return;
  if (kind) sessionStorage.setItem(KIND_KEY, kind);
  else sessionStorage.removeItem(KIND_KEY);
  dispatchEvent(new Event(KIND_CHANGED));
}

/**
 * Who a token is, as the server says (GET /report-locations' `viewer`): a feature's function, as ui reaches no server.
 * Undefined when the server cannot say (the token refused, no connection): the page that opens answers as it would.
 */
export type AskTokenKind = (token: string) => Promise<ReportViewerRole | undefined>;

/** Who the typed token is, as its sign-in learned (undefined: no typed token, or the server could not say); follows every change. */
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
  /**
   * who `token` is, known in the render that opens the page: a typed token's as its sign-in learned (undefined when the
   * server could not say), `device` for a coordinator tablet's own (the server's `viewer` for a tablet's token)
   */
  kind?: ReportViewerRole;
  signIn: (token: string) => void;
  /** a sign-in waits for the server to say who its token is (its button says "Inloggen…") */
  asking: boolean;
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
export function useTokenSignIn(tablet: SigningTablet | undefined, askKind: AskTokenKind): TokenSignIn {
  const [typed, setTyped] = useState(typedToken.get());
  const typedKind = useTypedTokenKind();
  const asking = useRef<string | undefined>(undefined);
  const [waiting, setWaiting] = useState(false);
  const [ownRefused, setOwnRefused] = useState(false);
  const [notHere, setNotHere] = useState<string | undefined>(undefined);
  // Where the focus was when a sign-in was taken (its button or field): the sign-in form goes with it, and the focus fell
  // to the body, where a screen reader said nothing of the page that came. It goes to that page's heading instead.
  const [signedIn, setSignedIn] = useState<{ from: Element | null }>();
  useEffect(() => (signedIn ? focusMainHeading(signedIn.from) : undefined), [signedIn]);
  const own = tablet?.role === 'coordinator' && !ownRefused ? tablet.token : undefined;
  const usableTyped = typed !== notHere ? typed : undefined;
  const forget = () => { typedToken.clear(); setTyped(undefined); };
  return {
    token: usableTyped ?? own,
    kind: usableTyped ? typedKind : own ? 'device' : undefined,
    // The page that opens and the laptop's menu (Beheer or not, App.tsx) change in one render, once the server said
    // who the token is: a menu that changed later by itself, as a report answered, moved under a finger.
    signIn: (token) => {
      asking.current = token;
      setWaiting(true);
      void askKind(token).then((kind) => {
        if (asking.current !== token) return; // another sign-in came after this one
        typedToken.set(token, kind);
        setTyped(token);
        setNotHere(undefined);
        setWaiting(false);
        setSignedIn({ from: document.activeElement });
      });
    },
    asking: waiting,
    signOut: usableTyped ? forget : undefined,
    refused: () => (usableTyped ? forget() : setOwnRefused(true)),
    notForThisPage: () => (usableTyped ? setNotHere(usableTyped) : setOwnRefused(true)),
  };
}
