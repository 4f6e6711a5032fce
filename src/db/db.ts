import Dexie, { type EntityTable } from 'dexie';
import type { Attribute, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm } from '../shared/kaart/types';
import type { IdoLocation, Organisation } from '../shared/registration';
import type { SnelwijzerCard } from '../shared/snelwijzer/card';
import { v1 } from './migrations/v1';
import { v2 } from './migrations/v2';
import { v3 } from './migrations/v3';
import { v4 } from './migrations/v4';
import { v5 } from './migrations/v5';
import type { KaartFeedback, KaartOutboxEntry, OutboxBatch, Setting, StoredGroupSession, StoredRegistration } from './types';

export const DB_NAME = 'ido-onderweg';

/** Every schema version in order; a new version adds a file in migrations/ and a line here. */
export const migrations = [v1, v2, v3, v4, v5];

/** The tablet's database: registrations, the data they refer to, and the sociale kaart. */
export class IdoDb extends Dexie {
  registrations!: EntityTable<StoredRegistration, 'id'>;
  organisations!: EntityTable<Organisation, 'id'>;
  locations!: EntityTable<IdoLocation, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  batches!: EntityTable<OutboxBatch, 'batchId'>;
  // the sociale kaart (v3): HSDS records as the server last sent them or as staff edited them
  kaartOrganizations!: EntityTable<Organization, 'id'>;
  kaartServices!: EntityTable<Service, 'id'>;
  kaartLocations!: EntityTable<Location, 'id'>;
  kaartServiceAtLocations!: EntityTable<ServiceAtLocation, 'id'>;
  kaartPhones!: EntityTable<Phone, 'id'>;
  kaartSchedules!: EntityTable<Schedule, 'id'>;
  kaartTaxonomyTerms!: EntityTable<TaxonomyTerm, 'id'>;
  kaartAttributes!: EntityTable<Attribute, 'id'>;
  kaartFeedback!: EntityTable<KaartFeedback, 'id'>;
  kaartOutbox!: EntityTable<KaartOutboxEntry, 'id'>;
  // the Snelwijzer (v4): staff quick reference cards, synced as the kaart entity `snelwijzer_card`
  snelwijzerCards!: EntityTable<SnelwijzerCard, 'id'>;
  // group sessions (v5): the wire record plus the same bookkeeping as a registration
  groupSessions!: EntityTable<StoredGroupSession, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    for (const migrate of migrations) migrate(this);
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
