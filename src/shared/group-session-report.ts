import { API_PREFIX } from './api';
import type { GroupSessionKind } from './group-session';

/** GET /group-sessions/summary: group sessions beside the one-to-one contacts (docs/ingest-api.md, "Group sessions"). */
export interface GroupSessionSummary {
  totals: { sessions: number; attendees: number; minutes: number; fromRisingTopic: number };
  byKind: { kind: GroupSessionKind; label: string; sessions: number; attendees: number }[];
}

export const GROUP_SESSIONS_SUMMARY_PATH = `${API_PREFIX}/group-sessions/summary`;
export const GROUP_SESSIONS_CSV_PATH = `${API_PREFIX}/group-sessions.csv`;
