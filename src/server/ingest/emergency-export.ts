import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS, type RecordResult, type RecordStatus } from '../../shared/api';
import type { Database } from '../db/database';
import { findDevice } from '../devices';
import { isUuid } from '../../shared/ids';
import { ingestBatch } from './ingest';

/** What a tablet writes when it cannot reach the server: `{exportedAt, deviceId, organisationId, records}`. */
export interface EmergencyExport {
  exportedAt: string;
  deviceId: string;
  organisationId: string;
  records: unknown[];
}

export interface ImportSummary {
  counts: Record<RecordStatus, number>;
  /** the rejected and conflicting records, with why */
  problems: RecordResult[];
}

/** A file that cannot be imported at all; the message is Dutch, for the operator. */
export class ImportError extends Error {}

/** Reads an export file's text; throws ImportError when it is not one. */
export function parseEmergencyExport(text: string): EmergencyExport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ImportError('Het bestand is geen geldige JSON.');
  }
  const file = parsed as Partial<EmergencyExport> | null;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new ImportError('Het bestand is geen noodexport van een tablet.');
  if (!isUuid(file.deviceId)) throw new ImportError('Het bestand heeft geen geldige deviceId.');
  if (!isUuid(file.organisationId)) throw new ImportError('Het bestand heeft geen geldige organisationId.');
  if (!Array.isArray(file.records)) throw new ImportError('Het bestand heeft geen lijst records.');
  return { exportedAt: String(file.exportedAt ?? ''), deviceId: file.deviceId, organisationId: file.organisationId, records: file.records };
}

/**
 * Ingests an emergency export through the same path as POST /batches (same checks, same dedupe),
 * in batches of the API's size. Importing a file twice stores nothing new: the second time says duplicate.
 */
export async function importEmergencyExport(db: Database, file: EmergencyExport): Promise<ImportSummary> {
  const device = await findDevice(db, file.deviceId);
  if (!device) throw new ImportError(`De tablet ${file.deviceId} is onbekend op deze server.`);
  if (device.organisationId !== file.organisationId.toLowerCase()) throw new ImportError('De tablet in het bestand hoort niet bij de organisatie in het bestand.');

  const summary: ImportSummary = { counts: { accepted: 0, duplicate: 0, rejected: 0, conflict: 0 }, problems: [] };
  for (let start = 0; start < file.records.length; start += DEFAULT_LIMITS.maxBatchRecords) {
    const records = file.records.slice(start, start + DEFAULT_LIMITS.maxBatchRecords);
    const outcome = await ingestBatch(db, { batchId: randomUUID(), device, records, imported: true });
    if (outcome.kind !== 'stored') throw new ImportError('Kon de registraties niet opslaan.');
    for (const result of outcome.response.results) {
      summary.counts[result.status]++;
      if (result.status === 'rejected' || result.status === 'conflict') summary.problems.push(result);
    }
  }
  return summary;
}

/** `accepted 12, duplicate 3, rejected 0, conflict 0` */
export function formatSummary(summary: ImportSummary): string {
  const { accepted, duplicate, rejected, conflict } = summary.counts;
  return `accepted ${accepted}, duplicate ${duplicate}, rejected ${rejected}, conflict ${conflict}`;
}
