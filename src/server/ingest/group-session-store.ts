import type { GroupSession } from '../../shared/group-session';
import { preparedSql, type PreparedSql, type Queryable } from '../db/database';
import { lockRevisions, ownedRow, type RegistrationOwner, type StoredRevision } from './revisions';

// Prepared once per connection (database.ts): the statements of a batch with group sessions.
/** Which of the ids (`$1`, a JSON array) the table holds: registrations and group sessions share one id space. */
const idsTakenSql = (table: 'registrations' | 'group_sessions') =>
  preparedSql(`SELECT id::text AS id FROM ${table} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)`);
const REGISTRATION_IDS_TAKEN = idsTakenSql('registrations');
const GROUP_SESSION_IDS_TAKEN = idsTakenSql('group_sessions');
const UPSERT_GROUP_SESSIONS = preparedSql(
  `INSERT INTO group_sessions (id, revision, content_hash, organisation_id, device_id, location_id, session_date, duration_minutes,
     topics, kind, partner_organisation, attendees, from_rising_topic, note, deleted, schema_version, record, batch_id)
   SELECT g.*, $2::uuid FROM jsonb_to_recordset($1::text::jsonb) AS g(id uuid, revision integer, content_hash text,
     organisation_id uuid, device_id uuid, location_id text, session_date date, duration_minutes integer, topics text[],
     kind text, partner_organisation text, attendees integer, from_rising_topic boolean, note text, deleted boolean,
     schema_version text, record jsonb)
   ORDER BY g.id
   ON CONFLICT (id) DO UPDATE SET
     revision = EXCLUDED.revision, content_hash = EXCLUDED.content_hash, location_id = EXCLUDED.location_id,
     device_id = EXCLUDED.device_id, session_date = EXCLUDED.session_date, duration_minutes = EXCLUDED.duration_minutes,
     topics = EXCLUDED.topics, kind = EXCLUDED.kind, partner_organisation = EXCLUDED.partner_organisation,
     attendees = EXCLUDED.attendees, from_rising_topic = EXCLUDED.from_rising_topic, note = EXCLUDED.note,
     deleted = EXCLUDED.deleted, schema_version = EXCLUDED.schema_version, record = EXCLUDED.record,
     batch_id = EXCLUDED.batch_id, received_at = now()
   WHERE group_sessions.revision < EXCLUDED.revision
     AND group_sessions.organisation_id = $3::uuid
     AND (group_sessions.device_id = $4::uuid
          OR EXISTS (SELECT 1 FROM devices d WHERE d.id = group_sessions.device_id AND d.revoked_at IS NOT NULL))
   RETURNING id::text AS id`,
);

/**
 * Reads and row-locks the stored revisions of these group-session ids, in id order. An id a registration
 * already holds is returned as owned by nobody, so it gets the neutral `id_in_use`.
 */
export async function lockStoredGroupSessions(tx: Queryable, ids: readonly string[]): Promise<Map<string, StoredRevision>> {
  if (ids.length === 0) return new Map();
  const stored = await lockRevisions(tx, 'group_sessions', ids);
  await markTaken(tx, REGISTRATION_IDS_TAKEN, stored, ids);
  return stored;
}

/** Adds the ids the other table holds to `stored` as nobody's, so they get the neutral `id_in_use`. */
async function markTaken(tx: Queryable, statement: PreparedSql, stored: Map<string, StoredRevision>, ids: readonly string[]): Promise<void> {
  const taken = await tx.query<{ id: string }>(statement, [JSON.stringify(ids)]);
  for (const { id } of taken) stored.set(id, { revision: 0, hash: '', organisationId: '', deviceId: '', deviceRevoked: false });
}

/**
 * Inserts new group sessions and replaces stored ones of a lower revision that belong to `owner`; returns the
 * ids (lower case) actually written. A missing id was stored meanwhile by another transaction.
 */
export async function upsertGroupSessions(tx: Queryable, entries: readonly { record: GroupSession; hash: string }[], batchId: string, owner: RegistrationOwner): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = entries.map(({ record, hash }) => ownedRow(record, hash, owner, {
    session_date: record.date,
    duration_minutes: record.durationMinutes,
    topics: record.topics,
    kind: record.kind,
    partner_organisation: record.partnerOrganisation ?? null,
    attendees: record.attendees,
    from_rising_topic: record.fromRisingTopic,
    note: record.note ?? null,
    deleted: record.deleted,
    schema_version: record.schemaVersion,
    record,
  }));
  const written = await tx.query<{ id: string }>(UPSERT_GROUP_SESSIONS, [JSON.stringify(rows), batchId, owner.organisationId, owner.deviceId]);
  return new Set(written.map((row) => row.id));
}

/** Registration ids a group session already holds: the registration path answers them `id_in_use` (added to `stored` as nobody's). */
export async function markGroupSessionIds(tx: Queryable, stored: Map<string, StoredRevision>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await markTaken(tx, GROUP_SESSION_IDS_TAKEN, stored, ids);
}
