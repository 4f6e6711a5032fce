import type Dexie from 'dexie';

/**
 * Version 4: the Snelwijzer. `snelwijzerCards` holds the staff quick reference cards (national and
 * the organisation's own) as the kaart pull brings them or a coordinator edited them; `*topics` is
 * multi-entry, so the registration form finds a topic's cards by index. Earlier builds skipped
 * cards in the kaart pull while moving the cursor past them, so the pull starts over once: the
 * cursor is dropped (the organisation stays), and the next pull brings every record again.
 */
export function v4(db: Dexie): void {
  db.version(4).stores({
    snelwijzerCards: 'id, *topics',
  }).upgrade(async (tx) => {
    const settings = tx.table('settings');
    const saved = await settings.get('kaartCursor') as { key: string; value?: { source?: string; cursor?: string } } | undefined;
    if (saved?.value?.cursor !== undefined) {
      const { cursor: _dropped, ...rest } = saved.value;
      await settings.put({ ...saved, value: rest });
    }
  });
}
