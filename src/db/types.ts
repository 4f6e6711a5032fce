import type { BatchRequest } from '../shared/api';
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

/**
 * A batch the outbox cut and stored before sending. It stays until the server answers for it,
 * and every resend is this exact request (same batchId, same record snapshots, same sentAt).
 */
export interface OutboxBatch {
  batchId: string;
  /** the request body, frozen when the batch was cut */
  request: BatchRequest;
  /** ISO; batches go out oldest first */
  createdAt: string;
  /** how often it was handed to the network */
  attempts: number;
  lastAttemptAt?: string;
}

/** Why sending stopped until someone acts: the token is unknown, or the device was revoked. */
export type PauseReason = 'reenroll' | 'revoked';

/** The outbox's persisted state (setting 'syncStatus'); the pending count is derived, not stored. */
export interface SyncStatus {
  state: 'idle' | 'sending' | 'backoff' | 'paused';
  pauseReason?: PauseReason;
  /** the server's Dutch message that came with the pause, if any */
  pauseMessage?: string;
  /** ISO: the last time the server confirmed a batch */
  lastSentAt?: string;
  /** ISO: the next attempt is due (backoff or Retry-After) */
  nextAttemptAt?: string;
  /** ISO: the server's Retry-After; not even "Nu versturen" sends before it */
  notBefore?: string;
  /** unknown outcomes in a row, for the exponential backoff */
  failures: number;
  /** while a backlog goes out */
  progress?: { sent: number; total: number };
  /** the last whole-batch error worth reporting (400, 415) */
  lastError?: { code: string; message: string; at: string };
}

/** This tablet as the ingest server knows it after enrollment (setting 'device'). */
export interface EnrolledDevice {
  deviceId: string;
  token: string;
  organisationId: string;
  organisationName: string;
  label: string;
  enrolledAt: string;
  codelistVersion: string;
}
