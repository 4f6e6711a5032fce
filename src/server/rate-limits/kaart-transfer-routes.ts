import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

/** The sociale kaart in and out: an organisation's, and the national entries' (src/server/routes/kaart-transfer.ts). */
export const KAART_TRANSFER = `${API_PREFIX}/admin/organisations/:organisationId`;
export const NATIONAL_KAART_TRANSFER = `${API_PREFIX}/admin`;

/** Heavy (a whole kaart read or written): class `export`, a few a minute. */
export const KAART_TRANSFER_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`POST ${KAART_TRANSFER}/kaart-import`]: 'export',
  [`GET ${KAART_TRANSFER}/kaart-export`]: 'export',
  [`POST ${NATIONAL_KAART_TRANSFER}/kaart-import`]: 'export',
  [`GET ${NATIONAL_KAART_TRANSFER}/kaart-export`]: 'export',
};
