import { fieldNames, HSDS_TABLES, ignoredName } from './fields';
import { emptyRaw, finishImport, type KaartImportError, type KaartImportOptions, type KaartImportResult, type RawRecords } from './import-pipeline';
import { addressFields, reportSideRecord, type SideRecord } from './hsds-published';
import { filterByScope } from './scope';
import { themeById, themeTaxonomyTerms } from './themes';
import { KAART_ENTITIES, type KaartDataSet, type KaartEntity, type KaartFieldsByEntity, type KaartScope } from './types';
import { isRecord } from '../json';

export type { KaartImportError, KaartImportOptions, KaartImportResult } from './import-pipeline';

/** The export document: one array per entity under its HSDS table name, flat (records point to each other by id). */
export interface HsdsDocument {
  hsds_version: '3.0';
  profile: typeof HSDS_PROFILE;
  exported_at?: string;
  /** free text about the file, e.g. that it holds example data */
  note?: string;
  organizations: KaartFieldsByEntity['organization'][];
  services: KaartFieldsByEntity['service'][];
  locations: KaartFieldsByEntity['location'][];
  service_at_locations: KaartFieldsByEntity['service_at_location'][];
  phones: KaartFieldsByEntity['phone'][];
  schedules: KaartFieldsByEntity['schedule'][];
  taxonomy_terms: KaartFieldsByEntity['taxonomy_term'][];
  attributes: KaartFieldsByEntity['attribute'][];
}

/** Names the trimmed model with its local extras, so a reader knows what the file holds. */
export const HSDS_PROFILE = 'ido-onderweg-sociale-kaart-1';
const DOCUMENT_KEYS = new Set(['hsds_version', 'profile', 'exported_at', 'note']);
const TABLE_ORDER: KaartEntity[] = ['organization', 'service', 'location', 'service_at_location', 'phone', 'schedule', 'taxonomy_term', 'attribute'];

export interface HsdsExportOptions {
  /** only this scope (an organisation id, or null for the national entries); all when left out */
  scope?: KaartScope;
  /** stamped as exported_at */
  exportedAt?: Date;
}

/**
 * The kaart as an HSDS JSON document. Tombstones and sync metadata (version, updatedAt) stay out;
 * themes referenced by attributes come along even when the set lacks them.
 */
export function exportHsdsJson(set: KaartDataSet, options: HsdsExportOptions = {}): HsdsDocument {
  const scoped = options.scope === undefined ? set : filterByScope(set, options.scope);
  const tables = Object.fromEntries(TABLE_ORDER.map((entity) => [HSDS_TABLES[entity], exportRecords(entity, scoped[entity])]));
  const terms = tables.taxonomy_terms as KaartFieldsByEntity['taxonomy_term'][];
  const termIds = new Set(terms.map((term) => term.id));
  for (const attribute of tables.attributes as KaartFieldsByEntity['attribute'][]) {
    const theme = themeById(attribute.taxonomy_term_id);
    if (theme && !termIds.has(theme.id)) {
      terms.push(themeTaxonomyTerms().find((term) => term.id === theme.id)!);
      termIds.add(theme.id);
    }
  }
  return {
    hsds_version: '3.0',
    profile: HSDS_PROFILE,
    ...(options.exportedAt ? { exported_at: options.exportedAt.toISOString() } : {}),
    ...tables,
  } as HsdsDocument;
}

/** Live records with only the model's fields, in catalogue order. */
export function exportRecords<E extends KaartEntity>(entity: E, records: readonly KaartFieldsByEntity[E][]): KaartFieldsByEntity[E][] {
  const names = fieldNames(entity);
  return records
    .filter((record) => !(record as { deleted?: unknown }).deleted)
    .map((record) => {
      const source = record as unknown as Record<string, unknown>;
      return Object.fromEntries(names.filter((name) => source[name] !== undefined).map((name) => [name, source[name]])) as unknown as KaartFieldsByEntity[E];
    });
}

// HSDS 3.0 "full" objects nest children; these keys are unfolded into flat records.
interface Nested { entity: KaartEntity; back: string; extra?: Record<string, unknown> }
const NESTED: Partial<Record<KaartEntity, Record<string, Nested>>> = {
  organization: {
    services: { entity: 'service', back: 'organization_id' },
    locations: { entity: 'location', back: 'organization_id' },
    phones: { entity: 'phone', back: 'organization_id' },
  },
  service: {
    phones: { entity: 'phone', back: 'service_id' },
    schedules: { entity: 'schedule', back: 'service_id' },
    service_at_locations: { entity: 'service_at_location', back: 'service_id' },
    attributes: { entity: 'attribute', back: 'link_id', extra: { link_entity: 'service' } },
  },
  location: { phones: { entity: 'phone', back: 'location_id' }, schedules: { entity: 'schedule', back: 'location_id' } },
  service_at_location: { schedules: { entity: 'schedule', back: 'service_at_location_id' }, phones: { entity: 'phone', back: 'service_at_location_id' } },
};
// … and embed single records that the parent points to.
const EMBEDDED: Partial<Record<KaartEntity, Record<string, { entity: KaartEntity; field: string }>>> = {
  service: { organization: { entity: 'organization', field: 'organization_id' } },
  service_at_location: { location: { entity: 'location', field: 'location_id' }, service: { entity: 'service', field: 'service_id' } },
  attribute: { taxonomy_term: { entity: 'taxonomy_term', field: 'taxonomy_term_id' } },
};

// … and read parts of records (accessibility, languages) that HSDS 3.0 keeps as objects of their own.
const SIDE_RECORDS: Partial<Record<KaartEntity, Record<string, SideRecord>>> = {
  location: { accessibility: 'accessibility' },
  service: { languages: 'language' },
};

