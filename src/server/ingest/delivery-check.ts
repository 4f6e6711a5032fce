import { type CheckedRecord, type DayCheckResult, type DayDigest, dayDigest, type DeliveryCheckResult } from '../../shared/delivery-check';
import type { Queryable } from '../db/database';
import type { RegistrationOwner } from './registration-store';

/**
 * Answers a tablet's delivery check in one read-only query, over registrations and group sessions (one id
 * space). `missing` only when the server stores nothing
 * under the id, or a lower revision that this tablet owns (ownsRegistration's rule: same organisation, and
 * this tablet or a revoked one). An id stored for anyone else is `held`: the answer says nothing about
 * another owner's record, and a resend would only get `id_in_use`.
 */
export async function checkDelivered(db: Queryable, records: readonly CheckedRecord[], owner: RegistrationOwner): Promise<DeliveryCheckResult[]> {
  if (records.length === 0) return [];
  const asked = records.map((record, index) => ({ i: index, id: record.id, revision: record.revision }));
  // A registration or a group session: one id space (id_in_use across both), so at most one of the two joins finds a row.
  const rows = await db.query<{ i: number; missing: boolean }>(
    `SELECT q.i, CASE
              WHEN r.id IS NOT NULL THEN r.revision < q.revision AND r.organisation_id = $2::uuid
                AND (r.device_id = $3::uuid OR EXISTS (SELECT 1 FROM devices d WHERE d.id = r.device_id AND d.revoked_at IS NOT NULL))
              WHEN g.id IS NOT NULL THEN g.revision < q.revision AND g.organisation_id = $2::uuid
                AND (g.device_id = $3::uuid OR EXISTS (SELECT 1 FROM devices d WHERE d.id = g.device_id AND d.revoked_at IS NOT NULL))
              ELSE true
            END AS missing
     FROM jsonb_to_recordset($1::text::jsonb) AS q(i integer, id uuid, revision integer)
     LEFT JOIN registrations r ON r.id = q.id
     LEFT JOIN group_sessions g ON g.id = q.id
     ORDER BY q.i`,
    [JSON.stringify(asked), owner.organisationId, owner.deviceId],
  );
  const missing = new Set(rows.filter((row) => row.missing).map((row) => Number(row.i)));
  return records.map((record, index) => ({ id: record.id, status: missing.has(index) ? 'missing' : 'held' }));
}

/**
 * Answers a tablet's day check in one read-only query: per asked day, `same` when this tablet's own rows
 * (registrations by their Amsterdam day, group sessions by their date)
 * (this device id, live or tombstone) whose Amsterdam day it is give the same count and dayDigest, else
 * `differs`. Only this device's rows count, not a revoked tablet's nor anyone else's: a day with such an
 * id differs, and the per-id check answers it (`held`) without saying anything about another's record.
 */
export async function checkDays(db: Queryable, days: readonly DayDigest[], owner: RegistrationOwner): Promise<DayCheckResult[]> {
  if (days.length === 0) return [];
  const sorted = days.map((d) => d.day).sort();
  // Registrations by the Amsterdam day they started, group sessions by their date: the tablet's `day` of each.
  const rows = await db.query<{ day: string; id: string; revision: number }>(
    `SELECT to_char((started_at AT TIME ZONE 'Europe/Amsterdam')::date, 'YYYY-MM-DD') AS day, id::text AS id, revision
     FROM registrations
     WHERE organisation_id = $1::uuid AND device_id = $2::uuid
       AND started_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
       AND started_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
       AND (started_at AT TIME ZONE 'Europe/Amsterdam')::date IN (SELECT jsonb_array_elements_text($5::text::jsonb)::date)
     UNION ALL
     SELECT to_char(session_date, 'YYYY-MM-DD'), id::text, revision
     FROM group_sessions
     WHERE organisation_id = $1::uuid AND device_id = $2::uuid
       AND session_date IN (SELECT jsonb_array_elements_text($5::text::jsonb)::date)`,
    [owner.organisationId, owner.deviceId, sorted[0], sorted[sorted.length - 1], JSON.stringify(sorted)],
  );
  const held = new Map<string, CheckedRecord[]>();
  for (const row of rows) {
    const list = held.get(row.day) ?? [];
    list.push({ id: row.id, revision: Number(row.revision) });
    held.set(row.day, list);
  }
  return Promise.all(days.map(async ({ day, count, digest }) => {
    const own = held.get(day) ?? [];
    const same = own.length === count && (await dayDigest(own)) === digest;
    return { day, status: same ? 'same' : 'differs' } satisfies DayCheckResult;
  }));
}
