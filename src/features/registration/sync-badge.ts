import type { SyncState } from '../../db/types';

/** A row of the day list as its badge needs it: a contact or a group session. */
interface Sent {
  syncState: SyncState;
  /** the highest revision the server has confirmed */
  sentRevision?: number;
}

/**
 * The send status badge of a contact or a group session in the day list (one for both: each list had its own copy).
 * A sent one edited since is no longer "only on this tablet": the server has its earlier version, the change waits.
 */
export function syncBadge(row: Sent): { text: string; kind: 'neutral' | 'success' | 'warning' } {
  if (row.syncState === 'sent') return { text: 'Verstuurd', kind: 'success' };
  if (row.syncState === 'attention') return { text: 'Actie nodig', kind: 'warning' };
  return row.sentRevision === undefined ? { text: 'Alleen op deze tablet', kind: 'neutral' } : { text: 'Wijziging nog niet verstuurd', kind: 'neutral' };
}
