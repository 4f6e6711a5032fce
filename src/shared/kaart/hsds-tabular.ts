import { csvRows } from '../csv';
import { ATTRIBUTE_LINK_TYPE, LOCAL_EXTRAS, LOCATION_TYPE, THEME_TAXONOMY } from './fields';
import { DATAPACKAGE_FILE, toCell } from './hsds-csv';
import { exportRecords } from './hsds-json';
import { derivedId } from './hsds-nested';
import { filterByScope } from './scope';
import { themeById, themeTaxonomyTerms } from './themes';
import type { KaartDataSet, KaartFieldsByEntity, KaartScope } from './types';

/**
 * The kaart as the official HSDS 3.0 tabular data package (compiled/tabular.json): the standard's
 * file names and columns, so each row validates against the standard's table schema. The address
 * and accessibility of a location and the languages of a service are rows of their own tables;
 * local extras are `ido_*` columns (fields.ts, LOCAL_EXTRAS), which the CSV import reads back.
 */

type Row = Record<string, unknown>;
const extra = (name: string) => LOCAL_EXTRAS[name] ?? name;

/** Columns per file, in the standard's order, then the local extras. */
export const TABULAR_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'organizations.csv': ['id', 'name', 'alternate_name', 'description', 'email', 'website', extra('kvk'), extra('owner_organisation_id')],
  'services.csv': ['id', 'organization_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services', 'application_process',
    'fees_description', 'eligibility_description', 'assured_date', extra('verified_by'), extra('referral_method'), extra('ido_topics'), extra('keywords')],
  'languages.csv': ['id', 'service_id', 'code'],
  'locations.csv': ['id', 'location_type', 'organization_id', 'name', 'latitude', 'longitude'],
  'addresses.csv': ['id', 'location_id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
  'accessibility.csv': ['id', 'location_id', 'description'],
  'service_at_location.csv': ['id', 'service_id', 'location_id'],
  'phones.csv': ['id', 'location_id', 'service_id', 'organization_id', 'number', 'description'],
  'schedules.csv': ['id', 'service_id', 'service_at_location_id', 'valid_from', 'valid_to', 'freq', 'interval', 'byday', 'description', 'opens_at', 'closes_at', extra('week_parity')],
  'taxonomy_terms.csv': ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy'],
  'attributes.csv': ['id', 'link_id', 'taxonomy_term_id', 'link_type', 'link_entity'],
};

/** The rows of each file as objects (before they become CSV), for the export and its schema test. */
export function tabularRows(set: KaartDataSet, options: { scope?: KaartScope } = {}): Record<string, Row[]> {
  const scoped = options.scope === undefined ? set : filterByScope(set, options.scope);
  const live = <E extends keyof KaartDataSet>(entity: E) => exportRecords(entity, scoped[entity] as KaartFieldsByEntity[E][]);
  const rename = (record: object): Row => Object.fromEntries(Object.entries(record).map(([key, value]) => [extra(key), value]));
  const attributes = live('attribute');
  const terms = new Map(live('taxonomy_term').map((term) => [term.id, term]));
  for (const attribute of attributes) {
    const theme = themeById(attribute.taxonomy_term_id);
    if (theme && !terms.has(theme.id)) terms.set(theme.id, themeTaxonomyTerms().find((term) => term.id === theme.id)!);
  }
  const locations = live('location');
  const services = live('service');
  return {
    // HSDS requires a description (and an address's state_province): the column is there, empty when the kaart has none
    'organizations.csv': live('organization').map((o) => ({ ...rename(o), description: o.description ?? '' })),
    'services.csv': services.map(({ languages: _languages, ...s }) => rename(s)),
    'languages.csv': services.flatMap((s) => (s.languages ?? []).map((code) => ({ id: derivedId(s.id, `language/${code}`), service_id: s.id, code }))),
    'locations.csv': locations.map(({ address_1: _a, postal_code: _p, city: _c, accessibility: _x, ...l }) => ({ ...l, location_type: LOCATION_TYPE })),
    'addresses.csv': locations.map((l) => ({
      id: derivedId(l.id, 'address'), location_id: l.id, address_1: l.address_1, city: l.city, state_province: '', postal_code: l.postal_code ?? '', country: 'NL', address_type: LOCATION_TYPE,
    })),
    'accessibility.csv': locations.filter((l) => l.accessibility).map((l) => ({ id: derivedId(l.id, 'accessibility'), location_id: l.id, description: l.accessibility })),
    'service_at_location.csv': live('service_at_location').map((link) => ({ ...link })),
    'phones.csv': live('phone').map((phone) => ({ ...phone })),
    'schedules.csv': live('schedule').map(rename),
    'taxonomy_terms.csv': [...terms.values()].map((t) => ({ id: t.id, code: t.code, name: t.name, description: t.name, parent_id: t.parent_id, taxonomy: THEME_TAXONOMY })),
    'attributes.csv': attributes.map((a) => ({ ...a, link_type: ATTRIBUTE_LINK_TYPE })),
  };
}

/** The official tabular package as `{ filename: content }`, with a datapackage.json that lists the files. */
export function exportHsdsTabularPackage(set: KaartDataSet, options: { scope?: KaartScope } = {}): Record<string, string> {
  const rows = tabularRows(set, options);
  const files: Record<string, string> = {};
  for (const [file, columns] of Object.entries(TABULAR_COLUMNS)) {
    files[file] = csvRows([[...columns], ...rows[file].map((row) => columns.map((column) => toCell(row[column])))]);
  }
  files[DATAPACKAGE_FILE] = JSON.stringify({
    profile: 'tabular-data-package',
    name: 'ido-sociale-kaart-hsds-3',
    title: 'Sociale kaart (HSDS 3.0)',
    resources: Object.keys(TABULAR_COLUMNS).map((file) => ({ name: file.replace(/\.csv$/, ''), path: file, profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8' })),
  }, null, 2) + '\n';
  return files;
}
