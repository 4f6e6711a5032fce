import type { IdoLocation, Organisation } from '../shared/registration';
import { DB_NAME } from './name';
import { openFirstScreen } from './open-first-screen';
import { RECENT_REGISTRATIONS } from './form-reads';
import type { Setting, StoredRegistration } from './types';

/**
 * What the first screen (the shell and the registration form) reads, read once as the page starts, in ONE
 * read-only transaction, before the first render (issue 15: a cold start waited for a dozen small
 * transactions, one per live query, each after the render that asked for it). The components drawn in the
 * page's first render start from these values; their live queries still follow every change after it.
 */
export interface FirstScreenReads {
  /** settings rows by key, for the keys asked for (a key without a row is absent) */
  settings: Map<string, unknown>;
  /** as `currentOrganisation` (organisation.ts) reads it */
  place: { organisation: Organisation; locations: IdoLocation[] } | undefined;
  /** as `recentRegistrations(db, RECENT_REGISTRATIONS)` (form-reads.ts) reads them */
  recent: StoredRegistration[];
  /** true when this browser has no database of the app yet (a fresh tablet): nothing was read, nothing is stored */
  noDatabase?: boolean;
}

const byName = (a: IdoLocation, b: IdoLocation) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The reads, with IndexedDB itself rather than Dexie, on the connection `opened` answers (open-first-screen.ts;
 * on the page asked for by index.html's head while the HTML was parsed) and none of Dexie's open work (its schema
 * check of every table), so they are in before Dexie is loaded. The same rows as the Dexie queries they stand
 * for (tests/db/first-screen.test.ts). Its own connection, closed when the reads are done or when a newer
 * version wants the database. Never creates the database: on a first start (none yet) the open's upgrade is
 * aborted, and Dexie makes the database at its own version. A first start's reads are known without reading:
 * nothing is stored yet. They are handed over as the upgrade is asked for, so the first render (the koppelen
 * screen) does not wait for the aborted open and Dexie's whole first open after it (~300 ms on a first visit
 * at 4× CPU, issue 15). Any other failure here rejects: the app then reads through Dexie as before.
 */
export function readFirstScreen(keys: readonly string[], opened: Promise<IDBDatabase | undefined>): Promise<FirstScreenReads> {
  return opened.then((idb) => new Promise((resolve, reject) => {
    const result: FirstScreenReads = { settings: new Map(), place: undefined, recent: [] };
    if (!idb) return resolve({ ...result, noDatabase: true }); // no database yet: nothing is stored
    idb.onversionchange = () => idb.close();
    try {
      const tx = idb.transaction(['settings', 'organisations', 'locations', 'registrations'], 'readonly');
      tx.oncomplete = () => {
        idb.close();
        resolve(result);
      };
      tx.onabort = () => {
        idb.close();
        reject(tx.error ?? new Error('IndexedDB read aborted'));
      };
      const settings = tx.objectStore('settings');
      for (const key of keys) {
        const get = settings.get(key);
        get.onsuccess = () => {
          const row = get.result as Setting | undefined;
          if (row) result.settings.set(key, row.value);
        };
      }
      // The organisation (the first by id, as Dexie's toCollection().first()) and its locations by name. Both are
      // asked for at once (a tablet holds one organisation's few locations): the locations' answer comes after the
      // organisation's, as a transaction answers its requests in the order they were made.
      const first = tx.objectStore('organisations').openCursor();
      let organisation: Organisation | undefined;
      first.onsuccess = () => (organisation = first.result?.value as Organisation | undefined);
      const locations = tx.objectStore('locations').getAll();
      locations.onsuccess = () => {
        if (!organisation) return;
        const id = organisation.id;
        result.place = { organisation, locations: (locations.result as IdoLocation[]).filter((l) => l.organisationId === id).sort(byName) };
      };
      const recent = tx.objectStore('registrations').index('savedAt');
      if (readsBackwards(recent)) readRecentRecords(recent, RECENT_REGISTRATIONS, result.recent);
      else readRecent(recent, RECENT_REGISTRATIONS, result.recent);
    } catch (error) {
      idb.close();
      reject(error);
    }
  }));
}

/**
 * The newest `limit` registrations that are not deleted, newest first (as `recentRegistrations`, form-reads.ts), into
 * `into`, in a few round trips rather than one per row: a key cursor from the newest end jumps over `limit - 1` save
 * times at once (`advance`) to the oldest one wanted, and one getAll reads every row from there up. Deleted rows
 * among them are made up for by another such step below that time. A tablet in use holds its last weeks' contacts:
 * a cursor step per row took ~250 ms of an offline cold start at 4× CPU with 200 of them (session 26).
 */
