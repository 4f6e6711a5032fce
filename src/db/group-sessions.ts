import type { GroupSession } from '../shared/group-session';
import type { IdoDb } from './db';
import type { StoredGroupSession } from './types';

/** Saves a new group session once under its own id (a second tap on Opslaan changes nothing); the outbox sends it. */
export async function saveNewGroupSession(db: IdoDb, record: GroupSession, now = new Date()): Promise<{ outcome: 'saved' | 'already_saved'; stored: StoredGroupSession }> {
  return db.transaction('rw', db.groupSessions, async () => {
    const existing = await db.groupSessions.get(record.id);
    if (existing) return { outcome: 'already_saved', stored: existing };
    const stored: StoredGroupSession = { ...record, syncState: 'pending', day: record.date, savedAt: now.toISOString() };
    await db.groupSessions.put(stored);
    return { outcome: 'saved', stored };
  });
}

/** The live group sessions of one day, for the day list. */
export async function groupSessionsOfDay(db: IdoDb, day: string): Promise<StoredGroupSession[]> {
  const rows = await db.groupSessions.where('day').equals(day).toArray();
  return rows.filter((row) => !row.deleted).sort((a, b) => (a.savedAt < b.savedAt ? -1 : 1));
}

/** The live group sessions from one day up to and including another, for the overview. */
export async function groupSessionsBetween(db: IdoDb, from: string, to: string): Promise<StoredGroupSession[]> {
  const rows = await db.groupSessions.where('day').between(from, to, true, true).toArray();
  return rows.filter((row) => !row.deleted);
}

/**
 * Deletes a group session: one the server never saw just goes; one it has becomes a tombstone with a
 * higher revision, which the outbox sends (like a registration).
 */
export async function deleteGroupSession(db: IdoDb, id: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.groupSessions, async () => {
    const existing = await db.groupSessions.get(id);
    if (!existing) return;
    if (existing.sentRevision === undefined) {
      await db.groupSessions.delete(id);
      return;
    }
    const { problem: _p, ...rest } = existing;
    await db.groupSessions.put({ ...rest, deleted: true, revision: Math.max(existing.revision, existing.sentRevision) + 1, syncState: 'pending', savedAt: now.toISOString() });
  });
}
