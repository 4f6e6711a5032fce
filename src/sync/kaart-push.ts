import type { IdoDb } from '../db/db';
import { kaartOutboxId } from '../db/kaart/outbox';
import { kaartSyncScope, putServerRecord, syncedTable } from '../db/kaart/tables';
import type { KaartOutboxEntry, KaartOutgoingChange } from '../db/types';
import { KAART_ENTITIES, type KaartPushResult } from '../shared/kaart/types';
import { ORGANISATION_DEACTIVATED } from '../shared/error-codes';
import { getDevice } from './device';
import { canonicalJson } from '../shared/json';
import { ensureKaartSource, sameContent } from './kaart-apply';
import { classifyKaartResponse, kaartAnswered, kaartDeps, stopKaart, KAART_REQUEST_REFUSED, type KaartStepOptions, type KaartStepResult } from './kaart-outcome';
import { deactivationPatch, goesWhileDeactivated, updateKaartStatus } from './kaart-status';
import { cachedLimits, jsonBytes } from './limits';
import type { KaartTransport, RawResponse } from './transport';

/** Changes per request, as the contract allows. */
export const KAART_PUSH_SIZE = 500;

type Problem = NonNullable<KaartOutboxEntry['problem']>;
const CONFLICT: Problem = {
  code: 'version_conflict',
  message: 'Iemand anders heeft dit gegeven ook gewijzigd. Vergelijk beide versies en kies welke blijft.',
};
const REFUSED: Problem = { code: 'rejected', message: 'De server kan deze wijziging niet opslaan. Controleer de gegevens en sla opnieuw op.' };
const TOO_LARGE: Problem = { code: 'change_too_large', message: 'Deze wijziging is te groot om te versturen. Maak de teksten korter en sla opnieuw op.' };

/**
 * Pushes pending kaart edits (≤ 500 per request, parents before children, deletes after) and
 * applies the answers: applied → dropped, the record gets the new version; conflict → kept with
 * the server's record for staff to choose, never settled silently; rejected → kept with the
 * Dutch reason. Call it holding the outbox lock (syncAll does).
 *
 * An edit answered `organisation_deactivated` (the national team deactivated the organisation: its coordinator's
 * tablet edits no more) stays pending as it is, not refused one by one: the kaart status notes the deactivation
 * once (`organisationDeactivatedAt`, said on the kaart page), and the rest of the run sends only new "Klopt niet"
 * marks, which the server still takes. The next run tries the edits once more (one request), so nothing waits for
 * good should the organisation be active again; a run in which the server took such an edit clears the note (a run that
 * sent only new marks says nothing of it). The pull says it at every sync as well (kaart-pull.ts).
 */
export async function pushKaart(db: IdoDb, transport: KaartTransport, options: KaartStepOptions = {}): Promise<KaartStepResult> {
  const deps = kaartDeps(options);
  const device = await getDevice(db);
  if (!device) return { outcome: 'not_enrolled' };
  await ensureKaartSource(db, device.organisationId);
  let pushed = 0;
  let size = KAART_PUSH_SIZE;
  let deactivated = false;
  let editTaken = false;
  for (;;) {
    const changes = await nextChanges(db, size, deactivated);
    if (changes.length === 0) {
      if (deactivated || editTaken) await updateKaartStatus(db, await deactivationPatch(db, deactivated, deps.now()));
      return { outcome: 'done', count: pushed };
    }
    let raw: RawResponse | { thrown: unknown };
    try {
      raw = await transport.postKaartChanges({ changes }, device.token);
    } catch (thrown) {
      raw = { thrown };
    }
    const outcome = classifyKaartResponse(raw, deps.now(), (body) => readResults(body, changes));
    switch (outcome.kind) {
      case 'answered': {
        const applied = await applyPushResults(db, changes, outcome.body, deps.now());
        pushed += applied.count;
        deactivated ||= applied.deactivated;
        editTaken ||= applied.editTaken;
        break;
      }
      case 'quarantine': // the request as a whole can never go: its changes need a person, the rest go on
        await markRefused(db, changes, { code: outcome.error?.error ?? `http_${outcome.status}`, message: KAART_REQUEST_REFUSED });
        await updateKaartStatus(db, { lastError: { code: outcome.error?.error ?? `http_${outcome.status}`, message: outcome.error?.message ?? KAART_REQUEST_REFUSED, at: deps.now().toISOString() } });
        break;
      case 'too_large':
        if (changes.length === 1) await markRefused(db, changes, TOO_LARGE);
        else size = Math.ceil(changes.length / 2); // halves until it fits: at most nine steps from 500
        break;
      default:
        return stopKaart(db, outcome, pushed, deps);
    }
  }
}

const RANK = new Map<string, number>([...KAART_ENTITIES, 'feedback', 'snelwijzer_card'].map((entity, i) => [entity, i]));
/** New and changed records parents first (a service after its organization), deletes last and children first. */
const order = (e: KaartOutboxEntry) => (e.deleted ? 100 - RANK.get(e.entity)! : RANK.get(e.entity)!);

/**
 * The next pending changes in order, within the count and the server's byte limit; once the run found the
 * organisation deactivated, only new "Klopt niet" marks (the edits it refused stay pending for the next run).
 */
