import type { IdoDb } from '../db/db';
import { toRecord } from '../db/registrations';
import { getSetting } from '../db/settings';
import { rowsInSyncState } from '../db/sync-state';
import { amsterdamDay } from '../shared/time';
import type { BatchRecord } from '../shared/api';
import { getDevice } from './device';
import { attemptedRecords, deletesInFlight, toWire } from './records';

/** Every unsent registration (and group session, after them) in wire form, to carry out of a broken tablet by hand. */
export interface EmergencyExport {
  exportedAt: string;
  deviceId: string;
  organisationId: string;
  records: BatchRecord[];
}

/**
 * Builds the emergency export of all pending and attention registrations, and the deletes still owed for records
 * deleted while their batch was out (deletesInFlight: the file carries the outbox away, and the server may hold them);
 * changes nothing locally.
 */
export async function buildEmergencyExport(db: IdoDb, now = new Date()): Promise<EmergencyExport> {
  return db.transaction('r', [db.registrations, db.groupSessions, db.settings, db.organisations, db.batches], async () => {
    const unsent = await rowsInSyncState(db.registrations, 'pending', 'attention');
    unsent.sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.id.localeCompare(b.id));
    const groups = await rowsInSyncState(db.groupSessions, 'pending', 'attention');
    groups.sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.id.localeCompare(b.id));
    const device = await getDevice(db);
    return {
      exportedAt: now.toISOString(),
      deviceId: device?.deviceId ?? (await getSetting(db, 'deviceId', '')),
      organisationId: device?.organisationId ?? (await db.organisations.toCollection().first())?.id ?? '',
      records: [...unsent.map(toRecord), ...groups.map(toWire), ...(await deletesInFlight(db, attemptedRecords(await db.batches.toArray()), now)).map(toWire)],
    };
  });
}

/** The emergency export as the file staff hand to the coordinator: its name and JSON text. */
export async function emergencyExportFile(db: IdoDb, now = new Date()): Promise<{ filename: string; content: string; count: number }> {
  const file = await buildEmergencyExport(db, now);
  return { filename: `ido-noodexport-${amsterdamDay(now)}.json`, content: JSON.stringify(file, null, 2), count: file.records.length };
}
