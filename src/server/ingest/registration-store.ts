import type { Registration } from '../../shared/registration';
import type { Queryable } from '../db/database';

/** What the server keeps to judge a resend: the revision, content hash and owner (organisation and sending tablet) of a registration. */
export interface StoredRevision {
  revision: number;
  hash: string;
  organisationId: string;
  deviceId: string;
  /** the storing tablet was revoked: a re-enrolled tablet of the same organisation may carry its records on */
  deviceRevoked: boolean;
}

/** The tablet that writes: a registration belongs to the organisation and the device that first stored it. */
export interface RegistrationOwner {
  organisationId: string;
  deviceId: string;
}

/**
 * Whether a stored registration belongs to this writer: same organisation and same tablet, or a tablet of
 * the same organisation taking over from a revoked one (a tablet re-enrolled after it was revoked keeps its
 * records and their ids; see src/sync/enroll.ts).
 */
export function ownsRegistration(stored: StoredRevision, owner: RegistrationOwner): boolean {
  if (stored.organisationId !== owner.organisationId.toLowerCase()) return false;
  return stored.deviceId === owner.deviceId.toLowerCase() || stored.deviceRevoked;
}

/** Reads and row-locks the stored revisions of these ids (lower-case uuid → revision), in id order to avoid deadlocks. */
export async function lockStoredRevisions(tx: Queryable, ids: readonly string[]): Promise<Map<string, StoredRevision>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; revision: number; content_hash: string; organisation_id: string; device_id: string; device_revoked: boolean }>(
    `SELECT r.id::text AS id, r.revision, r.content_hash, r.organisation_id::text AS organisation_id, r.device_id::text AS device_id,
            EXISTS (SELECT 1 FROM devices d WHERE d.id = r.device_id AND d.revoked_at IS NOT NULL) AS device_revoked
     FROM registrations r
     WHERE r.id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid) ORDER BY r.id FOR UPDATE OF r`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((row) => [row.id, {
    revision: row.revision, hash: row.content_hash, organisationId: row.organisation_id, deviceId: row.device_id, deviceRevoked: row.device_revoked,
  }]));
}

/**
 * Inserts new registrations and replaces stored ones of a lower revision that belong to `owner`; returns
 * the ids (lower case) actually written. An id missing from the answer was stored meanwhile by another
 * transaction, with an equal or higher revision or for another owner. `device_id` is the sending tablet.
 */
export async function upsertRegistrations(tx: Queryable, entries: readonly { record: Registration; hash: string }[], batchId: string, owner: RegistrationOwner): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = entries.map(({ record, hash }) => ({
    id: record.id,
    revision: record.revision,
    content_hash: hash,
    organisation_id: record.organisationId,
    device_id: owner.deviceId,
    location_id: record.locationId,
    scenario: record.scenario,
    channel: record.channel,
    staff_role: record.staffRole,
    partner_organisation: record.partnerOrganisation ?? null,
    // The instant, not the text: PostgreSQL and Date.parse differ on odd dates.
    started_at: new Date(Date.parse(record.startedAt)).toISOString(),
    duration_minutes: record.durationMinutes,
    consent_for_referral: record.consentForReferral,
    deleted: record.deleted,
    schema_version: record.schemaVersion,
    record,
  }));
  const written = await tx.query<{ id: string }>(
    `INSERT INTO registrations (id, revision, content_hash, organisation_id, device_id, location_id, scenario, channel,
       staff_role, partner_organisation, started_at, duration_minutes, consent_for_referral, deleted, schema_version, record, batch_id)
     SELECT r.*, $2::uuid FROM jsonb_to_recordset($1::text::jsonb) AS r(id uuid, revision integer, content_hash text,
       organisation_id uuid, device_id uuid, location_id text, scenario text, channel text, staff_role text,
       partner_organisation text, started_at timestamptz, duration_minutes integer, consent_for_referral boolean,
       deleted boolean, schema_version text, record jsonb)
     ORDER BY r.id
     ON CONFLICT (id) DO UPDATE SET
       revision = EXCLUDED.revision, content_hash = EXCLUDED.content_hash, organisation_id = EXCLUDED.organisation_id,
       device_id = EXCLUDED.device_id, location_id = EXCLUDED.location_id, scenario = EXCLUDED.scenario,
       channel = EXCLUDED.channel, staff_role = EXCLUDED.staff_role, partner_organisation = EXCLUDED.partner_organisation,
       started_at = EXCLUDED.started_at, duration_minutes = EXCLUDED.duration_minutes,
       consent_for_referral = EXCLUDED.consent_for_referral, deleted = EXCLUDED.deleted,
       schema_version = EXCLUDED.schema_version, record = EXCLUDED.record, batch_id = EXCLUDED.batch_id, received_at = now()
     WHERE registrations.revision < EXCLUDED.revision
       -- under the row lock: never another owner's row, also one a concurrent transaction inserted meanwhile
       AND registrations.organisation_id = $3::uuid
       AND (registrations.device_id = $4::uuid
            OR EXISTS (SELECT 1 FROM devices d WHERE d.id = registrations.device_id AND d.revoked_at IS NOT NULL))
     RETURNING id::text AS id`,
    [JSON.stringify(rows), batchId, owner.organisationId, owner.deviceId],
  );
  return new Set(written.map((row) => row.id));
}

/** Removes the question rows of these registrations (before a new revision's rows, or for a tombstone). */
export async function deleteQuestions(tx: Queryable, registrationIds: readonly string[]): Promise<void> {
  if (registrationIds.length === 0) return;
  await tx.query('DELETE FROM questions WHERE registration_id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)', [JSON.stringify(registrationIds)]);
}

/** Writes one row per question, with the contact's organisation, location, time, scenario, channel and role copied for reports. */
export async function insertQuestions(tx: Queryable, records: readonly Registration[]): Promise<void> {
  const rows = records.flatMap((record) =>
    record.questions.map((question, index) => ({
      registration_id: record.id,
      index,
      organisation_id: record.organisationId,
      location_id: record.locationId,
      started_at: new Date(Date.parse(record.startedAt)).toISOString(),
      scenario: record.scenario,
      channel: record.channel,
      staff_role: record.staffRole,
      category: question.category,
      topics: question.topics,
      government_organisations: question.governmentOrganisations ?? [],
      digid_follow_up: question.digidFollowUp ?? null,
      help: question.help,
      referral_kind: question.referral?.kind ?? null,
      referral_service_id: question.referral?.serviceId ?? null,
      referral_organisation: question.referral?.organisation ?? null,
      referral_consent: question.referral?.consent ?? null,
      resolved: question.resolved,
      other_text: question.otherText ?? null,
    })),
  );
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO questions (registration_id, index, organisation_id, location_id, started_at, category, topics,
       government_organisations, digid_follow_up, help, referral_kind, referral_service_id, referral_organisation,
       referral_consent, resolved, other_text, scenario, channel, staff_role)
     SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS q(registration_id uuid, index smallint, organisation_id uuid,
       location_id text, started_at timestamptz, category text, topics text[], government_organisations text[],
       digid_follow_up text, help text[], referral_kind text, referral_service_id text, referral_organisation text,
       referral_consent boolean, resolved text, other_text text, scenario text, channel text, staff_role text)`,
    [JSON.stringify(rows)],
  );
}
