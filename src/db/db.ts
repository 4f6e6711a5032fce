import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Attribute, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm } from '../shared/kaart/types';
import type { IdoLocation, Organisation } from '../shared/registration';
import type { SnelwijzerCard } from '../shared/snelwijzer/card';
import { v1 } from './migrations/v1';
import { v2 } from './migrations/v2';
import { v3 } from './migrations/v3';
import { v4 } from './migrations/v4';
import { v5 } from './migrations/v5';
import { v6 } from './migrations/v6';
import { durableRecordWrites } from './durable-writes';
import { DB_NAME } from './name';
import type { KaartFeedback, KaartOutboxEntry, OutboxBatch, Setting, StoredGroupSession, StoredRegistration } from './types';

export { DB_NAME };

/** Every schema version in order; a new version adds a file in migrations/ and a line here. */
export const migrations = [v1, v2, v3, v4, v5, v6];

/** A version IdoDb declares to Dexie: its whole schema (every table up to it) and its upgrade functions. */
export interface DeclaredVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrades: ((tx: Transaction) => void | PromiseLike<unknown>)[];
}

/**
 * The versions IdoDb declares: each one with an upgrade function (it converts rows, so it must run in
 * its place) and the newest, each with the whole schema up to it. Dexie (3 and later) needs no more: it
 * reads the schema a tablet holds from the database itself and compares. Declaring every version costs
 * each page, worker and service worker a few milliseconds as it starts, as `Dexie.version()` and
 * `stores()` parse every version declared so far again (30 versions parsed for 5; issue 15's profiles).
 * The migration files stay as they shipped: this records what they declare and declares it once.
 */
export function declaredVersions(list: readonly ((db: Dexie) => void)[]): DeclaredVersion[] {
  const recorded: DeclaredVersion[] = [];
  const recorder = {
    version(version: number) {
      const entry: DeclaredVersion = { version, stores: {}, upgrades: [] };
      recorded.push(entry);
      const declared = {
        stores(stores: Record<string, string | null>) {
          Object.assign(entry.stores, stores);
          return declared;
        },
        upgrade(upgrade: (tx: Transaction) => void | PromiseLike<unknown>) {
          entry.upgrades.push(upgrade);
          return declared;
        },
      };
      return declared;
    },
  };
  // The migrations call only version(), stores() and upgrade(): what a shipped version declared.
  for (const migrate of list) migrate(recorder as unknown as Dexie);
  recorded.sort((a, b) => a.version - b.version);
  const whole: Record<string, string | null> = {};
  return recorded.flatMap((entry, index) => {
    Object.assign(whole, entry.stores);
    const newest = index === recorded.length - 1;
    return entry.upgrades.length > 0 || newest ? [{ ...entry, stores: { ...whole } }] : [];
  });
}

/** The tablet's database: registrations, the data they refer to, and the sociale kaart. */
export class IdoDb extends Dexie {
  // `declare`: Dexie puts each table on the instance as the versions are declared; a class field would first set it to undefined.
  declare registrations: EntityTable<StoredRegistration, 'id'>;
  declare organisations: EntityTable<Organisation, 'id'>;
  declare locations: EntityTable<IdoLocation, 'id'>;
  declare settings: EntityTable<Setting, 'key'>;
  declare batches: EntityTable<OutboxBatch, 'batchId'>;
  // the sociale kaart (v3): HSDS records as the server last sent them or as staff edited them
  declare kaartOrganizations: EntityTable<Organization, 'id'>;
  declare kaartServices: EntityTable<Service, 'id'>;
  declare kaartLocations: EntityTable<Location, 'id'>;
  declare kaartServiceAtLocations: EntityTable<ServiceAtLocation, 'id'>;
  declare kaartPhones: EntityTable<Phone, 'id'>;
  declare kaartSchedules: EntityTable<Schedule, 'id'>;
  declare kaartTaxonomyTerms: EntityTable<TaxonomyTerm, 'id'>;
  declare kaartAttributes: EntityTable<Attribute, 'id'>;
  declare kaartFeedback: EntityTable<KaartFeedback, 'id'>;
  declare kaartOutbox: EntityTable<KaartOutboxEntry, 'id'>;
  // the Snelwijzer (v4): staff quick reference cards, synced as the kaart entity `snelwijzer_card`
  declare snelwijzerCards: EntityTable<SnelwijzerCard, 'id'>;
  // group sessions (v5): the wire record plus the same bookkeeping as a registration
  declare groupSessions: EntityTable<StoredGroupSession, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    for (const { version, stores, upgrades } of declaredVersions(migrations)) {
      const declared = this.version(version).stores(stores);
      for (const upgrade of upgrades) declared.upgrade(upgrade);
    }
    this.use(durableRecordWrites);
    // Another tab opened a newer version: let go, so its upgrade can run, and tell the page.
    this.on('versionchange', () => {
      this.close();
      globalThis.dispatchEvent?.(new Event('ido-db-versionchange'));
      return false;
    });
  }
}

/** The one database instance of this page or service worker. */
export const db = new IdoDb();
