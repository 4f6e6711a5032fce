import { API_PREFIX } from '../../shared/api';
import type { RateLimitClass } from './request-limits';

/** "Do more hours bring more visitors?" (src/server/routes/hours-insight.ts): reports, class `reports` like the stats. */
export const HOURS_INSIGHT_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`GET ${API_PREFIX}/hours-effect`]: 'reports',
  [`GET ${API_PREFIX}/busy-hours`]: 'reports',
  [`GET ${API_PREFIX}/scenario-comparison`]: 'reports',
};
