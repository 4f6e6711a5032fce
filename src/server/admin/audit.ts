import { type AdminAuditEntry, idMark } from '../../shared/admin-api';
import type { CsvDelimiter } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { BOM, csvLine } from '../../shared/csv';
import { isRecord } from '../../shared/json';
import { sameJson } from '../../shared/same-json';
import { shortMomentText } from '../../shared/date-text';
import { type Actor, auditActorKind } from './actor';

/** One management action as the audit log keeps it: who, when, what, before and after; never a secret. The wire shape of src/shared/admin-api.ts. */
export type AuditEntry = AdminAuditEntry;

// Belt and braces: a value under one of these names never reaches the log, whatever a caller passes.
const SECRET_KEYS = /^(code|token|.*hash.*|secret|password)$/i;

function withoutSecrets(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEYS.test(key)).map(([key, v]) => [key, withoutSecrets(v)]));
}

/**
 * Of a before and an after that are both objects, only the fields that differ (a field on one side only counts as
 * differing): what the change changed. A location's update passed the whole location both sides, and the Logboek's
 * "Voor" and "Na" cells held some 15 fields each (its id, organisation, coordinates…) for one changed number.
 */
export function changedFields(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!isRecord(before) || !isRecord(after)) return { before, after };
  // sameJson, not two JSON texts: a nested object whose keys came in another order (a location's hours steps as the
  // service built them against the same as jsonb gave them back) is no change
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !sameJson(before[key], after[key]));
  const pick = (side: Record<string, unknown>) => Object.fromEntries(keys.filter((key) => key in side).map((key) => [key, side[key]]));
  return { before: pick(before), after: pick(after) };
}

/** Appends one row to the audit log; call it in the same transaction as the change it describes. Before and after keep the changed fields only. */
export async function appendAudit(tx: Queryable, actor: Actor, given: { organisationId: string | null; action: string; target: string | null; before?: unknown; after?: unknown }): Promise<void> {
  const entry = given.before !== undefined && given.after !== undefined ? { ...given, ...changedFields(given.before, given.after) } : given;
  await tx.query(
    `INSERT INTO audit_log (actor_kind, actor_id, organisation_id, action, target, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb)`,
    [auditActorKind(actor), actor.id, entry.organisationId, entry.action, entry.target,
      entry.before === undefined ? null : JSON.stringify(withoutSecrets(entry.before)),
      entry.after === undefined ? null : JSON.stringify(withoutSecrets(entry.after))],
  );
}

// A target that is a UUID, cast only then (a location's id or an import's format is not one): the joins below use the keys.
const TARGET_UUID = `CASE WHEN a.target ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN a.target::uuid END`;
// The actor's token or tablet id, likewise (null for the admin command).
const ACTOR_UUID = `CASE WHEN a.actor_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN a.actor_id::uuid END`;

type AuditRow = {
  id: string; at: Date; actor_kind: AuditEntry['actorKind']; actor_id: string | null; organisation_id: string | null; organisation_name: string | null;
  action: string; target: string | null; before: unknown; after: unknown;
  target_organisation: string | null; target_location: string | null; target_device: string | null; target_code_role: string | null;
  target_token_role: string | null; target_token_municipality: string | null; target_token_municipality_name: string | null;
  target_service: string | null; target_card: string | null;
  actor_token_created: Date | string | null; actor_device: string | null;
};

/**
 * The audit log, newest first: of one organisation, or (organisationId null, national only) all of it. What each row
 * changed is named as it is now, read from its table at read time (so rows written before names were shown have them too).
 */
export async function readAudit(db: Queryable, organisationId: string | null, limit = 1000): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `WITH entries AS (
       SELECT a.*, ${TARGET_UUID} AS target_uuid, ${ACTOR_UUID} AS actor_uuid FROM audit_log a
       WHERE $1::uuid IS NULL OR a.organisation_id = $1::uuid ORDER BY a.at DESC, a.id DESC LIMIT $2
     )
     SELECT e.id::text AS id, e.at, e.actor_kind, e.actor_id, e.organisation_id::text AS organisation_id, org.name AS organisation_name,
       e.action, e.target, e.before, e.after,
       target_org.name AS target_organisation, loc.name AS target_location, dev.label AS target_device, code.role AS target_code_role,
       token.role AS target_token_role, token.municipality_code AS target_token_municipality, m.name AS target_token_municipality_name,
       service.data->>'name' AS target_service, card.data->>'title' AS target_card,
       actor_token.created_at AS actor_token_created, actor_device.label AS actor_device
     FROM entries e
     LEFT JOIN organisations org ON org.id = e.organisation_id
     LEFT JOIN organisations target_org ON e.action LIKE 'organisation.%' AND target_org.id = e.target_uuid
     LEFT JOIN locations loc ON e.action LIKE 'location.%' AND loc.id = e.target
     LEFT JOIN devices dev ON e.action LIKE 'device.%' AND dev.id = e.target_uuid
     LEFT JOIN enrollment_codes code ON e.action LIKE 'code.%' AND code.id = e.target_uuid
     LEFT JOIN api_tokens token ON e.action LIKE 'token.%' AND token.id = e.target_uuid
     LEFT JOIN municipalities m ON m.code = token.municipality_code
     LEFT JOIN kaart_records feedback ON e.action = 'kaart.feedback.resolve' AND feedback.entity = 'feedback' AND feedback.id = e.target_uuid
     LEFT JOIN kaart_records service ON service.entity = 'service' AND service.id = CASE
       WHEN e.action = 'kaart.assure' THEN e.target_uuid
       WHEN feedback.data->>'service_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (feedback.data->>'service_id')::uuid END
     LEFT JOIN kaart_records card ON e.action LIKE 'snelwijzer.%' AND card.entity = 'snelwijzer_card' AND card.id = e.target_uuid
     LEFT JOIN api_tokens actor_token ON e.actor_kind IN ('national_token', 'coordinator_token') AND actor_token.id = e.actor_uuid
     LEFT JOIN devices actor_device ON e.actor_kind = 'coordinator_device' AND actor_device.id = e.actor_uuid
     ORDER BY e.at DESC, e.id DESC`,
    [organisationId, limit],
  );
  return rows.map((row) => ({
    id: row.id, at: new Date(row.at).toISOString(), actorKind: row.actor_kind, actorId: row.actor_id, actorName: actorName(row),
    organisationId: row.organisation_id, organisationName: row.organisation_name,
    action: row.action, target: row.target, targetName: targetName(row),
    // rows written before appendAudit kept the changed fields only (a location's whole record) read as they are written now
    ...changedFields(row.before ?? null, row.after ?? null),
  }));
}

