import { normalizePostalCode, normalizeWebUrl } from './formats';
import { parseOpeningHoursText } from './opening-hours-text';
import { normalizeHeader, SPREADSHEET_FIELD_LABELS, type SpreadsheetField } from './spreadsheet-columns';
import type { SpreadsheetDuplicate, SpreadsheetProblem } from './spreadsheet-import';
import { parseDutchDate, parseLanguages, parseReferralMethod, parseThemes, parseTopics, splitPhones } from './spreadsheet-values';
import {
  emptyDataSet, type KaartDataSet, type KaartEntity, type KaartScope, type LocationFields, type OrganizationFields, type ServiceFields,
} from './types';
import { validateKaartRecord } from './validate';
import { cutText } from '../text-length';

/** One spreadsheet row → the records it adds, its problems, and a possible duplicate. */

export interface RowContext {
  options: { ownerOrganisationId: KaartScope; newId: () => string };
  /** organizations this import created so far, to share one organization between its rows */
  organizationsByKvk: Map<string, OrganizationFields>;
  organizationsByName: Map<string, OrganizationFields>;
  locationsByKey: Map<string, LocationFields>;
  existing: {
    byKvk: Map<string, OrganizationFields>;
    byName: Map<string, OrganizationFields[]>;
    postcodes: Map<string, Set<string>>;
    services: Map<string, Map<string, string>>;
  };
}

export interface RowOutcome {
  records: KaartDataSet;
  errors: SpreadsheetProblem[];
  warnings: SpreadsheetProblem[];
  duplicate?: SpreadsheetDuplicate;
  /** remembers the row's new organization and location for the rows after it */
  commit(): void;
}

// Which spreadsheet column a record field came from, to put a validation error on it.
const COLUMN_OF: Partial<Record<KaartEntity, Record<string, SpreadsheetField>>> = {
  organization: { name: 'organization_name', kvk: 'kvk' },
  service: {
    name: 'service_name', description: 'description', url: 'website', email: 'email', referral_method: 'referral_method',
    languages: 'languages', ido_topics: 'ido_topics', assured_date: 'assured_date', eligibility_description: 'eligibility',
    fees_description: 'fees', application_process: 'application_process',
  },
  location: { address_1: 'address', postal_code: 'postal_code', city: 'city', name: 'address' },
  phone: { number: 'phone', description: 'phone' },
};
const DEFAULT_COLUMN: Partial<Record<KaartEntity, SpreadsheetField>> = { schedule: 'opening_hours', attribute: 'theme', service_at_location: 'address' };

