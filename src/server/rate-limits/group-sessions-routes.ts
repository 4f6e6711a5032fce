import { GROUP_SESSIONS_CSV_PATH, GROUP_SESSIONS_SUMMARY_PATH } from '../../shared/group-session-report';
import type { RateLimitClass } from './request-limits';

/** Group sessions (src/server/routes/group-sessions.ts): the summary counts like stats, the CSV like export.csv. */
export const GROUP_SESSIONS_RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`GET ${GROUP_SESSIONS_SUMMARY_PATH}`]: 'reports',
  [`GET ${GROUP_SESSIONS_CSV_PATH}`]: 'export',
};
