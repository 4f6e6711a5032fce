import type { IdoDb } from '../db/db';
import { stillWaiting } from './backoff';
import { checkDelivered } from './delivery-check';
import { deviceContactHeaders } from './device-contact';
import { pullKaart } from './kaart-pull';
import { pushKaart } from './kaart-push';
import { readKaartStatus } from './kaart-status';
import { kaartDeps, type KaartDeps, type KaartStepResult } from './kaart-outcome';
import { withOutboxLock } from './lock';
import { drainHoldingLock, type DrainOptions, type DrainResult } from './outbox';
import { purgeSent } from './purge';
import { refreshLocations } from './locations';
import { refreshRising } from './rising';
import { type DeliveryCheckTransport, fetchTransport, type KaartTransport, type LocationsTransport, type RisingTransport, type Transport } from './transport';

/** What the page and the service worker pass to syncAll: drainOutbox's options, with a transport that also speaks kaart. */
export interface SyncOptions extends Omit<DrainOptions, 'transport'> {
  /** defaults to fetchTransport() on this origin; without checkRegistrations no delivery check runs */
  transport?: Transport & KaartTransport & Partial<DeliveryCheckTransport> & Partial<LocationsTransport> & Partial<RisingTransport>;
}

/** What the kaart step did in this run: changes the server applied, changes pulled in. */
export interface KaartReport {
  pushed: number;
  pulled: number;
}

/**
 * drainOutbox's result, plus the kaart's share when it ran. 'waiting' may come from the kaart
 * alone (its own backoff): call again at nextAttemptAt as for the registrations.
 */
export type SyncResult = DrainResult & {
  kaart?: KaartReport;
  /** registrations the delivery check found missing on the server and sent back to the outbox */
  resent?: number;
};

/**
 * One sync run under the outbox's single-flight lock: the registrations first (drainOutbox,
 * unchanged), then, once they are all sent, the daily delivery check (what a restored server lost
 * goes again at once) and the purge, then kaart push and kaart pull. The page's triggers and the
 * service worker's `sync` event call this instead of drainOutbox.
 */
export async function syncAll(db: IdoDb, options: SyncOptions = {}): Promise<SyncResult> {
  const transport = options.transport ?? fetchTransport('', undefined, undefined, deviceContactHeaders(db));
  const deps: KaartDeps = kaartDeps(options);
  const locks = options.locks === null ? undefined : options.locks ?? globalThis.navigator?.locks;
  const result = await withOutboxLock(async (): Promise<SyncResult> => {
    const drained = await drainHoldingLock(db, { ...options, transport });
    // paused, waiting, not enrolled: the kaart waits too (same token, same server)
    if (drained.outcome !== 'done') return drained;
    // Locations the coordinator added, changed or closed since the last sync (a failure here changes nothing).
    if (transport.getLocations) await refreshLocations(db, transport as LocationsTransport);
    // The daily delivery check (src/sync/delivery-check.ts); what the server lost goes again at once; then the purge.
    const check = transport.checkRegistrations ? await checkDelivered(db, transport as DeliveryCheckTransport, deps.now()) : undefined;
    if (check?.outcome === 'paused') return { outcome: 'paused', reason: check.reason, sent: drained.sent };
    const resent = check && 'missing' in check ? check.missing : 0;
    const registrations = resent > 0 ? addSent(await drainHoldingLock(db, { ...options, transport }), drained.sent, resent) : drained;
    if (registrations.outcome !== 'done') return registrations;
    await purgeSent(db, deps.now());
    const kaartDue = await kaartWaitsUntil(db, deps);
    if (kaartDue && !options.force && !options.backOnline) return { outcome: 'waiting', nextAttemptAt: kaartDue, sent: registrations.sent, left: await kaartLeft(db) };
    const push = await pushKaart(db, transport, deps);
    const pull = push.outcome === 'done' ? await pullKaart(db, transport, deps) : push;
    const kaart = { pushed: countOf(push), pulled: push === pull ? 0 : countOf(pull) };
    if (pull.outcome === 'waiting') return { outcome: 'waiting', nextAttemptAt: pull.nextAttemptAt, sent: registrations.sent, left: await kaartLeft(db), kaart };
    if (pull.outcome === 'paused') return { outcome: 'paused', reason: pull.reason, sent: registrations.sent, kaart };
    // "Opvallend" for the coordinator's Overzicht, at most hourly (a failure here changes nothing).
    if (transport.getRising) await refreshRising(db, transport as RisingTransport, deps.now());
    return { ...registrations, kaart };
  }, locks);
  return result === 'busy' ? { outcome: 'busy' } : result;
}

/**
 * The kaart's own backoff, when it has not passed yet. As the outbox's (outbox.ts): a wait that began with a failure
 * while the browser said it was offline was about the dead line, so it ends at the first trigger once the browser is
 * online (the service worker's sync event, fired as the network comes back, knows no 'online' event).
 */
async function kaartWaitsUntil(db: IdoDb, deps: KaartDeps): Promise<string | undefined> {
  const { nextAttemptAt, waitBeganOffline } = await readKaartStatus(db);
  if (waitBeganOffline === true && deps.online()) return undefined;
  return stillWaiting(nextAttemptAt, deps.now().getTime()) ? nextAttemptAt : undefined;
}

/** Kaart changes still to push (the registrations are all sent when the kaart runs). */
const kaartLeft = (db: IdoDb) => db.kaartOutbox.where('state').equals('pending').count();

const countOf = (step: KaartStepResult) => ('count' in step ? step.count : 0);

/** The second drain's result with the first drain's count added, and how many the check sent back. */
function addSent(result: DrainResult, before: number, resent: number): SyncResult {
  return 'sent' in result ? { ...result, sent: result.sent + before, resent } : { ...result, resent };
}
