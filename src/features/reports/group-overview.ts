import { GROUP_SESSION_KINDS, type GroupSession, type GroupSessionKind } from '../../shared/group-session';

/** The tablet's group sessions of a period, beside its one-to-one contacts. */
export interface GroupOverview {
  sessions: number;
  attendees: number;
  minutes: number;
  fromRisingTopic: number;
  byKind: { kind: GroupSessionKind; label: string; sessions: number; attendees: number }[];
}

/** Counts live group sessions and their attendees, in total and per kind (a tombstone never counts). */
export function computeGroupOverview(sessions: readonly GroupSession[]): GroupOverview {
  const live = sessions.filter((s) => !s.deleted);
  const byKind = (Object.keys(GROUP_SESSION_KINDS) as GroupSessionKind[]).map((kind) => {
    const ofKind = live.filter((s) => s.kind === kind);
    return { kind, label: GROUP_SESSION_KINDS[kind], sessions: ofKind.length, attendees: ofKind.reduce((sum, s) => sum + s.attendees, 0) };
  });
  return {
    sessions: live.length,
    attendees: live.reduce((sum, s) => sum + s.attendees, 0),
    minutes: live.reduce((sum, s) => sum + s.durationMinutes, 0),
    fromRisingTopic: live.filter((s) => s.fromRisingTopic).length,
    byKind,
  };
}
