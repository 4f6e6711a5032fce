import type { IdoDb } from '../db';
import type { KaartOutboxEntity, KaartOutboxEntry, KaartOutboxState } from '../types';

/** The kaart outbox: one queued change per record (kaart entries, feedback, Snelwijzer cards) until the server answers. */

/** The outbox key of a record: one entry per record, however often it is edited. */
export const kaartOutboxId = (entity: KaartOutboxEntity, id: string): string => `${entity}:${id}`;

/** Local kaart edits in these states (default: those that need a person), oldest first. */
export async function kaartOutboxEntries(db: IdoDb, states: readonly KaartOutboxState[] = ['conflict', 'rejected']): Promise<KaartOutboxEntry[]> {
  return (await db.kaartOutbox.where('state').anyOf([...states]).toArray()).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}
