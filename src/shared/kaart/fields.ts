import type { KaartEntity } from './types';
import { REFERRAL_METHODS, SERVICE_STATUSES } from './types';
import { ownValue } from '../own-key';
import { cutText } from '../text-length';

/**
 * The field catalogue: every field of every entity with its kind, written once and read by
 * validation, the HSDS JSON import, the CSV package (columns and datapackage.json) and id remapping.
 */
export type FieldKind =
  | 'id' // the record's own id (UUID)
  | 'ref' // the id of another kaart record (see `ref`)
  | 'owner' // owner_organisation_id: a library organisation's UUID, or null = national
  | 'text'
  | 'url'
  | 'email'
  | 'phone'
  | 'postal_code'
  | 'kvk'
  | 'date'
  | 'time'
  | 'latitude'
  | 'longitude'
  | 'integer'
  | 'enum'
  | 'topics'
  | 'languages'
  | 'keywords'
  | 'byday';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** the value may be null (and is stored as null when absent) */
  nullable?: boolean;
  /** longest text allowed */
  max?: number;
  /** allowed values of an enum */
  values?: readonly string[];
  /** the entity a `ref` points to */
  ref?: KaartEntity;
}

const NAME = 200;
const SHORT = 500;
const LONG = 4000;

export const KAART_FIELDS: { readonly [E in KaartEntity]: readonly FieldSpec[] } = {
  organization: [
    { name: 'id', kind: 'id', required: true },
    { name: 'name', kind: 'text', required: true, max: NAME },
    { name: 'alternate_name', kind: 'text', max: NAME },
    { name: 'description', kind: 'text', max: LONG },
    { name: 'website', kind: 'url', max: SHORT },
    { name: 'email', kind: 'email', max: 254 },
    { name: 'kvk', kind: 'kvk' },
    { name: 'owner_organisation_id', kind: 'owner', required: true, nullable: true },
  ],
  service: [
    { name: 'id', kind: 'id', required: true },
    { name: 'organization_id', kind: 'ref', ref: 'organization', required: true },
    { name: 'name', kind: 'text', required: true, max: NAME },
    { name: 'alternate_name', kind: 'text', max: NAME },
    { name: 'description', kind: 'text', max: LONG },
    { name: 'url', kind: 'url', max: SHORT },
    { name: 'email', kind: 'email', max: 254 },
    { name: 'status', kind: 'enum', values: SERVICE_STATUSES, required: true },
    { name: 'interpretation_services', kind: 'text', max: SHORT },
    { name: 'application_process', kind: 'text', max: LONG },
    { name: 'fees_description', kind: 'text', max: LONG },
    { name: 'eligibility_description', kind: 'text', max: LONG },
    { name: 'assured_date', kind: 'date' },
    { name: 'verified_by', kind: 'text', max: 100 },
    { name: 'languages', kind: 'languages' },
    { name: 'referral_method', kind: 'enum', values: REFERRAL_METHODS },
    { name: 'ido_topics', kind: 'topics' },
    { name: 'keywords', kind: 'keywords' },
  ],
  location: [
    { name: 'id', kind: 'id', required: true },
    { name: 'organization_id', kind: 'ref', ref: 'organization', required: true },
    { name: 'name', kind: 'text', max: NAME },
    { name: 'address_1', kind: 'text', required: true, max: NAME },
    { name: 'postal_code', kind: 'postal_code' },
    { name: 'city', kind: 'text', required: true, max: 100 },
    { name: 'latitude', kind: 'latitude' },
    { name: 'longitude', kind: 'longitude' },
    { name: 'accessibility', kind: 'text', max: LONG },
  ],
  service_at_location: [
    { name: 'id', kind: 'id', required: true },
    { name: 'service_id', kind: 'ref', ref: 'service', required: true },
    { name: 'location_id', kind: 'ref', ref: 'location', required: true },
  ],
  phone: [
    { name: 'id', kind: 'id', required: true },
    { name: 'service_id', kind: 'ref', ref: 'service' },
    { name: 'organization_id', kind: 'ref', ref: 'organization' },
    { name: 'location_id', kind: 'ref', ref: 'location' },
    { name: 'number', kind: 'phone', required: true, max: 40 },
    { name: 'description', kind: 'text', max: NAME },
  ],
  schedule: [
    { name: 'id', kind: 'id', required: true },
    { name: 'service_id', kind: 'ref', ref: 'service' },
    { name: 'service_at_location_id', kind: 'ref', ref: 'service_at_location' },
    { name: 'freq', kind: 'enum', values: ['WEEKLY', 'MONTHLY'] },
    { name: 'interval', kind: 'integer' },
    { name: 'byday', kind: 'byday', max: 100 },
    { name: 'opens_at', kind: 'time' },
    { name: 'closes_at', kind: 'time' },
    { name: 'valid_from', kind: 'date' },
    { name: 'valid_to', kind: 'date' },
    { name: 'week_parity', kind: 'enum', values: ['odd', 'even'] },
    { name: 'description', kind: 'text', max: SHORT },
  ],
  taxonomy_term: [
    { name: 'id', kind: 'id', required: true },
    { name: 'code', kind: 'text', required: true, max: 40 },
    { name: 'name', kind: 'text', required: true, max: NAME },
    { name: 'parent_id', kind: 'ref', ref: 'taxonomy_term', required: true, nullable: true },
  ],
  attribute: [
    { name: 'id', kind: 'id', required: true },
    { name: 'link_id', kind: 'ref', ref: 'service', required: true },
    { name: 'link_entity', kind: 'enum', values: ['service'], required: true },
    { name: 'taxonomy_term_id', kind: 'ref', ref: 'taxonomy_term', required: true },
  ],
};

