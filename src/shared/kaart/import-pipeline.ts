import { ATTRIBUTE_LINK_TYPE, ENTITY_NAMES, type FieldSpec, ignoredName, KAART_FIELDS, LOCAL_EXTRA_FIELDS, LOCATION_TYPE, META_FIELDS, THEME_TAXONOMY } from './fields';
import { normalizePostalCode } from './formats';
import { themeByCode, themeById } from './themes';
import { emptyDataSet, KAART_ENTITIES, type KaartDataSet, type KaartEntity, type KaartScope } from './types';
import {
  accessibilityText, attachLinkPhones, attachLocationSchedules, moveZonedSchedules, normalizeClockTime, type OtherAddresses, otherAddressesNotice, otherAddressesOf,
  readLocationCountry, resolveTaxonomy,
} from './hsds-published';
import { repairRecord } from './import-repair';
import type { TaxonomyMapping } from './taxonomy-mapping';
import { validateKaartRecord } from './validate';
import { isUuid } from '../ids';

/**
 * The common end of every file import (HSDS JSON, the HSDS CSV package): raw records per entity
 * in, clean validated records out. Fields outside the trimmed model are dropped and reported once;
 * ids that are not UUIDs get new ones (references follow); a record with an error, or one that
 * points to such a record, is left out and listed. Pure: the caller applies the result in one go.
 */

export interface KaartImportOptions {
  /** set as owner_organisation_id of every organization (the kaart it is imported into); when left out, the file's value counts */
  ownerOrganisationId?: KaartScope;
  /** makes ids for records whose id is not a UUID; default crypto.randomUUID */
  newId?: () => string;
  /** ids already in the kaart that references may point to */
  knownIds?: (entity: KaartEntity, id: string) => boolean;
  /**
   * keep the good: a wrong optional value (latitude 100, a phone no one can call) is dropped with a
   * warning and its record kept (import-repair.ts). Left out ("alles of niets"), every wrong value is an error.
   */
  dropInvalidValues?: boolean;
  /** term → theme code for taxonomy terms outside our themes; default the shipped table (taxonomy-mapping.json) */
  taxonomyMapping?: TaxonomyMapping;
}

/** One problem with one record of the file. */
export interface KaartImportError {
  /** the entity, or undefined for a problem with the whole file */
  entity?: KaartEntity;
  /** JSON: position in the file's list of that entity, 0-based (for a nested record: in its parent's list); CSV: the row, header = 1 */
  index?: number;
  id?: string;
  field: string;
  code: string;
  message: string;
}

export interface KaartImportResult {
  /** the records that passed, one array per entity */
  records: KaartDataSet;
  errors: KaartImportError[];
  /** fields outside the trimmed model, once each, as "entity.field" */
  ignoredFields: string[];
  /** ids replaced because they were not UUIDs: how many */
  replacedIds: number;
  /**
   * wrong values dropped from records that are kept (dropInvalidValues, import-repair.ts): the file has an error
   * there, so an import "alles of niets" refuses them like errors, and keeping the good takes the rest of the record
   */
  warnings: KaartImportError[];
  /**
   * what the kaart does not take of a sound file, told and never a reason to stop: a location's other addresses (the
   * kaart keeps one), hours at a location where no service is given. Like the ignored fields, only more precise.
   */
  notices: KaartImportError[];
}

export type RawRecords = { [E in KaartEntity]: { raw: Record<string, unknown>; index: number }[] };


/** Empty raw lists, one per entity. */
export function emptyRaw(): RawRecords {
  return { organization: [], service: [], location: [], service_at_location: [], phone: [], schedule: [], taxonomy_term: [], attribute: [] };
}

