import type { AdminMe } from '../../shared/admin-api';
import type { AdminError } from './api';

/** Who is signed in to beheer: the token every call sends, what the server said it is, and the way out. */
export interface AdminSession {
  token: string;
  me: AdminMe;
  /** the token was refused (401, a revoked tablet): back to the sign-in with the server's message */
  expire: (error: AdminError) => void;
}
