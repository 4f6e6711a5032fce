import { SCHEMA_VERSION } from '../../shared/codelists';
import { GROUP_SESSION_TYPE, type GroupSession, type GroupSessionKind } from '../../shared/group-session';

/** What the group-session form holds while staff fill it in: numbers as typed, so "tien" gets a clear error. */
export interface GroupDraft {
  id: string;
  locationId?: string;
  date: string;
  kind?: string;
  topics: string[];
  duration: string;
  attendees: string;
  partnerOrganisation?: string;
  fromRisingTopic: 'ja' | 'nee';
  note: string;
}

/** A fresh form: a new id, today, one hour, the given location. */
export function freshGroupDraft(today: string, locationId?: string): GroupDraft {
  return { id: crypto.randomUUID(), locationId, date: today, topics: [], duration: '60', attendees: '', fromRisingTopic: 'nee', note: '' };
}

/** The form's draft of a stored group session, to edit it. */
export function groupDraftOf(session: GroupSession): GroupDraft {
  return {
    id: session.id, locationId: session.locationId, date: session.date, kind: session.kind, topics: [...session.topics],
    duration: String(session.durationMinutes), attendees: String(session.attendees), partnerOrganisation: session.partnerOrganisation,
    fromRisingTopic: session.fromRisingTopic ? 'ja' : 'nee', note: session.note ?? '',
  };
}

/** A whole number as typed, or NaN (so the shared validation says "a whole number"); empty is undefined. */
function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The record the form's draft makes; validateGroupSession decides whether it may be saved. */
export function draftToGroupSession(draft: GroupDraft, device: { deviceId: string; organisationId: string }): GroupSession {
  const note = draft.note.trim();
  return {
    recordType: GROUP_SESSION_TYPE,
    id: draft.id,
    revision: 1,
    schemaVersion: SCHEMA_VERSION,
    deviceId: device.deviceId,
    organisationId: device.organisationId,
    locationId: draft.locationId ?? '',
    date: draft.date,
    durationMinutes: wholeNumber(draft.duration) as number,
    topics: draft.topics,
    kind: draft.kind as GroupSessionKind,
    ...(draft.partnerOrganisation ? { partnerOrganisation: draft.partnerOrganisation } : {}),
    attendees: wholeNumber(draft.attendees) as number,
    fromRisingTopic: draft.fromRisingTopic === 'ja',
    ...(note ? { note } : {}),
    deleted: false,
  };
}
