import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

const ADMIN = `${API_PREFIX}/admin`;
const ORG = `${ADMIN}/organisations/:organisationId`;

/** The management routes (src/server/routes/admin.ts) and their class: audit CSV downloads count as exports. */
export const ADMIN_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`GET ${ADMIN}/me`]: 'admin',
  [`GET ${ADMIN}/organisations`]: 'admin',
  [`POST ${ADMIN}/organisations`]: 'admin',
  [`PATCH ${ORG}`]: 'admin',
  [`POST ${ORG}/deactivate`]: 'admin',
  [`POST ${ORG}/reactivate`]: 'admin',
  [`GET ${ORG}/locations`]: 'admin',
  [`POST ${ORG}/locations`]: 'admin',
  [`PATCH ${ORG}/locations/:id`]: 'admin',
  [`POST ${ORG}/locations/:id/close`]: 'admin',
  [`GET ${ORG}/codes`]: 'admin',
  [`POST ${ORG}/codes`]: 'admin',
  [`POST ${ORG}/codes/:id/revoke`]: 'admin',
  [`GET ${ORG}/devices`]: 'admin',
  [`PATCH ${ORG}/devices/:id`]: 'admin',
  [`POST ${ORG}/devices/:id/revoke`]: 'admin',
  [`GET ${ORG}/tokens`]: 'admin',
  [`POST ${ORG}/tokens`]: 'admin',
  [`POST ${ORG}/tokens/:id/revoke`]: 'admin',
  [`GET ${ADMIN}/national-tokens`]: 'admin',
  [`POST ${ADMIN}/national-tokens`]: 'admin',
  [`POST ${ADMIN}/national-tokens/:id/revoke`]: 'admin',
  [`POST ${ADMIN}/municipalities`]: 'admin',
  [`GET ${ADMIN}/audit`]: 'admin',
  [`GET ${ORG}/audit`]: 'admin',
  [`GET ${ADMIN}/audit.csv`]: 'export',
  [`GET ${ORG}/audit.csv`]: 'export',
};
