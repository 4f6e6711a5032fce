import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The signed-in dashboard: its token, and the one way out when the server no longer knows it (401). */
export interface ReportSession {
  token: string;
  /** forgets the token and shows the sign-in with this message */
  expire: (message: string) => void;
  /** no answer from the server at all (offline): the shell says so once, instead of every view */
  lostConnection?: () => void;
}

export const ReportSessionContext = createContext<ReportSession | undefined>(undefined);

/** The session of the dashboard shell around this view. */
export function useReportSession(): ReportSession {
  const session = useContext(ReportSessionContext);
  if (!session) throw new Error('useReportSession outside the dashboard');
  return session;
}
