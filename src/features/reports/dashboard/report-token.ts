import { useState } from 'preact/hooks';
import type { DeviceRole } from '../../../shared/api';
import { reportToken } from './api';

/** What a report page needs of this browser's tablet enrollment (db/types.ts, EnrolledDevice): no import of db here. */
export interface ReportTablet {
  role?: DeviceRole;
  token: string;
}

/** The sign-in of a report page (dashboard, Uren en drukte, jaarverslag). */
export interface ReportSignIn {
  token?: string;
  signIn: (token: string) => void;
  /** forgets a typed token; undefined on a coordinator tablet signed in by itself (there is nothing to sign out of) */
  signOut?: () => void;
  /** the server refused the token (401): a typed one is forgotten, the tablet's own is not tried again on this page */
  refused: () => void;
}

/**
 * The token a report page uses: one typed at its sign-in (kept for the browser tab, `reportToken`), else a coordinator
 * tablet's own, as Beheer signs in: the server shows a tablet its own organisation's figures. Before, a coordinator
 * on its tablet was asked for a toegangscode it may never have had, while Beheer on the same tablet needed none.
 */
export function useReportToken(device: ReportTablet | undefined): ReportSignIn {
  const [typed, setTyped] = useState(reportToken.get());
  const [ownRefused, setOwnRefused] = useState(false);
  const own = device?.role === 'coordinator' && !ownRefused ? device.token : undefined;
  const forget = () => { reportToken.clear(); setTyped(undefined); };
  return {
    token: typed ?? own,
    signIn: (token) => { reportToken.set(token); setTyped(token); },
    signOut: typed ? forget : undefined,
    refused: () => (typed ? forget() : setOwnRefused(true)),
  };
}
