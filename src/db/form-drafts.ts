import type { IdoDb } from './db';

/**
 * The half-filled registration form of one browser tab, kept in `settings` under
 * `formDraft:<tab>` so a reload (a new version, another tab's upgrade, a crash) brings it back.
 * No schema change: a setting row per tab. Cleared on save and on "Formulier leegmaken".
 */
export interface KeptFormDraft<D> {
  /** which form it belongs to: 'new', 'edit:<id>' or 'refer:<serviceId>' */
  slot: string;
  draft: D;
  /** the form as it started, so the restored form knows what counts as changed */
  pristine: D;
  /** ISO */
  keptAt: string;
}

/** What a draft needs for the restore check: its registration id and whether it edits a saved one. */
export interface DraftIdentity {
  id: string;
  editing: boolean;
}

const PREFIX = 'formDraft:';
const keyOf = (tab: string) => `${PREFIX}${tab}`;
/** The settings key of a tab's kept draft. */
export const formDraftKey = keyOf;

/** Keeps the tab's draft (replaces the one kept before). */
export async function keepFormDraft<D extends DraftIdentity>(db: IdoDb, tab: string, slot: string, draft: D, pristine: D, now = new Date()): Promise<void> {
  const value: KeptFormDraft<D> = { slot, draft, pristine, keptAt: now.toISOString() };
  await db.settings.put({ key: keyOf(tab), value });
}

/**
 * The tab's kept draft for this form, if any. A new-contact draft whose id is already saved
 * is dropped instead: it was saved just before the reload, and restoring it would let the next
 * "Opslaan" overwrite that saved registration.
 */
export async function restoreFormDraft<D extends DraftIdentity>(db: IdoDb, tab: string, slot: string): Promise<KeptFormDraft<D> | undefined> {
  return db.transaction('rw', db.settings, db.registrations, async () => {
    const kept = (await db.settings.get(keyOf(tab)))?.value as KeptFormDraft<D> | undefined;
    if (!kept || kept.slot !== slot) return undefined;
    if (!kept.draft.editing && (await db.registrations.get(kept.draft.id))) {
      await db.settings.delete(keyOf(tab));
      return undefined;
    }
    return kept;
  });
}

/** Forgets the tab's draft (saved, emptied, or the form was left). */
export async function clearFormDraft(db: IdoDb, tab: string): Promise<void> {
  await db.settings.delete(keyOf(tab));
}

/** Drops drafts of tabs that were closed long ago, so they do not pile up. */
export async function pruneFormDrafts(db: IdoDb, olderThan: Date): Promise<number> {
  const rows = await db.settings.where('key').startsWith(PREFIX).toArray();
  const stale = rows.filter((row) => ((row.value as KeptFormDraft<unknown>).keptAt ?? '') < olderThan.toISOString()).map((row) => row.key);
  await db.settings.bulkDelete(stale);
  return stale.length;
}