const ROLE_NAMES: Record<string, string> = { medewerker: 'medewerker', coordinator: 'coördinator' };

/** What a row changed, in words: the thing's name, or for a code or token (which have none) its kind; null when unknown. */
function targetName(row: AuditRow): string | null {
  const named = (value: string | null | undefined) => (value && value.trim() !== '' ? value : null);
  switch (row.action.split('.')[0]) {
    case 'organisation': return named(row.target_organisation);
    case 'location': return named(row.target_location);
    case 'device': return named(row.target_device);
    case 'code': return row.target_code_role ? `Koppelcode ${ROLE_NAMES[row.target_code_role] ?? row.target_code_role}${markOf(row.target)}` : null;
    case 'token':
      if (row.target_token_role === 'national') return `Landelijke toegangscode${markOf(row.target)}`;
      if (row.target_token_role === 'coordinator') return `Toegangscode coördinator${markOf(row.target)}`;
      if (row.target_token_role === 'municipality') return `Toegangscode gemeente ${row.target_token_municipality_name ? `${row.target_token_municipality_name} (${row.target_token_municipality})` : row.target_token_municipality}${markOf(row.target)}`;
      return null;
    case 'kaart':
      if (row.action === 'kaart.feedback.resolve') return named(row.target_service) && `Melding over "${row.target_service}"`;
      return row.action === 'kaart.assure' ? named(row.target_service) : null;
    case 'snelwijzer': return named(row.target_card);
    default: return null;
  }
}

/** ", kenmerk 3F2A": a code or token as Beheer's lists show it (idMark), so two made in the same minute are told apart. */
const markOf = (id: string | null): string => (id ? `, kenmerk ${idMark(id)}` : '');

/**
 * Who did it, in words a coordinator knows: a token (which has no name) by its kind and when it was made, as the
 * Toegangscodes list shows it (the same writer, `shortMomentText`, and its kenmerk); a tablet by its label as it is now; the admin command as such. Never the token itself.
 */
function actorName(row: AuditRow): string {
  const label = row.actor_device?.trim();
  switch (row.actor_kind) {
    case 'cli': return 'Beheercommando op de server (npm run admin)';
    case 'national_token': return row.actor_token_created ? `Landelijk team (toegangscode van ${shortMomentText(row.actor_token_created)}${markOf(row.actor_id)})` : 'Landelijk team';
    case 'coordinator_token': return row.actor_token_created ? `Coördinator (toegangscode van ${shortMomentText(row.actor_token_created)}${markOf(row.actor_id)})` : 'Coördinator (toegangscode)';
    case 'coordinator_device': return label ? `Coördinatortablet "${label}"` : 'Coördinatortablet';
    default: return row.actor_kind;
  }
}

/** The audit log as CSV (the project's writer: quoting, formula guard, BOM). */
export function auditCsv(entries: readonly AuditEntry[], delimiter: CsvDelimiter = 'semicolon'): string {
  const header = ['Tijdstip', 'Wie', 'Wie (soort)', 'Wie (id)', 'Organisatie', 'Organisatie (id)', 'Actie', 'Onderwerp', 'Onderwerp (id)', 'Voor', 'Na'];
  return BOM + csvLine(header, delimiter) + entries.map((entry) => csvLine([
    entry.at, entry.actorName, entry.actorKind, entry.actorId, entry.organisationName, entry.organisationId, entry.action, entry.targetName, entry.target,
    entry.before === null ? null : JSON.stringify(entry.before), entry.after === null ? null : JSON.stringify(entry.after),
  ], delimiter)).join('');
}