/** Reads one row. Nothing is remembered until `commit()`, so a row with errors leaves no trace. */
export function collectRow(row: number, get: (field: SpreadsheetField) => string, context: RowContext): RowOutcome {
  const records = emptyDataSet();
  const errors: SpreadsheetProblem[] = [];
  const warnings: SpreadsheetProblem[] = [];
  const problem = (list: SpreadsheetProblem[], field: SpreadsheetField, code: string, message: string) =>
    list.push({ row, field, code, message: `Kolom ${SPREADSHEET_FIELD_LABELS[field]}: ${message}` });
  const { newId, ownerOrganisationId } = context.options;

  // Organization: shared by the rows of the same KvK number, or else the same name.
  const organizationName = get('organization_name');
  if (organizationName === '') problem(errors, 'organization_name', 'required', 'Vul de naam van de organisatie in.');
  const kvk = get('kvk').replace(/[\s.]/g, '');
  const nameKey = normalizeHeader(organizationName);
  let organization = (kvk && context.organizationsByKvk.get(kvk)) || context.organizationsByName.get(nameKey);
  if (organization && kvk && organization.kvk && organization.kvk !== kvk) organization = undefined;
  const newOrganization = !organization;
  if (!organization) {
    organization = { id: newId(), name: organizationName, ...(kvk ? { kvk } : {}), owner_organisation_id: ownerOrganisationId };
    records.organization.push(organization);
  }
  const organizationId = organization.id;

  // Service.
  let serviceName = get('service_name');
  if (serviceName === '' && organizationName !== '') {
    serviceName = organizationName;
    problem(warnings, 'service_name', 'name_from_organization', 'Geen naam van de dienst; de naam van de organisatie is gebruikt.');
  }
  const service: ServiceFields = { id: newId(), organization_id: organizationId, name: serviceName, status: 'active' };
  const optional: [keyof ServiceFields, SpreadsheetField, (v: string) => unknown][] = [
    ['description', 'description', (v) => v],
    ['url', 'website', normalizeWebUrl],
    ['email', 'email', (v) => v.toLowerCase()],
    ['eligibility_description', 'eligibility', (v) => v],
    ['fees_description', 'fees', (v) => v],
    ['application_process', 'application_process', (v) => v],
  ];
  for (const [name, field, convert] of optional) {
    const value = get(field);
    if (value !== '') (service as unknown as Record<string, unknown>)[name] = convert(value);
  }
  const referral = get('referral_method');
  if (referral) {
    const method = parseReferralMethod(referral);
    if (method) service.referral_method = method;
    else problem(errors, 'referral_method', 'invalid_code', 'Schrijf warm, inloop, afspraak of bellen.');
  }
  const assured = get('assured_date');
  if (assured) {
    const day = parseDutchDate(assured);
    if (day) service.assured_date = day;
    else problem(errors, 'assured_date', 'invalid_date', 'Schrijf de datum als 31-12-2026.');
  }
  const languages = get('languages');
  if (languages) {
    const parsed = parseLanguages(languages);
    if (parsed.codes.length > 0) service.languages = parsed.codes;
    if (parsed.unknown.length > 0) problem(warnings, 'languages', 'unknown_language', `Deze taal is niet herkend en overgeslagen: ${cutText(parsed.unknown.slice(0, 3).join(', '), 80)}.`);
  }
  const topics = get('ido_topics');
  if (topics) {
    const parsed = parseTopics(topics);
    if (parsed.unknown.length > 0) problem(errors, 'ido_topics', 'invalid_code', 'Kies IDO-onderwerpen uit de lijst, bijvoorbeeld DigiD of Toeslagen.');
    else service.ido_topics = parsed.topics;
  }
  records.service.push(service);

  // Location, shared by rows of the same organization at the same address.
  const address = get('address');
  const postalCode = get('postal_code') ? normalizePostalCode(get('postal_code')) : '';
  const city = get('city');
  let location: LocationFields | undefined;
  let newLocation = false;
  if (address || postalCode || city) {
    if (!address || !city) problem(errors, address ? 'city' : 'address', 'incomplete_address', 'Vul adres en plaats allebei in, of laat het adres leeg.');
    const key = [organizationId, normalizeHeader(address), postalCode].join('|');
    location = context.locationsByKey.get(key);
    if (!location) {
      location = { id: newId(), organization_id: organizationId, address_1: address, city, ...(postalCode ? { postal_code: postalCode } : {}) };
      records.location.push(location);
      newLocation = true;
    }
    records.service_at_location.push({ id: newId(), service_id: service.id, location_id: location.id });
  }

  for (const number of splitPhones(get('phone'))) records.phone.push({ id: newId(), service_id: service.id, number });

  const hours = get('opening_hours');
  if (hours) {
    const rules = parseOpeningHoursText(hours);
    if (rules) for (const rule of rules) records.schedule.push({ id: newId(), service_id: service.id, ...rule });
    else {
      records.schedule.push({ id: newId(), service_id: service.id, description: hours });
      problem(warnings, 'opening_hours', 'kept_as_text', 'De openingstijden zijn niet als dagen en tijden herkend en als tekst bewaard. Controleer ze.');
    }
  }

  const theme = get('theme');
  if (theme) {
    const parsed = parseThemes(theme);
    if (parsed.unknown.length > 0) problem(errors, 'theme', 'unknown_theme', 'Dit thema bestaat niet. Gebruik bijvoorbeeld "Geld en schulden", "Taal" of "Wonen".');
    for (const found of parsed.themes) records.attribute.push({ id: newId(), link_id: service.id, link_entity: 'service', taxonomy_term_id: found.id });
  }

  // Every new record against the model; errors go to the column the value came from.
  for (const entity of Object.keys(records) as KaartEntity[]) {
    for (const record of records[entity]) {
      for (const error of validateKaartRecord(entity, record)) {
        const field = COLUMN_OF[entity]?.[error.field] ?? DEFAULT_COLUMN[entity] ?? 'service_name';
        if (!errors.some((e) => e.field === field)) problem(errors, field, error.code, error.message);
      }
    }
  }

  const duplicate = findDuplicate(row, organization, serviceName, postalCode, context);
  return {
    records, errors, warnings, duplicate,
    commit() {
      if (newOrganization) {
        if (kvk) context.organizationsByKvk.set(kvk, organization);
        if (!context.organizationsByName.has(nameKey)) context.organizationsByName.set(nameKey, organization);
      }
      if (location && newLocation) context.locationsByKey.set([organizationId, normalizeHeader(address), postalCode].join('|'), location);
    },
  };
}

/** An organization already in the kaart with the same KvK number, or the same name and a location with the same postcode. */
function findDuplicate(row: number, organization: OrganizationFields, serviceName: string, postalCode: string, context: RowContext): SpreadsheetDuplicate | undefined {
  const { existing } = context;
  let match: { existing: OrganizationFields; reason: 'kvk' | 'name_postcode' } | undefined;
  const byKvk = organization.kvk ? existing.byKvk.get(organization.kvk) : undefined;
  if (byKvk) match = { existing: byKvk, reason: 'kvk' };
  else if (postalCode) {
    const sameName = existing.byName.get(normalizeHeader(organization.name)) ?? [];
    const found = sameName.find((candidate) => existing.postcodes.get(candidate.id)?.has(postalCode));
    if (found) match = { existing: found, reason: 'name_postcode' };
  }
  if (!match) return undefined;
  const existingServiceId = existing.services.get(match.existing.id)?.get(normalizeHeader(serviceName));
  return { row, existingId: match.existing.id, newId: organization.id, reason: match.reason, ...(existingServiceId ? { existingServiceId } : {}) };
}
