import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

/** The Snelwijzer cards of an organisation, and the national ones (src/server/routes/snelwijzer.ts). */
export const SNELWIJZER = `${API_PREFIX}/admin/organisations/:organisationId/snelwijzer`;
export const NATIONAL_SNELWIJZER = `${API_PREFIX}/admin/snelwijzer`;

/** The Snelwijzer's management routes: class `admin`. */
export const SNELWIJZER_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = Object.fromEntries(
  [SNELWIJZER, NATIONAL_SNELWIJZER].flatMap((base) => [
    [`GET ${base}`, 'admin'],
    [`POST ${base}`, 'admin'],
    [`GET ${base}/partners`, 'admin'],
    [`PUT ${base}/:id`, 'admin'],
    [`POST ${base}/:id/delete`, 'admin'],
  ]).concat([[`POST ${SNELWIJZER}/:id/copy`, 'admin']]),
);
