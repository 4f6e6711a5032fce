import type { CheckedRecord, DeliveryCheckResult } from '../../shared/delivery-check';
import type { Queryable } from '../db/database';
import type { RegistrationOwner } from './registration-store';

/**
 * Answers a tablet's delivery check in one read-only query. `missing` only when the server stores nothing
 * under the id, or a lower revision that this tablet owns (ownsRegistration's rule: same organisation, and
 * this tablet or a revoked one). An id stored for anyone else is `held`: the answer says nothing about
 * another owner's record, and a resend would only get `id_in_use`.
 */
export async function checkDelivered(db: Queryable, records: readonly CheckedRecord[], owner: RegistrationOwner): Promise<DeliveryCheckResult[]> {
  if (records.length === 0) return [];
  const asked = records.map((record, index) => ({ i: index, id: record.id, revision: record.revision }));
  const rows = await db.query<{ i: number; missing: boolean }>(
    `SELECT q.i, (r.id IS NULL OR (
              r.revision < q.revision
              AND r.organisation_id = $2::uuid
              AND (r.device_id = $3::uuid OR EXISTS (SELECT 1 FROM devices d WHERE d.id = r.device_id AND d.revoked_at IS NOT NULL))
            )) AS missing
     FROM jsonb_to_recordset($1::text::jsonb) AS q(i integer, id uuid, revision integer)
     LEFT JOIN registrations r ON r.id = q.id
     ORDER BY q.i`,
    [JSON.stringify(asked), owner.organisationId, owner.deviceId],
  );
  const missing = new Set(rows.filter((row) => row.missing).map((row) => Number(row.i)));
  return records.map((record, index) => ({ id: record.id, status: missing.has(index) ? 'missing' : 'held' }));
}