function readRecent(index: IDBIndex, limit: number, into: StoredRegistration[], below?: IDBValidKey): void {
  const newer = below === undefined ? null : IDBKeyRange.upperBound(below, true);
  const keys = index.openKeyCursor(newer, 'prev');
  let jumped = false;
  keys.onsuccess = () => {
    const cursor = keys.result;
    const need = limit - into.length;
    if (cursor && need > 1 && !jumped) {
      jumped = true;
      cursor.advance(need - 1);
      return;
    }
    const from = cursor?.key; // none: fewer rows left than needed, all of them are read
    const range = from === undefined ? newer : below === undefined ? IDBKeyRange.lowerBound(from) : IDBKeyRange.bound(from, below, false, true);
    const rows = index.getAll(range);
    rows.onsuccess = () => {
      const found = rows.result as StoredRegistration[]; // oldest first, as the index holds them
      for (let i = found.length - 1; i >= 0 && into.length < limit; i--) if (!found[i].deleted) into.push(found[i]);
      if (into.length < limit && from !== undefined) readRecent(index, limit, into, from);
    };
  };
}

/** IndexedDB 3's getAllRecords, which TypeScript's DOM types do not have yet. */
interface RecordsIndex extends IDBIndex {
  getAllRecords(options: { query?: IDBKeyRange | null; count?: number; direction?: IDBCursorDirection }): IDBRequest<Array<{ key: IDBValidKey; primaryKey: IDBValidKey; value: unknown }>>;
}
const readsBackwards = (index: IDBIndex): index is RecordsIndex => typeof (index as Partial<RecordsIndex>).getAllRecords === 'function';

/**
 * `readRecent` in one request where IndexedDB can read backwards (getAllRecords, IndexedDB 3: Chromium 141 and
 * later): the newest `limit` rows, newest first, as a cursor from the newest end meets them (equal save times by id
 * from the highest). Deleted rows among them are made up for by another request from the last save time read down;
 * its first rows are the ones at that time already read (`atLast`), passed over.
 */
function readRecentRecords(index: RecordsIndex, limit: number, into: StoredRegistration[], last?: IDBValidKey, atLast = 0): void {
  const count = limit - into.length + atLast;
  const rows = index.getAllRecords({ query: last === undefined ? null : IDBKeyRange.upperBound(last), direction: 'prev', count });
  rows.onsuccess = () => {
    const found = rows.result;
    for (let i = atLast; i < found.length && into.length < limit; i++) {
      const row = found[i].value as StoredRegistration;
      if (!row.deleted) into.push(row);
    }
    const end = found.at(-1);
    if (into.length >= limit || end === undefined || found.length < count) return; // enough, or no rows left
    // The rows read at the last save time, which the next request meets first: those at this request's end (all of
    // them when it read nothing else; it met the ones read before it first, too).
    let at = 0;
    while (at < found.length && indexedDB.cmp(found[found.length - 1 - at].key, end.key) === 0) at++;
    readRecentRecords(index, limit, into, end.key, at);
  };
}

let current: FirstScreenReads | undefined;
let ended = false;

/** Starts the first screen's reads; their values are handed to the first render (`firstScreenReads`). */
export function startFirstScreenReads(keys: readonly string[]): Promise<FirstScreenReads> {
  let reads: Promise<FirstScreenReads>;
  try {
    // The open index.html's head asked for as the page was parsed (open-first-screen.ts), or one of its own.
    reads = readFirstScreen(keys, (globalThis as { idoFirstOpen?: ReturnType<typeof openFirstScreen> }).idoFirstOpen ?? openFirstScreen(indexedDB, DB_NAME));
  } catch (error) {
    reads = Promise.reject(error); // no IndexedDB at all: the app says so through Dexie
  }
  reads.then((values) => {
    if (!ended) current = values; // reads that came after the first render (it did not wait for them) are old news
  }, () => undefined);
  return reads;
}

/** The first screen's reads while the page's first render runs; undefined before they are in and after that render. */
export function firstScreenReads(): FirstScreenReads | undefined {
  return current;
}

/** The first render is done: a component drawn later reads for itself (these values may be old by then). */
export function endFirstScreen(): void {
  ended = true;
  current = undefined;
}
