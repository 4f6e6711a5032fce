import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

/** The kaart inbox of an organisation, and of the national entries (src/server/routes/kaart-inbox.ts). */
export const KAART_INBOX = `${API_PREFIX}/admin/organisations/:organisationId/kaart-inbox`;
export const NATIONAL_KAART_INBOX = `${API_PREFIX}/admin/kaart-inbox`;

/** The kaart inbox's routes: management, class `admin`. */
export const KAART_INBOX_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`GET ${KAART_INBOX}/feedback`]: 'admin',
  [`POST ${KAART_INBOX}/feedback/:id/resolve`]: 'admin',
  [`GET ${KAART_INBOX}/passed-on`]: 'admin',
  [`GET ${KAART_INBOX}/unchecked`]: 'admin',
  [`POST ${KAART_INBOX}/services/:id/assure`]: 'admin',
  [`GET ${NATIONAL_KAART_INBOX}/feedback`]: 'admin',
  [`POST ${NATIONAL_KAART_INBOX}/feedback/:id/resolve`]: 'admin',
  [`GET ${NATIONAL_KAART_INBOX}/unchecked`]: 'admin',
  [`POST ${NATIONAL_KAART_INBOX}/services/:id/assure`]: 'admin',
};