/** Clean, re-id, validate and cross-check raw records. */
export function finishImport(raw: RawRecords, options: KaartImportOptions, ignored: Set<string>, errors: KaartImportError[] = []): KaartImportResult {
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const warnings: KaartImportError[] = [];
  const notices: KaartImportError[] = [];
  attachLocationSchedules(raw, newId, notices);
  moveZonedSchedules(raw, errors);
  readLocationCountry(raw, errors);
  attachLinkPhones(raw);
  resolveTaxonomy(raw, options.taxonomyMapping);
  const cleaned = emptyRaw();
  // a location's addresses that were not taken, told once the location itself is imported
  const addressesLeft = new Map<Record<string, unknown>, OtherAddresses>();
  for (const entity of KAART_ENTITIES) {
    for (const item of raw[entity]) {
      const record = clean(entity, item.raw, options, ignored);
      const left = entity === 'location' ? otherAddressesOf(item.raw) : undefined;
      if (left) addressesLeft.set(record, left);
      cleaned[entity].push({ index: item.index, raw: record });
    }
  }
  const replacedIds = remapIds(cleaned, newId);

  const valid = new Map<KaartEntity, Map<string, Record<string, unknown>>>();
  const rowOf = new Map<Record<string, unknown>, number | undefined>(); // a record's row or index in the file, for its messages
  for (const entity of KAART_ENTITIES) {
    const byId = new Map<string, Record<string, unknown>>();
    for (const { raw: record, index } of cleaned[entity]) {
      const id = typeof record.id === 'string' ? record.id : undefined;
      let problems = validateKaartRecord(entity, record);
      if (problems.length > 0 && options.dropInvalidValues) {
        const repair = repairRecord(entity, record, problems);
        if (repair.outcome !== 'failed') {
          for (const warning of repair.warnings) warnings.push({ entity, index, id, ...warning });
          if (repair.outcome === 'left_out') continue;
          problems = [];
        }
      }
      for (const problem of problems) errors.push({ entity, index, id, ...problem });
      if (problems.length > 0 || id === undefined) continue;
      if (byId.has(id)) {
        if (JSON.stringify(byId.get(id)) !== JSON.stringify(record)) {
          errors.push({ entity, index, id, field: 'id', code: 'duplicate_id', message: 'Deze id komt twee keer voor met verschillende gegevens. Alleen de eerste is gebruikt.' });
        }
        continue;
      }
      byId.set(id, record);
      rowOf.set(record, index);
    }
    valid.set(entity, byId);
  }

  // Parents first (KAART_ENTITIES order), so a record under a left-out record is left out too.
  const records = emptyDataSet();
  const accepted = new Map<KaartEntity, Set<string>>(KAART_ENTITIES.map((entity) => [entity, new Set<string>()]));
  const known = (entity: KaartEntity, id: string) =>
    accepted.get(entity)!.has(id) || (entity === 'taxonomy_term' && (themeById(id) !== undefined || valid.get(entity)!.has(id)))
    || (options.knownIds?.(entity, id) ?? false);
  for (const entity of KAART_ENTITIES) {
    for (const [id, record] of valid.get(entity)!) {
      const broken = KAART_FIELDS[entity].find((spec) => spec.kind === 'ref' && typeof record[spec.name] === 'string' && !known(spec.ref!, record[spec.name] as string));
      if (broken) {
        errors.push({ entity, index: rowOf.get(record), id, field: broken.name, code: 'unknown_reference', message: `Dit gegeven verwijst naar een ${ENTITY_NAMES[broken.ref!][0]} die niet in het bestand staat of een fout heeft.` });
        continue;
      }
      accepted.get(entity)!.add(id);
      (records[entity] as unknown[]).push(record);
      const left = entity === 'location' ? addressesLeft.get(record) : undefined;
      if (left) notices.push({ ...otherAddressesNotice(record, left), index: rowOf.get(record) });
    }
  }
  return { records, errors, ignoredFields: [...ignored].sort(), replacedIds, warnings, notices };
}