async function nextChanges(db: IdoDb, size: number, deactivated: boolean): Promise<KaartOutgoingChange[]> {
  const pending = (await db.kaartOutbox.where('state').equals('pending').toArray())
    .filter((entry) => !deactivated || goesWhileDeactivated(entry))
    .sort((a, b) => order(a) - order(b) || a.savedAt.localeCompare(b.savedAt));
  const { maxBatchBytes } = await cachedLimits(db);
  const changes: KaartOutgoingChange[] = [];
  let bytes = jsonBytes({ changes: [] });
  for (const entry of pending.slice(0, size)) {
    const change = { entity: entry.entity, id: entry.recordId, baseVersion: entry.baseVersion, deleted: entry.deleted, data: entry.data } as KaartOutgoingChange;
    bytes += jsonBytes(change) + 1;
    if (changes.length > 0 && bytes > maxBatchBytes) break;
    changes.push(change);
  }
  return changes;
}

const STATUSES = new Set(['applied', 'conflict', 'rejected']);

/** The results by id, or undefined unless every change sent has a well-formed result. */
function readResults(body: unknown, changes: KaartOutgoingChange[]): Map<string, KaartPushResult> | undefined {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return undefined;
  const byId = new Map<string, KaartPushResult>();
  for (const r of results as Partial<KaartPushResult>[]) {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || !STATUSES.has(r.status as string)) return undefined;
    if (r.status !== 'rejected' && !Number.isInteger(r.version)) return undefined;
    byId.set(r.id, r as KaartPushResult);
  }
  return changes.every((c) => byId.has(c.id)) ? byId : undefined;
}

/** Whether the entry still holds what was sent (an edit in flight gets its own answer later). */
const stillSent = (entry: KaartOutboxEntry | undefined, sent: KaartOutgoingChange) => entry !== undefined
  && entry.baseVersion === sent.baseVersion && entry.deleted === sent.deleted && canonicalJson(entry.data) === canonicalJson(sent.data);

/**
 * Applies the per-change answers in one transaction: how many the server applied, whether it refused an edit
 * because the organisation is deactivated (such an edit is left pending as it is), and whether it applied an edit it
 * would have refused so (`editTaken`: the organisation is active).
 */
async function applyPushResults(db: IdoDb, changes: KaartOutgoingChange[], results: Map<string, KaartPushResult>, now: Date): Promise<{ count: number; deactivated: boolean; editTaken: boolean }> {
  return db.transaction('rw', kaartSyncScope(db), async () => {
    let applied = 0;
    let deactivated = false;
    let editTaken = false;
    for (const sent of changes) {
      const result = results.get(sent.id)!;
      if (result.status === 'applied' && !goesWhileDeactivated(sent)) editTaken = true;
      const key = kaartOutboxId(sent.entity, sent.id);
      const entry = await db.kaartOutbox.get(key);
      if (result.status === 'conflict' && entry && result.current && sameContent(entry, result.current)) {
        // the server holds exactly this already: nothing to choose between
        await db.kaartOutbox.delete(key);
        await putServerRecord(db, result.current, now);
        applied++;
      } else if (result.status === 'applied') {
        applied++;
        await settleApplied(db, sent, entry, result.version, now);
      } else if (result.status === 'conflict' && entry) {
        await db.kaartOutbox.put({
          ...entry, state: 'conflict', problem: problemOf(result, CONFLICT),
          ...(result.current ? { current: result.current } : {}), serverVersion: result.version,
        });
      } else if (result.status === 'rejected' && result.code === ORGANISATION_DEACTIVATED) {
        deactivated = true; // not this edit's fault: it stays pending, and the kaart page says why, once
      } else if (result.status === 'rejected' && stillSent(entry, sent)) {
        await db.kaartOutbox.put({ ...entry!, state: 'rejected', problem: problemOf(result, REFUSED) });
      }
    }
    await kaartAnswered(db, { lastPushedAt: now.toISOString() });
    return { count: applied, deactivated, editTaken };
  });
}

/** The server stored the change as `version`. */
async function settleApplied(db: IdoDb, sent: KaartOutgoingChange, entry: KaartOutboxEntry | undefined, version: number, now: Date): Promise<void> {
  const key = kaartOutboxId(sent.entity, sent.id);
  const table = syncedTable(db, sent.entity);
  const local = await table.get(sent.id);
  if (!entry) {
    // staff deleted a never-sent record while it was in flight: the server has it now, so send the delete
    if (!local && !sent.deleted) {
      await db.kaartOutbox.put({
        id: key, entity: sent.entity, recordId: sent.id, baseVersion: version, deleted: true, data: sent.data, savedAt: now.toISOString(), state: 'pending',
      });
    }
    return;
  }
  if (stillSent(entry, sent)) await db.kaartOutbox.delete(key);
  else await db.kaartOutbox.put({ ...entry, baseVersion: version }); // an edit made in flight builds on what the server now has
  if (local) await table.update(sent.id, { version });
}

/** Marks changes that can never go as they are, when they are still what was sent. */
async function markRefused(db: IdoDb, changes: KaartOutgoingChange[], problem: Problem): Promise<void> {
  await db.transaction('rw', db.kaartOutbox, async () => {
    for (const sent of changes) {
      const entry = await db.kaartOutbox.get(kaartOutboxId(sent.entity, sent.id));
      if (stillSent(entry, sent)) await db.kaartOutbox.put({ ...entry!, state: 'rejected', problem });
    }
  });
}

function problemOf(result: KaartPushResult, fallback: Problem): Problem {
  return { code: result.code ?? fallback.code, ...(result.field !== undefined ? { field: result.field } : {}), message: result.message ?? fallback.message };
}