/** The sync metadata a record may carry beside its fields. */
export const META_FIELDS = new Set(['version', 'updatedAt', 'deleted']);

/** The names of an entity's fields, in catalogue order. */
export function fieldNames(entity: KaartEntity): string[] {
  return KAART_FIELDS[entity].map((field) => field.name);
}

/** The HSDS table name of an entity: "organizations", "service_at_locations", … */
export const HSDS_TABLES: { readonly [E in KaartEntity]: string } = {
  organization: 'organizations',
  service: 'services',
  location: 'locations',
  service_at_location: 'service_at_locations',
  phone: 'phones',
  schedule: 'schedules',
  taxonomy_term: 'taxonomy_terms',
  attribute: 'attributes',
};

/** Dutch names of the entities, as counts and error lists show them: [one, many]. */
export const ENTITY_NAMES: Record<KaartEntity, [string, string]> = {
  organization: ['organisatie', 'organisaties'],
  service: ['dienst', 'diensten'],
  location: ['locatie', 'locaties'],
  service_at_location: ['koppeling dienst–locatie', 'koppelingen dienst–locatie'],
  phone: ['telefoonnummer', 'telefoonnummers'],
  schedule: ['openingstijd', 'openingstijden'],
  taxonomy_term: ['thema', 'thema’s'],
  attribute: ['themakoppeling', 'themakoppelingen'],
};

/** Dutch names of fields, for messages ("Vul de naam in"). */
export const FIELD_LABELS: Record<string, string> = {
  id: 'id', name: 'naam', alternate_name: 'andere naam', description: 'omschrijving', website: 'website', url: 'website',
  email: 'e-mailadres', kvk: 'KvK-nummer', owner_organisation_id: 'eigenaar', organization_id: 'organisatie',
  status: 'status', interpretation_services: 'tolkdiensten', application_process: 'aanmelden',
  fees_description: 'kosten', eligibility_description: 'voor wie', assured_date: 'datum laatste controle',
  verified_by: 'gecontroleerd door', languages: 'talen', referral_method: 'manier van verwijzen', ido_topics: 'IDO-onderwerpen', keywords: 'trefwoorden',
  address_1: 'adres', postal_code: 'postcode', city: 'plaats', latitude: 'breedtegraad', longitude: 'lengtegraad',
  accessibility: 'toegankelijkheid', service_id: 'dienst', location_id: 'locatie', number: 'telefoonnummer',
  service_at_location_id: 'dienst op locatie', freq: 'herhaling', interval: 'interval', byday: 'dagen',
  opens_at: 'openingstijd', closes_at: 'sluitingstijd', valid_from: 'geldig vanaf', valid_to: 'geldig tot en met',
  week_parity: 'even of oneven weken', code: 'code', parent_id: 'bovenliggend thema', link_id: 'dienst',
  link_entity: 'soort koppeling', taxonomy_term_id: 'thema', country: 'land', addresses: 'adressen',
};

/**
 * A field's Dutch name, or the field's own name where it has none: own entries of FIELD_LABELS only, so a file's column
 * "constructor" or "__proto__" is shown as itself (not as Object.prototype's member, which showed nothing).
 */
export function fieldLabel(field: string): string {
  return ownValue(FIELD_LABELS, field) ?? field;
}

/** The longest field or file name an import report repeats from a file. */
const REPORTED_NAME_MAX = 60;

/**
 * How an import reports a field, column or file it did not take: "organization.tax_id", "address.address_2",
 * "file.contacts.csv". A longer name (a key of a megabyte) is cut at 60 characters, so the report stays a list to read.
 */
export function ignoredName(part: string, name: string): string {
  return `${part}.${cutText(name, REPORTED_NAME_MAX)}`;
}

/** Model fields that are local extras, by their name in the nested HSDS 3.0 export (hsds-nested.ts): a prefix the standard does not use. */
export const LOCAL_EXTRAS: Readonly<Record<string, string>> = {
  kvk: 'ido_kvk', owner_organisation_id: 'ido_owner_organisation_id', verified_by: 'ido_verified_by',
  referral_method: 'ido_referral_method', ido_topics: 'ido_topics', keywords: 'ido_keywords', week_parity: 'ido_week_parity',
};
/** The model's name of a prefixed local extra: "ido_kvk" → "kvk". */
export const LOCAL_EXTRA_FIELDS: ReadonlyMap<string, string> = new Map(Object.entries(LOCAL_EXTRAS).map(([field, name]) => [name, field]));

/**
 * What the HSDS 3.0 exports write where the standard asks for a value the kaart does not keep: every location's
 * `location_type` (and its address's `address_type`), a theme's `taxonomy`, an attribute's `link_type`. The import
 * reads them back without a word (import-pipeline.ts).
 */
export const LOCATION_TYPE = 'physical';
export const THEME_TAXONOMY = 'ido-thema';
export const ATTRIBUTE_LINK_TYPE = 'service';
