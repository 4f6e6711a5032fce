import type { IdoDb } from './db';
import { recentRegistrations, RECENT_REGISTRATIONS } from './form-reads';
import { currentOrganisation } from './organisation';
import type { StoredRegistration } from './types';

/**
 * What the first screen (the shell and the registration form) reads, read once as the page starts, in ONE
 * read-only transaction, before the first render (issue 15: a cold start waited for a dozen small
 * transactions, one per live query, each after the render that asked for it). The components drawn in the
 * page's first render start from these values; their live queries still follow every change after it.
 */
export interface FirstScreenReads {
  /** settings rows by key, for the keys asked for (a key without a row is absent) */
  settings: Map<string, unknown>;
  place: Awaited<ReturnType<typeof currentOrganisation>>;
  recent: StoredRegistration[];
}

/** The reads themselves: the settings `keys`, the organisation with its locations, the recent registrations. */
export function readFirstScreen(db: IdoDb, keys: readonly string[]): Promise<FirstScreenReads> {
  return db.transaction('r', [db.settings, db.organisations, db.locations, db.registrations], async () => {
    const [rows, place, recent] = await Promise.all([db.settings.bulkGet([...keys]), currentOrganisation(db), recentRegistrations(db, RECENT_REGISTRATIONS)]);
    const settings = new Map<string, unknown>();
    for (const row of rows) if (row) settings.set(row.key, row.value);
    return { settings, place, recent };
  });
}

let current: FirstScreenReads | undefined;

/** Starts the first screen's reads; their values are handed to the first render (`firstScreenReads`). */
export function startFirstScreenReads(db: IdoDb, keys: readonly string[]): Promise<FirstScreenReads> {
  const reads = readFirstScreen(db, keys);
  reads.then((values) => (current = values), () => undefined);
  return reads;
}

/** The first screen's reads while the page's first render runs; undefined before they are in and after that render. */
export function firstScreenReads(): FirstScreenReads | undefined {
  return current;
}

/** The first render is done: a component drawn later reads for itself (these values may be old by then). */
export function endFirstScreen(): void {
  current = undefined;
}