/**
 * Reads an HSDS JSON document and validates every record: ours (one array per table), an HSDS 3.0
 * nested document (`service`, `organization` or `service_at_location`, with their phones,
 * schedules, locations, addresses, organization and attributes), a `_package` (a plain array of
 * them) or a paged `_list` (`{contents: [...]}`). Parents come from the nesting. Fields outside
 * the trimmed model are ignored and reported once; records with errors are listed, not returned.
 * Nothing is applied here.
 */
export function importHsdsJson(input: unknown, options: KaartImportOptions = {}): KaartImportResult {
  const errors: KaartImportError[] = [];
  const ignored = new Set<string>();
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch {
      errors.push({ field: '', code: 'invalid_json', message: 'Dit bestand is geen geldige JSON. Kies een HSDS JSON-bestand.' });
      return finishImport(emptyRaw(), options, ignored, errors);
    }
  }
  const raw = emptyRaw();
  const tableEntity = new Map<string, KaartEntity>(KAART_ENTITIES.flatMap((entity) => [[HSDS_TABLES[entity], entity], [entity, entity]]));
  // A nested document has its own id; a document of tables never has one.
  const isTables = isRecord(document) && typeof document.id !== 'string' && Object.entries(document).some(([key, value]) => tableEntity.has(key) && Array.isArray(value));
  const list = Array.isArray(document) ? document
    : isRecord(document) && !isTables && Array.isArray(document.contents) ? document.contents
      : isRecord(document) && !isTables && typeof document.id === 'string' ? [document] : undefined;
  if (list && list.length > 0) {
    list.forEach((item, index) => collect(documentEntity(item), item, index, raw, ignored, errors, {}));
    return finishImport(raw, options, ignored, errors);
  }
  if (!isTables) {
    errors.push({ field: '', code: 'invalid_document', message: 'Dit bestand heeft niet de vorm van een HSDS-export.' });
    return finishImport(emptyRaw(), options, ignored, errors);
  }
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    const entity = tableEntity.get(key);
    if (!entity || !Array.isArray(value)) {
      if (!DOCUMENT_KEYS.has(key)) ignored.add(ignoredName('document', key));
      continue;
    }
    value.forEach((item, index) => collect(entity, item, index, raw, ignored, errors, {}));
  }
  return finishImport(raw, options, ignored, errors);
}

/** Which HSDS 3.0 document an item of a list or package is: a service, a service at a location, or an organization. */
function documentEntity(item: unknown): KaartEntity {
  if (!isRecord(item)) return 'service';
  if ('status' in item || 'service_at_locations' in item || 'organization' in item) return 'service';
  if (('service_id' in item || 'service' in item) && ('location_id' in item || 'location' in item)) return 'service_at_location';
  return 'organization';
}

/** What a nested record inherits from the records around it, and how deep it sits. */
interface Context { organization_id?: unknown; depth?: number }
/** organization → service → service_at_location → location → phone is 5; deeper is not HSDS (and would only exhaust the stack). */
const MAX_DEPTH = 8;

/** Adds one record, and the records nested in it, to the raw lists. */
function collect(entity: KaartEntity, item: unknown, index: number, raw: RawRecords, ignored: Set<string>, errors: KaartImportError[], context: Context) {
  if (!isRecord(item)) {
    errors.push({ entity, index, field: '', code: 'invalid_record', message: 'Dit gegeven is leeg of ongeldig.' });
    return;
  }
  const depth = (context.depth ?? 0) + 1;
  if (depth > MAX_DEPTH) {
    errors.push({ entity, index, field: '', code: 'too_deep', message: 'Dit gegeven zit te diep in andere gegevens genest. Zo ziet een HSDS-export er niet uit.' });
    return;
  }
  const record: Record<string, unknown> = {};
  const nested = NESTED[entity] ?? {};
  const embedded = EMBEDDED[entity] ?? {};
  const organizationId = entity === 'organization' ? item.id
    : item.organization_id ?? (isRecord(item.organization) ? item.organization.id : undefined)
      ?? (isRecord(item.service) ? item.service.organization_id : undefined) ?? context.organization_id;
  if ((entity === 'service' || entity === 'location') && item.organization_id === undefined && organizationId !== undefined) record.organization_id = organizationId;
  const inner: Context = { organization_id: organizationId, depth };
  for (const [key, value] of Object.entries(item)) {
    if (Object.hasOwn(nested, key) && Array.isArray(value)) {
      const { entity: child, back, extra } = nested[key];
      value.forEach((childItem, childIndex) => {
        const withBack = isRecord(childItem) && childItem[back] === undefined && typeof item.id === 'string'
          ? { ...childItem, [back]: item.id, ...extra } : childItem;
        collect(child, withBack, childIndex, raw, ignored, errors, inner);
      });
    } else if (Object.hasOwn(embedded, key) && isRecord(value)) {
      const { entity: target, field } = embedded[key];
      if (item[field] === undefined && typeof value.id === 'string') record[field] = value.id;
      collect(target, value, 0, raw, ignored, errors, inner);
    } else if (entity === 'location' && (key === 'addresses' || key === 'address')) {
      for (const address of Array.isArray(value) ? value : [value]) reportSideRecord('address', address, ignored);
      Object.assign(record, addressFields(value, item));
    } else {
      // HSDS 3.0 nests these parts as objects; what of them the kaart does not read is reported as the CSV package does
      const side = SIDE_RECORDS[entity];
      if (side && Object.hasOwn(side, key)) for (const part of Array.isArray(value) ? value : [value]) reportSideRecord(side[key], part, ignored);
      // defined, not assigned: a key "__proto__" stays a field (reported as ignored like any unknown one), not the record's prototype
      Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  raw[entity].push({ raw: record, index });
}
