import type { IdoDb } from '../db/db';
import { kaartSyncScope } from '../db/kaart/tables';
import { putSetting } from '../db/settings';
import type { KaartCursor, KaartIncomingChange } from '../db/types';
import { KAART_ENTITIES } from '../shared/kaart/types';
import { getDevice } from './device';
import { applyIncomingChanges, ensureKaartSource } from './kaart-apply';
import { classifyKaartResponse, kaartAnswered, kaartDeps, stopKaart, type KaartStepOptions, type KaartStepResult } from './kaart-outcome';
import { deactivationPatch, KAART_CURSOR_KEY } from './kaart-status';
import type { KaartTransport, RawResponse } from './transport';
import { isRecord } from '../shared/json';

/** Changes per page, as the contract asks. */
export const KAART_PAGE_SIZE = 500;

/** A page of `GET /kaart/changes` with the entities this app knows (others are skipped, for newer servers). */
interface Page {
  items: KaartIncomingChange[];
  nextCursor?: string;
  hasMore: boolean;
  /** a coordinator's tablet: whether the national team deactivated its organisation (absent from older servers and other callers) */
  organisationDeactivated?: boolean;
}

/**
 * Pulls the kaart: pages through the changes after the stored cursor until `hasMore` is false.
 * Each page is applied in ONE transaction together with its cursor, so a crash between pages
 * resumes at the next page and never skips or doubles one. Call it holding the outbox lock (syncAll does).
 */
export async function pullKaart(db: IdoDb, transport: KaartTransport, options: KaartStepOptions = {}): Promise<KaartStepResult> {
  const deps = kaartDeps(options);
  const device = await getDevice(db);
  if (!device) return { outcome: 'not_enrolled' };
  let { cursor } = await ensureKaartSource(db, device.organisationId);
  let pulled = 0;
  for (;;) {
    let raw: RawResponse | { thrown: unknown };
    try {
      raw = await transport.getKaartChanges(cursor, KAART_PAGE_SIZE, device.token);
    } catch (thrown) {
      raw = { thrown };
    }
    const outcome = classifyKaartResponse(raw, deps.now(), readPage);
    // a page that says "more" but does not move the cursor would loop forever
    if (outcome.kind === 'answered' && outcome.body.hasMore && (outcome.body.nextCursor === undefined || outcome.body.nextCursor === cursor)) {
      return stopKaart(db, { kind: 'unknown', why: 'cursor_stuck' }, pulled, deps);
    }
    if (outcome.kind === 'quarantine' && cursor !== undefined) {
      // the server refuses the cursor (its data was rebuilt?): the next pull starts over, which is harmless
      await putSetting(db, KAART_CURSOR_KEY, { source: device.organisationId } satisfies KaartCursor);
    }
    if (outcome.kind !== 'answered') return stopKaart(db, outcome, pulled, deps);
    const page = outcome.body;
    const now = deps.now();
    const next = page.nextCursor ?? cursor;
    await db.transaction('rw', kaartSyncScope(db), async () => {
      pulled += await applyIncomingChanges(db, page.items, now);
      await putSetting(db, KAART_CURSOR_KEY, { source: device.organisationId, ...(next !== undefined ? { cursor: next } : {}) } satisfies KaartCursor);
      // Each pull says whether the organisation is deactivated: the note is there before the first edit, and gone
      // (with the held edits sent by this run's push) at the first sync after the national team made it active again.
      const known = page.organisationDeactivated === undefined ? {} : await deactivationPatch(db, page.organisationDeactivated, now);
      await kaartAnswered(db, { ...known, ...(page.hasMore ? {} : { lastPulledAt: now.toISOString() }) });
    });
    cursor = next;
    if (!page.hasMore) return { outcome: 'done', count: pulled };
  }
}

const KNOWN = new Set<string>([...KAART_ENTITIES, 'feedback', 'snelwijzer_card']);

/** The page, or undefined when the answer is not a page (then it counts as an unknown outcome). */
function readPage(body: unknown): Page | undefined {
  if (!isRecord(body) || !Array.isArray(body.items) || typeof body.hasMore !== 'boolean') return undefined;
  if (body.nextCursor !== undefined && body.nextCursor !== null && typeof body.nextCursor !== 'string') return undefined;
  const items: KaartIncomingChange[] = [];
  for (const item of body.items) {
    if (!isRecord(item) || typeof item.entity !== 'string' || typeof item.id !== 'string' || item.id === ''
      || !Number.isInteger(item.version) || typeof item.deleted !== 'boolean') return undefined;
    if (!item.deleted && !isRecord(item.data)) return undefined;
    if (!KNOWN.has(item.entity)) continue;
    const data = isRecord(item.data) ? { ...item.data, id: item.id } : { id: item.id };
    const updatedAt = typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {};
    items.push({ entity: item.entity, id: item.id, version: item.version, deleted: item.deleted, data, ...updatedAt } as KaartIncomingChange);
  }
  return {
    items, hasMore: body.hasMore, ...(typeof body.nextCursor === 'string' ? { nextCursor: body.nextCursor } : {}),
    ...(typeof body.organisationDeactivated === 'boolean' ? { organisationDeactivated: body.organisationDeactivated } : {}),
  };
}
