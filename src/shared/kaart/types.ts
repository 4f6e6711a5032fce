/**
 * The sociale kaart as records: a trimmed Open Referral HSDS 3.0 plus local extras
 * (docs/sociale-kaart.md). Field names are HSDS's own (snake_case), so an HSDS
 * export imports without a mapping table. `*Fields` is what an entity says; the stored
 * record adds the sync metadata (`KaartRecordMeta`).
 */

/** The entities of the kaart, by their HSDS names. */
export type KaartEntity =
  | 'organization'
  | 'service'
  | 'location'
  | 'service_at_location'
  | 'phone'
  | 'schedule'
  | 'taxonomy_term'
  | 'attribute';

/** Every entity, parents before children (the order to insert or export them in). */
export const KAART_ENTITIES: readonly KaartEntity[] = [
  'taxonomy_term', 'organization', 'service', 'location', 'service_at_location', 'phone', 'schedule', 'attribute',
];

/** What the server adds to every record. */
export interface KaartRecordMeta {
  /** server-assigned, 1 or higher; 0 while a new record has never reached the server */
  version: number;
  /** ISO 8601 instant of the last change */
  updatedAt: string;
  /** tombstone: a delete keeps the record so the delete can sync */
  deleted: boolean;
}

/** Who may see a record: an organisation id, or `null` for the national entries. */
export type KaartScope = string | null;

export interface OrganizationFields {
  id: string;
  name: string;
  alternate_name?: string;
  description?: string;
  website?: string;
  email?: string;
  /** local extra: Chamber of Commerce number (8 digits), the dedup key */
  kvk?: string;
  /** local extra: the library organisation that keeps this entry; `null` = national (a government organisation's own contact point) */
  owner_organisation_id: KaartScope;
}

export type ServiceStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed';
export const SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'inactive', 'defunct', 'temporarily closed'];

/** How a visitor gets to the service: a warm hand-over, walk in, an appointment, or a phone call. */
export type ReferralMethod = 'warm' | 'walk_in' | 'appointment' | 'phone';
export const REFERRAL_METHODS: readonly ReferralMethod[] = ['warm', 'walk_in', 'appointment', 'phone'];

export interface ServiceFields {
  id: string;
  organization_id: string;
  name: string;
  alternate_name?: string;
  description?: string;
  url?: string;
  email?: string;
  status: ServiceStatus;
  interpretation_services?: string;
  application_process?: string;
  fees_description?: string;
  eligibility_description?: string;
  /** YYYY-MM-DD: when someone last checked this entry */
  assured_date?: string;
  /** local extra: who checked it (a role or initials, not a visitor) */
  verified_by?: string;
  /** ISO 639-1/639-3 codes, e.g. ["nl", "en", "ar"] */
  languages?: string[];
  /** local extra */
  referral_method?: ReferralMethod;
  /** local extra: registration topic codes (code list `topic`) this service helps with */
  ido_topics?: string[];
  /** local extra: words from an import's taxonomy terms that are not one of our themes; search finds them */
  keywords?: string[];
}

export interface LocationFields {
  id: string;
  organization_id: string;
  name?: string;
  /** street and house number (HSDS address.address_1, kept on the location) */
  address_1: string;
  /** "1234 AB" */
  postal_code?: string;
  city: string;
  latitude?: number;
  longitude?: number;
  accessibility?: string;
}

export interface ServiceAtLocationFields {
  id: string;
  service_id: string;
  location_id: string;
}

/** A phone number of exactly one of a service, an organization or a location. */
export interface PhoneFields {
  id: string;
  service_id?: string;
  organization_id?: string;
  location_id?: string;
  number: string;
  description?: string;
}

export type ScheduleFreq = 'WEEKLY' | 'MONTHLY';
export type WeekParity = 'odd' | 'even';

/**
 * When a service is open, as an HSDS (iCalendar-like) rule in Europe/Amsterdam wall-clock time.
 * A schedule without `freq` carries only a `description` (e.g. "Alleen op afspraak").
 */
