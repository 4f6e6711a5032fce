import { feedbackResolutions, type FeedbackResolution, type InboxFeedback, NATIONAL_RESOLUTIONS, type NationalFeedback, type NationalResolution, type PassedOnReport, type ResolvedFeedback, type UncheckedService } from '../../shared/kaart-inbox';
import { amsterdamDay } from '../../shared/time';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ApiError } from '../errors';
import { applyKaartChanges, type KaartActor } from '../kaart/apply';
import { findKaartRecords, lockKaartWrites, type StoredKaartRecord, writeKaartRecords } from '../kaart/store';
import { isUuid } from '../../shared/ids';
import { type Actor, auditActorKind, kaartUpdatedBy, notFound, organisationInScope, requireNational } from './actor';
import { appendAudit } from './audit';

/**
 * The kaart inbox (docs/admin-api.md, "Kaart-inbox"): open "Klopt niet" reports with "aangepast" / "klopt wel",
 * and services whose last check (`assured_date`) is older than six months, with "gecontroleerd vandaag".
 * Both write ordinary kaart changes (a new version and change number), so tablets get them at their next kaart pull.
 */

export { FEEDBACK_RESOLUTIONS, NATIONAL_RESOLUTIONS } from '../../shared/kaart-inbox';

/** At most this many rows per list: an inbox is read by a person, oldest first. */
export const INBOX_LIMIT = 500;