/** Keeps the model's fields, drops empty optional values, fills nullable ones with null, coerces simple types. */
function clean(entity: KaartEntity, raw: Record<string, unknown>, options: KaartImportOptions, ignored: Set<string>): Record<string, unknown> {
  const specs = new Map(KAART_FIELDS[entity].map((spec) => [spec.name, spec]));
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = specs.has(name) ? name : LOCAL_EXTRA_FIELDS.get(name) ?? name;
    const spec = specs.get(key);
    if (!spec) {
      if (!META_FIELDS.has(key) && !writtenByOurExport(entity, key, value, raw)) ignored.add(ignoredName(entity, key));
      continue;
    }
    const coerced = coerce(spec, value);
    if (coerced !== undefined) record[key] = coerced;
  }
  // A missing parent_id means a top theme; a missing owner stays missing (never national by accident).
  for (const spec of specs.values()) if (spec.nullable && spec.kind !== 'owner' && record[spec.name] === undefined) record[spec.name] = null;
  if (entity === 'organization' && options.ownerOrganisationId !== undefined) record.owner_organisation_id = options.ownerOrganisationId;
  // Order the keys as the catalogue does, so equal records compare equal.
  return Object.fromEntries([...specs.keys()].filter((name) => name in record).map((name) => [name, record[name]]));
}

/**
 * Fields that the HSDS 3.0 exports write because the standard asks for them (hsds-nested.ts, hsds-tabular.ts), with
 * the value they write there: a location's `location_type` (physical: every kaart location is a place to go to), a
 * taxonomy term's `taxonomy` and `description` (its name), an attribute's `link_type`. The kaart keeps none of them (a
 * theme's name is its own), so with that value they hold nothing to report, and a re-import of an export lists no
 * ignored fields; another value (a `postal` or `virtual` location) is the file's own data, reported as ignored.
 */
function writtenByOurExport(entity: KaartEntity, key: string, value: unknown, raw: Record<string, unknown>): boolean {
  if (entity === 'location') return key === 'location_type' && value === LOCATION_TYPE;
  if (entity === 'taxonomy_term') return (key === 'taxonomy' && value === THEME_TAXONOMY) || (key === 'description' && value === raw.name);
  return entity === 'attribute' && key === 'link_type' && value === ATTRIBUTE_LINK_TYPE;
}

function coerce(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === '') return spec.nullable ? null : undefined;
  if (spec.name === 'accessibility') return accessibilityText(value);
  switch (spec.kind) {
    case 'time':
      return normalizeClockTime(value);
    case 'latitude':
    case 'longitude':
    case 'integer':
      // A decimal number, also as JavaScript writes a small one (1e-7: a coordinate near 0 in a CSV export).
      return typeof value === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value.trim()) ? Number(value) : value;
    case 'postal_code':
      return typeof value === 'string' ? normalizePostalCode(value) : value;
    case 'topics':
    case 'languages':
      // HSDS 3.0 keeps languages as objects ({code, name}); the model keeps the codes.
      if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null && 'code' in v ? (v as { code: unknown }).code : v));
      return value;
    default:
      return value;
  }
}

/** Gives records whose id is not a UUID a new one and points references at it; themes keep their fixed ids. */
function remapIds(cleaned: RawRecords, newId: () => string): number {
  const maps = new Map<KaartEntity, Map<string, string>>(KAART_ENTITIES.map((entity) => [entity, new Map()]));
  let replaced = 0;
  for (const entity of KAART_ENTITIES) {
    for (const { raw } of cleaned[entity]) {
      if (typeof raw.id !== 'string') continue;
      const theme = entity === 'taxonomy_term' && typeof raw.code === 'string' ? themeByCode(raw.code) : undefined;
      const map = maps.get(entity)!;
      if (theme && raw.id !== theme.id) map.set(raw.id, theme.id);
      else if (!isUuid(raw.id) && !map.has(raw.id)) {
        map.set(raw.id, newId());
        replaced++;
      }
    }
  }
  for (const entity of KAART_ENTITIES) {
    for (const { raw } of cleaned[entity]) {
      if (typeof raw.id === 'string') raw.id = maps.get(entity)!.get(raw.id) ?? raw.id;
      for (const spec of KAART_FIELDS[entity]) {
        const value = raw[spec.name];
        if (spec.kind === 'ref' && typeof value === 'string') raw[spec.name] = maps.get(spec.ref!)!.get(value) ?? value;
      }
    }
  }
  return replaced;
}


