import type { Registration } from '../shared/registration';

/** Where a registration stands: only on this tablet, sent to the server, or needing a person. */
export type SyncState = 'pending' | 'sent' | 'attention';

/** A registration as this tablet keeps it: the wire record plus local bookkeeping. */
export interface StoredRegistration extends Registration {
  syncState: SyncState;
  /** Amsterdam calendar day of startedAt, for the day list */
  day: string;
  /** when this revision was saved on the tablet (ISO) */
  savedAt: string;
  /** the highest revision the server has confirmed */
  sentRevision?: number;
  /** why the server refused it, when syncState is 'attention' */
  problem?: { code: string; field?: string; message: string };
}

/** A key–value setting of this tablet. */
export interface Setting {
  key: string;
  value: unknown;
}