/** The day before which a check counts as old: six months before today in Amsterdam (as the tablet's entry warns). */
export function uncheckedBefore(now = new Date()): string {
  const limit = new Date(`${amsterdamDay(now)}T00:00:00Z`);
  limit.setUTCMonth(limit.getUTCMonth() - 6);
  return limit.toISOString().slice(0, 10);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;

/** A report as the inbox reads it: the feedback record, its service and kaart organization, the tablet that wrote it. */
type ReportRow = {
  id: string; version: string; data: unknown; service_id: string | null; service_data: unknown; service_deleted: boolean | null; service_scope: string | null;
  organization_id: string | null; organization_data: unknown; device_id: string | null; device_label: string | null;
};

/** The columns and joins of ReportRow, for `FROM kaart_records f` (a feedback record). */
const REPORT_COLUMNS = `f.id::text AS id, f.version::text AS version, f.data,
       s.id::text AS service_id, s.data AS service_data, s.deleted AS service_deleted, s.scope::text AS service_scope,
       o.id::text AS organization_id, o.data AS organization_data, d.id::text AS device_id, d.label AS device_label`;
const REPORT_JOINS = `LEFT JOIN kaart_records s ON s.entity = 'service' AND s.id = (f.data->>'service_id')::uuid
     LEFT JOIN kaart_records o ON o.entity = 'organization' AND o.id = (s.data->>'organization_id')::uuid
     LEFT JOIN devices d ON f.updated_by LIKE 'device:%' AND d.id::text = substr(f.updated_by, 8) AND d.organisation_id = f.scope`;

function toReport(row: ReportRow, nationalTeam: boolean): InboxFeedback {
  const data = json(row.data) ?? {};
  const service = json(row.service_data);
  const about = { id: row.service_id ?? text(data.service_id), name: text(service?.name), deleted: row.service_deleted ?? true, national: row.service_id !== null && row.service_scope === null };
  return {
    id: row.id, version: Number(row.version), note: text(data.note), createdAt: text(data.created_at), service: about,
    organization: row.organization_id ? { id: row.organization_id, name: text(json(row.organization_data)?.name) } : null,
    device: row.device_id ? { id: row.device_id, label: row.device_label ?? '' } : null,
    resolutions: feedbackResolutions(nationalTeam, about),
  };
}

/** When the tablet wrote a report, for sorting: the texts may carry different offsets. */
const reportTime = (report: InboxFeedback) => Date.parse(report.createdAt) || 0;

/** The organisation's open reports, oldest first. */
export async function listOpenFeedback(db: Database, actor: Actor, organisation: unknown): Promise<InboxFeedback[]> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const rows = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS}
     FROM kaart_records f
     ${REPORT_JOINS}
     WHERE f.entity = 'feedback' AND f.scope = $1::uuid AND NOT f.deleted AND f.data->'resolved' IS DISTINCT FROM 'true'::jsonb
     ORDER BY f.change_seq LIMIT $2`,
    [organisationId, INBOX_LIMIT],
  );
  // The tablet's clock says when: sorted here, as the texts may carry different offsets.
  return rows.map((row) => toReport(row, actor.kind === 'national')).sort((a, b) => reportTime(a) - reportTime(b));
}

/**
 * The national team's list, from every organisation, oldest report first: the open reports about live national entries
 * (only the national team can change those; the organisation's coordinator sees them too, and may still pass them on),
 * and the reports about national entries that coordinators passed on ("doorgegeven") and the national team has not
 * closed yet. A report about an organisation's own entry is never on it.
 */
export async function listNationalFeedback(db: Database, actor: Actor): Promise<NationalFeedback[]> {
  requireNational(actor);
  type Row = ReportRow & { reported_by_id: string; reported_by_name: string };
  const open = await db.query<Row>(
    `SELECT ${REPORT_COLUMNS}, g.id::text AS reported_by_id, g.name AS reported_by_name
     FROM kaart_records f
     JOIN organisations g ON g.id = f.scope
     ${REPORT_JOINS}
     WHERE f.entity = 'feedback' AND NOT f.deleted AND f.data->'resolved' IS DISTINCT FROM 'true'::jsonb
       AND s.id IS NOT NULL AND s.scope IS NULL AND NOT s.deleted
     ORDER BY f.change_seq LIMIT $1`,
    [INBOX_LIMIT],
  );
  const passed = await db.query<Row & { passed_on_at: Date }>(
    `SELECT ${REPORT_COLUMNS}, r.resolved_at AS passed_on_at, g.id::text AS reported_by_id, g.name AS reported_by_name
     FROM kaart_feedback_resolutions r
     JOIN organisations g ON g.id = r.organisation_id
     JOIN kaart_records f ON f.entity = 'feedback' AND f.id = r.feedback_id AND NOT f.deleted
     ${REPORT_JOINS}
     WHERE r.resolution = 'doorgegeven' AND r.national_resolution IS NULL
     ORDER BY r.resolved_at, r.feedback_id LIMIT $1`,
    [INBOX_LIMIT],
  );
  const reportedBy = (row: Row) => ({ id: row.reported_by_id, name: row.reported_by_name });
  const reports: NationalFeedback[] = [
    ...open.map((row) => ({ ...toReport(row, true), reportedBy: reportedBy(row), passedOn: null })),
    // No tablet: the record's last writer is now whoever passed it on, not the tablet that wrote it.
    ...passed.map((row) => ({
      ...toReport(row, true), device: null, resolutions: [...NATIONAL_RESOLUTIONS], reportedBy: reportedBy(row),
      passedOn: { at: new Date(row.passed_on_at).toISOString(), organisation: reportedBy(row) },
    })),
  ];
  return reports.sort((a, b) => reportTime(a) - reportTime(b)).slice(0, INBOX_LIMIT);
}

/** The coordinator's list of what it passed on: the last PASSED_ON_DAYS days, newest first, at most PASSED_ON_LIMIT. */
export const PASSED_ON_DAYS = 90;
export const PASSED_ON_LIMIT = 100;

/**
 * The organisation's reports about national entries at the national team in the last 90 days, newest first: those it
 * passed on ("doorgegeven"), each with the national team's answer when it has one, and those the national team closed
 * itself before anyone passed them on (`passedOnAt` null); a report deleted since is left out.
 */
export async function listPassedOnReports(db: Database, actor: Actor, organisation: unknown, now = new Date()): Promise<PassedOnReport[]> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const since = new Date(now.getTime() - PASSED_ON_DAYS * 86_400_000).toISOString();
  const rows = await db.query<{
    id: string; data: unknown; service_id: string | null; service_data: unknown; service_deleted: boolean | null;
    resolution: FeedbackResolution; passed_on_at: Date; national_resolution: NationalResolution | null; national_resolved_at: Date | null;
  }>(
    `SELECT f.id::text AS id, f.data, s.id::text AS service_id, s.data AS service_data, s.deleted AS service_deleted,
            r.resolution, r.resolved_at AS passed_on_at, r.national_resolution, r.national_resolved_at
     FROM kaart_feedback_resolutions r
     JOIN kaart_records f ON f.entity = 'feedback' AND f.id = r.feedback_id AND f.scope = r.organisation_id AND NOT f.deleted
     LEFT JOIN kaart_records s ON s.entity = 'service' AND s.id = (f.data->>'service_id')::uuid
     WHERE r.organisation_id = $1::uuid AND (r.resolution = 'doorgegeven' OR r.national_resolution IS NOT NULL) AND r.resolved_at >= $2::timestamptz
     ORDER BY r.resolved_at DESC, r.feedback_id LIMIT $3`,
    [organisationId, since, PASSED_ON_LIMIT],
  );
  return rows.map((row) => {
    const data = json(row.data) ?? {};
    return {
      id: row.id, note: text(data.note),
      service: { id: row.service_id ?? text(data.service_id), name: text(json(row.service_data)?.name), deleted: row.service_deleted ?? true },
      passedOnAt: row.resolution === 'doorgegeven' ? new Date(row.passed_on_at).toISOString() : null,
      national: row.national_resolution && row.national_resolved_at
        ? { resolution: row.national_resolution, at: new Date(row.national_resolved_at).toISOString() } : null,
    };
  });
}

/**
 * The national team closes a report of its list. One a coordinator passed on: the national team's answer is kept beside
 * the coordinator's "doorgegeven" (the tablets' record was closed then and does not change again). One still open about
 * a live national entry: closed as its coordinator would close it (closeReport), so the organisation's tablets pull
 * `resolved`. Any other report (about an organisation's own entry, deleted since, unknown): 404, as an unknown one;
 * one closed already: 400.
 */
export async function resolveNationalFeedback(db: Database, actor: Actor, id: unknown, resolution: NationalResolution): Promise<ResolvedFeedback> {
  requireNational(actor);
  if (!isUuid(id)) throw notFound('Deze melding');
  return writeTransaction(db, async (tx) => {
    // Before any read: a coordinator (or a coordinator tablet) closing the same report waits for this, or this for it.
    await lockKaartWrites(tx);
    const [passed] = await tx.query<{ feedback_id: string; organisation_id: string; national_resolution: string | null; version: string }>(
      `SELECT r.feedback_id::text AS feedback_id, r.organisation_id::text AS organisation_id, r.national_resolution, f.version::text AS version
       FROM kaart_feedback_resolutions r
       JOIN kaart_records f ON f.entity = 'feedback' AND f.id = r.feedback_id AND NOT f.deleted
       WHERE r.feedback_id = $1::uuid AND r.resolution = 'doorgegeven' FOR UPDATE OF r`,
      [id.toLowerCase()],
    );
    if (!passed) {
      const [stored] = await findKaartRecords(tx, [{ entity: 'feedback', id: id.toLowerCase() }], true);
      if (!stored || stored.deleted || stored.scope === null) throw notFound('Deze melding');
      const about = await reportedService(tx, stored.data);
      if (!about.national || about.deleted) throw notFound('Deze melding');
      if (stored.data.resolved === true) throw alreadyClosed();
      return closeReport(tx, actor, stored, stored.scope, resolution, true);
    }
    if (passed.national_resolution !== null) throw alreadyClosed();
    const [row] = await tx.query<{ national_resolved_at: Date }>(
      `UPDATE kaart_feedback_resolutions SET national_resolution = $2, national_resolved_at = now(), national_resolved_by_id = $3
       WHERE feedback_id = $1::uuid RETURNING national_resolved_at`,
      [passed.feedback_id, resolution, actor.id],
    );
    await appendAudit(tx, actor, {
      organisationId: passed.organisation_id, action: 'kaart.feedback.resolve', target: passed.feedback_id,
      before: { nationalResolution: null }, after: { nationalResolution: resolution },
    });
    return { id: passed.feedback_id, version: Number(passed.version), resolution, resolvedAt: new Date(row.national_resolved_at).toISOString() };
  });
}

const alreadyClosed = () => new ApiError('invalid_request', {}, 'Deze melding is al afgehandeld. Er is niets veranderd.');

/** The service a report is about: national (only the national team changes it) or not, and whether it left the kaart. */
async function reportedService(tx: Queryable, report: Record<string, unknown>): Promise<{ national: boolean; deleted: boolean }> {
  const [service] = typeof report.service_id === 'string'
    ? await findKaartRecords(tx, [{ entity: 'service', id: report.service_id.toLowerCase() }], false) : [];
  return { national: service !== undefined && service.scope === null, deleted: service === undefined || service.deleted };
}

/** Closes an open report of the organisation: `resolved` becomes true for the tablets, the reason is kept beside it. */
export async function resolveFeedback(db: Database, actor: Actor, organisation: unknown, id: unknown, resolution: FeedbackResolution): Promise<ResolvedFeedback> {
  const organisationId = await organisationInScope(db, actor, organisation);
  if (!isUuid(id)) throw notFound('Deze melding');
  return writeTransaction(db, async (tx) => {
    await lockKaartWrites(tx);
    const [stored] = await findKaartRecords(tx, [{ entity: 'feedback', id: id.toLowerCase() }], true);
    if (!stored || stored.deleted || stored.scope !== organisationId) throw notFound('Deze melding');
    if (stored.data.resolved === true) throw alreadyClosed();
    const about = await reportedService(tx, stored.data);
    if (!feedbackResolutions(actor.kind === 'national', about).includes(resolution)) throw resolutionRefused(resolution);
    return closeReport(tx, actor, stored, organisationId, resolution, actor.kind === 'national' && about.national && !about.deleted);
  });
}

/**
 * Writes the closing of an open report (under lockKaartWrites): `resolved: true` as a new version the organisation's
 * tablets pull, the reason and who closed it beside it, and one audit row for the organisation. `nationalAnswer`: the
 * national team closed a report about a live national entry, kept as its answer too (`national_resolution`), so the
 * organisation reads it back in listPassedOnReports as for a report it passed on.
 */
async function closeReport(tx: Queryable, actor: Actor, stored: StoredKaartRecord, organisationId: string, resolution: FeedbackResolution, nationalAnswer: boolean): Promise<ResolvedFeedback> {
  // Written directly, not through applyKaartChanges: a report stays closable when its service was deleted meanwhile.
  const version = stored.version + 1;
  await writeKaartRecords(tx, [{ ...stored, version, data: { ...stored.data, resolved: true } }], kaartUpdatedBy(actor));
  const [row] = await tx.query<{ resolved_at: Date }>(
    `INSERT INTO kaart_feedback_resolutions (feedback_id, organisation_id, resolution, resolved_by_kind, resolved_by_id,
       national_resolution, national_resolved_at, national_resolved_by_id)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $7)
     ON CONFLICT (feedback_id) DO UPDATE SET resolution = EXCLUDED.resolution, resolved_at = now(),
       resolved_by_kind = EXCLUDED.resolved_by_kind, resolved_by_id = EXCLUDED.resolved_by_id,
       national_resolution = EXCLUDED.national_resolution, national_resolved_at = EXCLUDED.national_resolved_at,
       national_resolved_by_id = EXCLUDED.national_resolved_by_id
     RETURNING resolved_at`,
    [stored.id, organisationId, resolution, auditActorKind(actor), actor.id, nationalAnswer ? resolution : null, nationalAnswer ? actor.id : null],
  );
  await appendAudit(tx, actor, { organisationId, action: 'kaart.feedback.resolve', target: stored.id, before: { resolved: false }, after: { resolved: true, resolution } });
  return { id: stored.id, version, resolution, resolvedAt: new Date(row.resolved_at).toISOString() };
}

/** Why this report cannot be closed so: "aangepast" of a national entry by a coordinator, "doorgegeven" of an entry one can change oneself. */
function resolutionRefused(resolution: FeedbackResolution): ApiError {
  return resolution === 'aangepast'
    ? new ApiError('forbidden', {}, 'Dit is een landelijk gegeven: alleen het landelijk team kan het aanpassen. Kies "Doorgeven": dan komt de melding bij het landelijk team. Of kies "Klopt wel".')
    : new ApiError('invalid_request', {}, 'Deze dienst kunt u zelf aanpassen: kies "Aangepast" of "Klopt wel". Er is niets veranderd.');
}

async function readUnchecked(db: Queryable, scope: string | null, only: string | null, before: string | null): Promise<UncheckedService[]> {
  const rows = await db.query<{ id: string; version: string; data: unknown; organization_id: string | null; organization_data: unknown }>(
    `SELECT s.id::text AS id, s.version::text AS version, s.data, o.id::text AS organization_id, o.data AS organization_data
     FROM kaart_records s
     LEFT JOIN kaart_records o ON o.entity = 'organization' AND o.id = (s.data->>'organization_id')::uuid
     WHERE s.entity = 'service' AND NOT s.deleted AND s.scope IS NOT DISTINCT FROM $1::uuid
       AND ($2::uuid IS NULL OR s.id = $2::uuid)
       AND ($3::text IS NULL OR s.data->>'assured_date' IS NULL OR s.data->>'assured_date' < $3::text)
     ORDER BY s.data->>'assured_date' NULLS FIRST, s.data->>'name', s.id LIMIT $4`,
    [scope, only, before, INBOX_LIMIT],
  );
  return rows.map((row) => {
    const data = json(row.data) ?? {};
    return {
      id: row.id, version: Number(row.version), name: text(data.name), status: text(data.status),
      assuredDate: typeof data.assured_date === 'string' ? data.assured_date : null,
      organization: row.organization_id ? { id: row.organization_id, name: text(json(row.organization_data)?.name) } : null,
    };
  });
}

/**
 * The services of a scope whose last check is missing or older than six months, never-checked first, then oldest.
 * `organisation` null: the national entries (the route allows that for the national team only).
 */
export async function listUncheckedServices(db: Database, actor: Actor, organisation: unknown | null, now = new Date()): Promise<UncheckedService[]> {
  const scope = organisation === null ? null : await organisationInScope(db, actor, organisation);
  if (scope === null && actor.kind !== 'national') throw new ApiError('forbidden', {}, 'Dit kan alleen het landelijk team.');
  return readUnchecked(db, scope, null, uncheckedBefore(now));
}

/** "Gecontroleerd vandaag": sets a service's `assured_date` to today (Amsterdam) as an ordinary kaart change. */
export async function assureService(db: Database, actor: Actor, organisation: unknown | null, id: unknown, now = new Date()): Promise<UncheckedService> {
  const scope = organisation === null ? null : await organisationInScope(db, actor, organisation);
  if (scope === null && actor.kind !== 'national') throw new ApiError('forbidden', {}, 'Dit kan alleen het landelijk team.');
  if (!isUuid(id)) throw notFound('Deze dienst');
  const today = amsterdamDay(now);
  const serviceId = await writeTransaction(db, async (tx) => {
    await lockKaartWrites(tx);
    const [stored] = await findKaartRecords(tx, [{ entity: 'service', id: id.toLowerCase() }], true);
    if (!stored || stored.deleted || stored.scope !== scope) throw notFound('Deze dienst');
    const before = typeof stored.data.assured_date === 'string' ? stored.data.assured_date : null;
    if (before === today) return stored.id; // checked today already: nothing to change, nothing to log
    const [applied] = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: kaartUpdatedBy(actor) } satisfies KaartActor, [
      { entity: 'service', id: stored.id, baseVersion: stored.version, deleted: false, data: { ...stored.data, assured_date: today } },
    ]);
    if (applied.result.status !== 'applied') {
      throw new ApiError('invalid_request', {}, `Deze dienst kan niet als gecontroleerd worden opgeslagen. ${applied.result.message ?? ''} Pas de dienst eerst aan op de sociale kaart.`);
    }
    await appendAudit(tx, actor, { organisationId: scope, action: 'kaart.assure', target: stored.id, before: { assuredDate: before }, after: { assuredDate: today } });
    return stored.id;
  });
  return (await readUnchecked(db, scope, serviceId, null))[0];
}
