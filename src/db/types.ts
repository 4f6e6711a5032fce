import type { BatchRequest, DeviceRole } from '../shared/api';
import type { KaartFeedbackFields } from '../shared/kaart/feedback';
import type { KaartChange, KaartEntity, KaartFields, KaartPushChange } from '../shared/kaart/types';
import type { SnelwijzerCardFields } from '../shared/snelwijzer/card';
import type { GroupSession } from '../shared/group-session';
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
  /** the revision a delivery check found held on the server after it was sent, and when it first did: purge needs both (src/sync/delivery-check.ts) */
  heldRevision?: number;
  heldAt?: string;
  /** why the server refused it, when syncState is 'attention' */
  problem?: { code: string; field?: string; message: string };
}

/** A group session as this tablet keeps it: the wire record plus the bookkeeping a registration has. */
export interface StoredGroupSession extends GroupSession {
  syncState: SyncState;
  /** the session's date, for the day list */
  day: string;
  savedAt: string;
  sentRevision?: number;
  problem?: { code: string; field?: string; message: string };
  /** the revision the server last said it holds (the delivery check), as for a registration */
  heldRevision?: number;
  /** when the server first said so for heldRevision (ISO) */
  heldAt?: string;
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
  /**
   * The save times (`savedAt`) of its oldest and newest record as it was cut (session 32), so the engine reads its
   * records back, and the pending ones after it, as one stretch of the outbox's index. None on a batch split after
   * a 413 or stored by an earlier version: those are read by key.
   */
  savedAt?: { first: string; last: string };
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
  /** the wait in nextAttemptAt followed a failure while the browser said it was offline: it ends once it is online */
  waitBeganOffline?: true;
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
  /** coordinators may edit the sociale kaart on this tablet (set at enrollment) */
  role?: DeviceRole;
}

// ---- The sociale kaart on the tablet (schema version 3) ----

/** "Klopt niet": one type, in src/shared/kaart/feedback.ts, for tablet and server. */
export type { KaartFeedbackFields };

/** A feedback mark as stored; `version` is 0 until the server has it. */
export interface KaartFeedback extends KaartFeedbackFields {
  version: number;
}

/** What the kaart outbox can carry: the HSDS entities, the local `feedback` and the Snelwijzer's cards. */
export type KaartOutboxEntity = KaartEntity | 'feedback' | 'snelwijzer_card';

/** A feedback mark on the wire (`POST /api/v1/kaart/changes`). */
export interface KaartFeedbackChange {
  entity: 'feedback';
  id: string;
  baseVersion: number;
  deleted: boolean;
  data: KaartFeedbackFields;
}

/** A Snelwijzer card on the wire, pushed or pulled (`version` on a pull, `baseVersion` on a push). */
export interface SnelwijzerCardChange {
  entity: 'snelwijzer_card';
  id: string;
  baseVersion: number;
  deleted: boolean;
  data: SnelwijzerCardFields;
}
export interface SnelwijzerCardPulled {
  entity: 'snelwijzer_card';
  id: string;
  version: number;
  deleted: boolean;
  data: SnelwijzerCardFields;
}

/** One change in a kaart push request: an HSDS change, a feedback mark or a card. */
export type KaartOutgoingChange = KaartPushChange | KaartFeedbackChange | SnelwijzerCardChange;

/** A feedback mark as a pull may bring it (other tablets' marks, for the coordinator). */
export interface KaartFeedbackPulled {
  entity: 'feedback';
  id: string;
  version: number;
  deleted: boolean;
  data: KaartFeedbackFields;
}

/** A pulled change (or a conflict's `current`) the tablet understands: an HSDS change or a feedback mark. */
export type KaartIncomingChange = (KaartChange | KaartFeedbackPulled | SnelwijzerCardPulled) & {
  /** ISO instant of the server's last change, when it says */
  updatedAt?: string;
};

/** Where a local kaart edit stands: waiting to go, or needing a person (a conflict or a refusal). */
export type KaartOutboxState = 'pending' | 'conflict' | 'rejected';

/**
 * A local kaart edit not yet accepted by the server (table `kaartOutbox`). Several edits of one
 * record coalesce into one entry that keeps the ORIGINAL baseVersion: the version staff edited from.
 */
export interface KaartOutboxEntry {
  /** `${entity}:${recordId}` */
  id: string;
  entity: KaartOutboxEntity;
  recordId: string;
  /** the server version the edit started from; 0 for a record the server has never had */
  baseVersion: number;
  deleted: boolean;
  /** the record's fields as staff left them (no version/updatedAt/deleted) */
  data: KaartFields | KaartFeedbackFields | SnelwijzerCardFields;
  /** the record as it was before the first edit (undefined for a new record), so a discard can restore it */
  before?: KaartFields | KaartFeedbackFields | SnelwijzerCardFields;
  /** ISO: the last edit */
  savedAt: string;
  state: KaartOutboxState;
  /** why it needs a person, in Dutch */
  problem?: { code: string; field?: string; message: string };
  /** the server's record as last seen (a conflict's `current`, or a pulled change kept aside) */
  current?: KaartIncomingChange;
  /** the server's stored version as a conflict reported it, when the answer carried no `current` */
  serverVersion?: number;
}

/** Whose kaart the local tables hold and how far the pull got (setting 'kaartCursor'). */
export interface KaartCursor {
  /** the organisation id whose view was pulled, or 'demo' for the demo kaart */
  source: string;
  /** the last applied page's nextCursor; undefined before the first page */
  cursor?: string;
}

/** The kaart's own sync bookkeeping (setting 'kaartSyncStatus'); pauses and Retry-After live in 'syncStatus'. */
export interface KaartSyncStatus {
  /** kaart requests with an unknown outcome in a row, for the kaart's own backoff */
  failures: number;
  /** ISO: the kaart is not tried again before this (unless forced) */
  nextAttemptAt?: string;
  /** the wait in nextAttemptAt followed a failure while the browser said it was offline: it ends once it is online */
  waitBeganOffline?: true;
  /** ISO: the last pull that reached the end of the changes */
  lastPulledAt?: string;
  /** ISO: the last push the server answered */
  lastPushedAt?: string;
  /** the last kaart error worth reporting (400/415, a malformed answer) */
  lastError?: { code: string; message: string; at: string };
  /**
   * ISO: a pull (`organisationDeactivated`) or a push (its edits answered `organisation_deactivated`) first found the
   * organisation deactivated by the national team: the edits stay pending on the tablet, and the kaart page and the
   * edit form say so; cleared by a pull that says it is active, or a push whose edit the server applied
   */
  organisationDeactivatedAt?: string;
}
