import type { Registration } from '../shared/registration';
import { amsterdamDay } from '../shared/time';
import type { IdoDb } from './db';
import type { StoredRegistration } from './types';

/** Strips the tablet's bookkeeping: what goes over the wire. */
export function toRecord(stored: StoredRegistration): Registration {
  const { syncState: _s, day: _d, savedAt: _a, sentRevision: _r, heldRevision: _h, heldAt: _t, problem: _p, ...record } = stored;
  return record;
}

/**
 * Saves a new or edited registration. An edit of a record the server already has becomes a
 * higher revision, so the server replaces it; an edit before sending keeps the revision.
 */
export async function saveRegistration(db: IdoDb, record: Registration, now = new Date()): Promise<StoredRegistration> {
  return db.transaction('rw', db.registrations, async () => {
    const existing = await db.registrations.get(record.id);
    // A fix of a refused record is a new revision too: the server may hold the refused one's revision.
    const revision = existing?.sentRevision !== undefined ? Math.max(existing.revision, existing.sentRevision) + 1
      : existing?.syncState === 'attention' ? existing.revision + 1
      : existing?.revision ?? record.revision;
    const stored: StoredRegistration = {
      ...record,
      revision,
      syncState: 'pending',
      day: amsterdamDay(new Date(record.startedAt)),
      savedAt: now.toISOString(),
      ...(existing?.sentRevision !== undefined ? { sentRevision: existing.sentRevision } : {}),
    };
    await db.registrations.put(stored);
    return stored;
  });
}

/** What saving a form's draft did. 'already_saved': this draft was saved before (a double tap); nothing changed. */
export type DraftSaveResult =
  | { outcome: 'saved' | 'already_saved'; stored: StoredRegistration }
  | { outcome: 'changed' | 'gone' };

/**
 * Saves a new contact under its draft's own id, once: a record that already has this id is never
 * overwritten (the same draft saved twice stays one registration; another record keeps its content).
 */
export async function saveNewRegistration(db: IdoDb, record: Registration, now = new Date()): Promise<DraftSaveResult> {
  return db.transaction('rw', db.registrations, async () => {
    const existing = await db.registrations.get(record.id);
    if (existing) return { outcome: 'already_saved', stored: existing };
    return { outcome: 'saved', stored: await saveRegistration(db, record, now) };
  });
}

/**
 * Saves an edit of one registration, only while the tablet still holds it live at the revision the
 * edit started from (`baseRevision`): an edit never overwrites a delete or a newer change.
 */
export async function saveEditedRegistration(db: IdoDb, record: Registration, baseRevision: number, now = new Date()): Promise<DraftSaveResult> {
  return db.transaction('rw', db.registrations, async () => {
    const existing = await db.registrations.get(record.id);
    if (!existing || existing.deleted) return { outcome: 'gone' };
    if (existing.revision !== baseRevision) return { outcome: 'changed' };
    return { outcome: 'saved', stored: await saveRegistration(db, record, now) };
  });
}

// What the form reads when it starts (a registration to edit, the recent ones) is in form-reads.ts:
// the first screen needs those two only, not the writes here (they come with the form's checks).

/**
 * Deletes a registration. One the server never saw just goes; one it has becomes a tombstone
 * with a higher revision, which the outbox sends.
 */
export async function deleteRegistration(db: IdoDb, id: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.registrations, async () => {
    const existing = await db.registrations.get(id);
    if (!existing) return;
    if (existing.sentRevision === undefined) {
      await db.registrations.delete(id);
      return;
    }
    await db.registrations.put({
      ...existing, deleted: true, revision: Math.max(existing.revision, existing.sentRevision) + 1,
      syncState: 'pending', savedAt: now.toISOString(), problem: undefined,
    });
  });
}

/** The registrations of one Amsterdam day, newest first; tombstones only when they need a person. */
export async function registrationsOfDay(db: IdoDb, day: string): Promise<StoredRegistration[]> {
  const rows = (await db.registrations.where('day').equals(day).toArray()).filter((r) => !r.deleted || r.syncState === 'attention');
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * Drops a registration the server refused from this tablet. What the server already has (an
 * earlier revision) stays there: this discards the change, not the server's copy.
 */
export async function discardRegistration(db: IdoDb, id: string): Promise<void> {
  await db.registrations.delete(id);
}

/** Every registration (tombstones left out) whose Amsterdam day lies in [from, to]. */
export async function registrationsBetween(db: IdoDb, from: string, to: string): Promise<StoredRegistration[]> {
  // One getAll over the index range, then a filter in memory: a cursor with a filter is far slower.
  return (await db.registrations.where('day').between(from, to, true, true).toArray()).filter((r) => !r.deleted);
}
