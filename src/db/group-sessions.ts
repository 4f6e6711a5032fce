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

/** What saving an edit did: 'changed' when the tablet holds a newer revision than the edit began from, 'gone' when it was deleted. */
export type GroupEditResult = { outcome: 'saved'; stored: StoredGroupSession } | { outcome: 'changed' | 'gone' };

/**
 * Saves an edit of a group session (a wrong count, or a fix of one the server refused), only while the tablet
 * holds it live at the revision the edit started from. A new revision when the server may have seen it (sent, or
 * refused), as for a registration; the outbox sends it again.
 */
export async function saveEditedGroupSession(db: IdoDb, record: GroupSession, baseRevision: number, now = new Date()): Promise<GroupEditResult> {
  return db.transaction('rw', db.groupSessions, async () => {
    const existing = await db.groupSessions.get(record.id);
    if (!existing || existing.deleted) return { outcome: 'gone' };
    if (existing.revision !== baseRevision) return { outcome: 'changed' };
    const revision = existing.sentRevision !== undefined ? Math.max(existing.revision, existing.sentRevision) + 1
      : existing.syncState === 'attention' ? existing.revision + 1
      : existing.revision;
    const stored: StoredGroupSession = {
      ...record, revision, syncState: 'pending', day: record.date, savedAt: now.toISOString(),
      ...(existing.sentRevision !== undefined ? { sentRevision: existing.sentRevision } : {}),
    };
    await db.groupSessions.put(stored);
    return { outcome: 'saved', stored };
  });
}

/** A live group session to open in the form, or undefined. */
export async function editableGroupSession(db: IdoDb, id: string): Promise<StoredGroupSession | undefined> {
  const stored = await db.groupSessions.get(id);
  return stored && !stored.deleted ? stored : undefined;
}

/** The group sessions of one day, for the day list; tombstones only when they need a person (the server refused the delete). */
export async function groupSessionsOfDay(db: IdoDb, day: string): Promise<StoredGroupSession[]> {
  const rows = await db.groupSessions.where('day').equals(day).toArray();
  return rows.filter((row) => !row.deleted || row.syncState === 'attention').sort((a, b) => (a.savedAt < b.savedAt ? -1 : 1));
}

/** Drops a group session (or its delete) the server refused from this tablet; what the server has stays there. */
export async function discardGroupSession(db: IdoDb, id: string): Promise<void> {
  await db.groupSessions.delete(id);
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
