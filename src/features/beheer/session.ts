import type { AdminMe } from '../../shared/admin-api';
import type { AdminError } from './api';

/** Who is signed in to beheer: the token every call sends, what the server said it is, and the way out. */
export interface AdminSession {
  token: string;
  me: AdminMe;
  /** the token was refused (401, a revoked tablet): back to the sign-in with the server's message */
  expire: (error: AdminError) => void;
}

// The same key as the dashboard's sign-in (reports/dashboard/api.ts): one sign-in serves both, for as long as the tab.
const TOKEN_KEY = 'ido-report-token';

/** A typed token lasts as long as the browser tab (a shared laptop forgets it when the tab closes). */
export const typedToken = {
  get: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};
