import { contentHash } from '../src/server/ingest/canonical-json';
import { questionRows } from '../src/server/ingest/registration-store';
import type { Registration } from '../src/shared/registration';

/**
 * The rows the server writes for a set of registrations, column for column as
 * src/server/ingest/registration-store.ts writes them (received_at takes its default).
 */
export const REGISTRATION_COLUMNS = [
  'id', 'revision', 'content_hash', 'organisation_id', 'device_id', 'location_id', 'scenario', 'channel', 'staff_role',
  'partner_organisation', 'started_at', 'duration_minutes', 'consent_for_referral', 'deleted', 'schema_version', 'record', 'batch_id',
] as const;
/** The question rows' columns: every field of the ingest's own rows (`questionRows`), tests/unit/bench-copy-rows.test.ts checks. */
export const QUESTION_COLUMNS = [
  'registration_id', 'index', 'organisation_id', 'location_id', 'started_at', 'scenario', 'channel', 'staff_role', 'category',
  'topics', 'government_organisations', 'digid_follow_up', 'help', 'referral_kind', 'referral_service_id',
  'referral_organisation', 'referral_consent', 'resolved', 'other_text',
] as const satisfies readonly (keyof ReturnType<typeof questionRows>[number])[];

type Value = string | number | boolean | null | string[] | object;

export interface TableRows {
  registrations: Value[][];
  questions: Value[][];
}

/** The registrations and questions rows of these records; `batchId` stands in for the batch each came in. */
export function rowsOf(records: readonly Registration[], batchId: string): TableRows {
  const registrations: Value[][] = [];
  for (const r of records) {
    const startedAt = new Date(Date.parse(r.startedAt)).toISOString();
    registrations.push([
      r.id, r.revision, contentHash(r), r.organisationId, r.deviceId, r.locationId, r.scenario, r.channel, r.staffRole,
      r.partnerOrganisation ?? null, startedAt, r.durationMinutes, r.consentForReferral, r.deleted, r.schemaVersion, r, batchId,
    ]);
  }
  // The question rows exactly as the ingest writes them: scenario, channel and staff role included.
  const questions = questionRows(records).map((row) => QUESTION_COLUMNS.map((column) => row[column]));
  return { registrations, questions };
}

const escapeCopy = (text: string) => text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
const arrayLiteral = (items: string[]) => `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

function copyField(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeCopy(value);
  if (Array.isArray(value)) return escapeCopy(arrayLiteral(value));
  return escapeCopy(JSON.stringify(value));
}

/** Rows as PostgreSQL COPY text format (tab-separated, `\N` for null), one line per row. */
export function copyText(rows: Value[][]): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyField).join('\t')}\n`;
  return text;
}
