import type { IdoDb } from '../db/db';
import type { KaartSyncStatus, PauseReason } from '../db/types';
import type { BatchRequest } from '../shared/api';
import { backoffDelayMs, browserOnline, retryAfterWaitMs } from './backoff';
import { updateKaartStatus, readKaartStatus } from './kaart-status';
import { cachedLimits } from './limits';
import { classifyBatchResponse, type BatchOutcome } from './outcome';
import { readStoredStatus, updateStatus } from './status';
import { jsonAnswer } from './server-answer';
import type { RawResponse } from './transport';

/** What a kaart request means: an answer in the expected shape, or a row of the contract's error table. */
export type KaartOutcome<T> = { kind: 'answered'; body: T } | Exclude<BatchOutcome, { kind: 'answered' | 'recut' }>;

// classifyBatchResponse reads the batch only for a 2xx answer, which is classified here instead
const NO_BATCH: BatchRequest = { batchId: '', deviceId: '', sentAt: '', records: [] };

/**
 * Classifies a kaart response with the registrations outbox's table (outcome.ts): 401/403 pause,
 * 429/503 with Retry-After wait, 400/415 quarantine, 413 too large, each only when the body is the
 * server's own `{error, message}` (server-answer.ts); anything else is unknown. A 2xx counts as
 * answered only when it is JSON and `read` recognises the body.
 */
export function classifyKaartResponse<T>(raw: RawResponse | { thrown: unknown }, now: Date, read: (body: unknown) => T | undefined): KaartOutcome<T> {
  if (!('thrown' in raw) && raw.status >= 200 && raw.status < 300) {
    const body = read(jsonAnswer(raw));
    return body === undefined ? { kind: 'unknown', why: 'malformed_answer' } : { kind: 'answered', body };
  }
  const outcome = classifyBatchResponse(NO_BATCH, raw, now);
  // batch_id_in_use means nothing for the kaart: a 400 like any other
  if (outcome.kind === 'recut') return { kind: 'quarantine', status: 400 };
  return outcome as KaartOutcome<T>;
}

/** How a kaart step (push or pull) ended; `count` is what it pushed or pulled before that. */
export type KaartStepResult =
  | { outcome: 'done'; count: number }
  | { outcome: 'waiting'; nextAttemptAt: string; count: number }
  | { outcome: 'paused'; reason: PauseReason; count: number }
  | { outcome: 'not_enrolled' };

export interface KaartStepOptions {
  now?: () => Date;
  random?: () => number;
  /** whether the browser says it is online; defaults to navigator.onLine (page and service worker alike) */
  online?: () => boolean;
}

export interface KaartDeps {
  now: () => Date;
  random: () => number;
  online: () => boolean;
}

export const kaartDeps = (options: KaartStepOptions): KaartDeps => ({
  now: options.now ?? (() => new Date()),
  random: options.random ?? Math.random,
  online: options.online ?? browserOnline,
});

/**
 * Ends a kaart step on a whole-request error. A pause and a Retry-After concern the device and the
 * server, so they go into the shared status and hold the registrations too; an unknown outcome
 * backs off the kaart alone, so a kaart endpoint in trouble never delays registrations.
 */
export async function stopKaart(
  db: IdoDb, outcome: Exclude<KaartOutcome<unknown>, { kind: 'answered' }>, count: number, deps: KaartDeps,
): Promise<Exclude<KaartStepResult, { outcome: 'done' | 'not_enrolled' }>> {
  const now = deps.now();
  switch (outcome.kind) {
    case 'pause':
      await updateStatus(db, { state: 'paused', pauseReason: outcome.reason, pauseMessage: outcome.error?.message, progress: undefined });
      return { outcome: 'paused', reason: outcome.reason, count };
    case 'retry_after': {
      const limits = await cachedLimits(db);
      const at = new Date(now.getTime() + retryAfterWaitMs(outcome.retryAfterMs, limits.minRetryAfterSeconds)).toISOString();
      const state = (await readStoredStatus(db)).pauseReason ? 'paused' : 'backoff';
      await updateStatus(db, { state, nextAttemptAt: at, notBefore: at, progress: undefined });
      return { outcome: 'waiting', nextAttemptAt: at, count };
    }
    default: {
      const failures = (await readKaartStatus(db)).failures + 1;
      const at = new Date(now.getTime() + backoffDelayMs(failures, deps.random)).toISOString();
      const lastError = outcome.kind === 'unknown' ? undefined : {
        code: outcome.kind === 'quarantine' ? outcome.error?.error ?? `http_${outcome.status}` : 'http_413',
        message: (outcome.kind === 'quarantine' ? outcome.error?.message : undefined) ?? KAART_REQUEST_REFUSED,
        at: now.toISOString(),
      };
      // as the outbox's: a wait that began while the browser said it was offline ends at the first trigger once it is online (kaart-sync.ts)
      const waitBeganOffline = outcome.kind === 'unknown' && !deps.online() ? true : undefined;
      await updateKaartStatus(db, { failures, nextAttemptAt: at, waitBeganOffline, ...(lastError ? { lastError } : {}) });
      return { outcome: 'waiting', nextAttemptAt: at, count };
    }
  }
}

/** Shown when the server refuses a kaart request as a whole (a bug in the app, not in the data). */
export const KAART_REQUEST_REFUSED = 'De server weigerde een verzoek voor de sociale kaart. Dit is een fout in de app; meld het bij de beheerder.';

/** After an answered kaart request: the kaart's backoff is over. */
export async function kaartAnswered(db: IdoDb, patch: Partial<Pick<KaartSyncStatus, 'lastPulledAt' | 'lastPushedAt' | 'organisationDeactivatedAt'>> = {}): Promise<void> {
  await updateKaartStatus(db, { failures: 0, nextAttemptAt: undefined, waitBeganOffline: undefined, ...patch });
}
