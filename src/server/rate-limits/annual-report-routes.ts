import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

/** The annual report and its text (src/server/routes/annual-report.ts). */
export const ANNUAL_REPORT = `${API_PREFIX}/reports/annual`;
/** The national team's municipality tokens (src/server/routes/municipality-tokens.ts). */
export const MUNICIPALITY_TOKENS = `${API_PREFIX}/admin/municipality-tokens`;

/** The annual report counts as a report; municipality tokens are management. */
export const ANNUAL_REPORT_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`GET ${ANNUAL_REPORT}`]: 'reports',
  [`PUT ${ANNUAL_REPORT}/text`]: 'reports',
  [`GET ${MUNICIPALITY_TOKENS}`]: 'admin',
  [`POST ${MUNICIPALITY_TOKENS}`]: 'admin',
  [`POST ${MUNICIPALITY_TOKENS}/:id/revoke`]: 'admin',
};
