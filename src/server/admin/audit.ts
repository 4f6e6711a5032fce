import type { AdminAuditEntry } from '../../shared/admin-api';
import type { CsvDelimiter } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { BOM, csvLine } from '../../shared/csv';
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

/** Appends one row to the audit log; call it in the same transaction as the change it describes. */
export async function appendAudit(tx: Queryable, actor: Actor, entry: { organisationId: string | null; action: string; target: string | null; before?: unknown; after?: unknown }): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_kind, actor_id, organisation_id, action, target, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb)`,
    [auditActorKind(actor), actor.id, entry.organisationId, entry.action, entry.target,
      entry.before === undefined ? null : JSON.stringify(withoutSecrets(entry.before)),
      entry.after === undefined ? null : JSON.stringify(withoutSecrets(entry.after))],
  );
}

/** The audit log, newest first: of one organisation, or (organisationId null, national only) all of it. */
export async function readAudit(db: Queryable, organisationId: string | null, limit = 1000): Promise<AuditEntry[]> {
  const rows = await db.query<{ id: string; at: Date; actor_kind: AuditEntry['actorKind']; actor_id: string | null; organisation_id: string | null; action: string; target: string | null; before: unknown; after: unknown }>(
    `SELECT id::text AS id, at, actor_kind, actor_id, organisation_id::text AS organisation_id, action, target, before, after
     FROM audit_log WHERE $1::uuid IS NULL OR organisation_id = $1::uuid ORDER BY at DESC, id DESC LIMIT $2`,
    [organisationId, limit],
  );
  return rows.map((row) => ({
    id: row.id, at: new Date(row.at).toISOString(), actorKind: row.actor_kind, actorId: row.actor_id, organisationId: row.organisation_id,
    action: row.action, target: row.target, before: row.before ?? null, after: row.after ?? null,
  }));
}

/** The audit log as CSV (the project's writer: quoting, formula guard, BOM). */
export function auditCsv(entries: readonly AuditEntry[], delimiter: CsvDelimiter = 'semicolon'): string {
  const header = ['Tijdstip', 'Wie (soort)', 'Wie (id)', 'Organisatie', 'Actie', 'Onderwerp', 'Voor', 'Na'];
  return BOM + csvLine(header, delimiter) + entries.map((entry) => csvLine([
    entry.at, entry.actorKind, entry.actorId, entry.organisationId, entry.action, entry.target,
    entry.before === null ? null : JSON.stringify(entry.before), entry.after === null ? null : JSON.stringify(entry.after),
  ], delimiter)).join('');
}