export interface ScheduleFields {
  id: string;
  /** exactly one of service_id and service_at_location_id */
  service_id?: string;
  service_at_location_id?: string;
  freq?: ScheduleFreq;
  /** every N weeks or months, counted from the week or month of valid_from; default 1 */
  interval?: number;
  /** "MO,TU"; for MONTHLY with an ordinal: "1TU" (first Tuesday), "-1FR" (last Friday) */
  byday?: string;
  /** "HH:MM" */
  opens_at?: string;
  /** "HH:MM", after opens_at on the same day */
  closes_at?: string;
  /** YYYY-MM-DD, inclusive */
  valid_from?: string;
  /** YYYY-MM-DD, inclusive */
  valid_to?: string;
  /** local extra: only in odd or even ISO weeks (by the week number, so weeks 53 and 1 are both odd) */
  week_parity?: WeekParity;
  /** free text for exceptions, shown beside the hours */
  description?: string;
}

/** A theme of the kaart (themes.json); `parent_id` is null for the ten top themes. */
export interface TaxonomyTermFields {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
}

/** Links a service to a taxonomy term (HSDS attribute with link_entity "service"). */
export interface AttributeFields {
  id: string;
  link_id: string;
  link_entity: 'service';
  taxonomy_term_id: string;
}

/** The fields of each entity, by entity name. */
export interface KaartFieldsByEntity {
  organization: OrganizationFields;
  service: ServiceFields;
  location: LocationFields;
  service_at_location: ServiceAtLocationFields;
  phone: PhoneFields;
  schedule: ScheduleFields;
  taxonomy_term: TaxonomyTermFields;
  attribute: AttributeFields;
}

export type KaartFields<E extends KaartEntity = KaartEntity> = KaartFieldsByEntity[E];
/** A stored record: the entity's fields plus version, updatedAt and the tombstone flag. */
export type KaartRecord<E extends KaartEntity = KaartEntity> = KaartFieldsByEntity[E] & KaartRecordMeta;

export type Organization = KaartRecord<'organization'>;
export type Service = KaartRecord<'service'>;
export type Location = KaartRecord<'location'>;
export type ServiceAtLocation = KaartRecord<'service_at_location'>;
export type Phone = KaartRecord<'phone'>;
export type Schedule = KaartRecord<'schedule'>;
export type TaxonomyTerm = KaartRecord<'taxonomy_term'>;
export type Attribute = KaartRecord<'attribute'>;

/** A whole kaart (or a part of it): one array per entity; what import and export carry. */
export type KaartDataSet = { [E in KaartEntity]: KaartFieldsByEntity[E][] };

/** An empty data set. */
export function emptyDataSet(): KaartDataSet {
  return { organization: [], service: [], location: [], service_at_location: [], phone: [], schedule: [], taxonomy_term: [], attribute: [] };
}

// ---- The kaart endpoints of the ingest API (docs/api-extensions.md, "Sociale kaart") ----

/** One change as `GET /api/v1/kaart/changes` returns it; narrowing on `entity` narrows `data`. */
export type KaartChange = { [E in KaartEntity]: KaartChangeOf<E> }[KaartEntity];
export interface KaartChangeOf<E extends KaartEntity> {
  entity: E;
  id: string;
  version: number;
  deleted: boolean;
  data: KaartFieldsByEntity[E];
}

/** `GET /api/v1/kaart/changes?since=<cursor>&limit=500` */
export interface KaartChangesPage {
  items: KaartChange[];
  nextCursor: string;
  hasMore: boolean;
}

/** One change a tablet sends; `baseVersion` is the version it edited (0 for a new record). */
export type KaartPushChange = { [E in KaartEntity]: KaartPushChangeOf<E> }[KaartEntity];
export interface KaartPushChangeOf<E extends KaartEntity> {
  entity: E;
  id: string;
  baseVersion: number;
  deleted: boolean;
  data: KaartFieldsByEntity[E];
}

/** `POST /api/v1/kaart/changes` body. */
export interface KaartPushRequest {
  changes: KaartPushChange[];
}

export type KaartPushStatus = 'applied' | 'conflict' | 'rejected';

/** The answer for one pushed change. */
export interface KaartPushResult {
  id: string;
  status: KaartPushStatus;
  /** applied: the new stored version; conflict: the stored version that won; rejected: the stored version (0 when none) */
  version: number;
  /** conflict: the stored record, so the app can show both side by side */
  current?: KaartChange;
  /** rejected: the first validation error's code, field and Dutch message */
  code?: string;
  field?: string;
  message?: string;
}

/** `POST /api/v1/kaart/changes` answer. */
export interface KaartPushResponse {
  results: KaartPushResult[];
}
