import { ATTRIBUTE_LINK_TYPE, LOCAL_EXTRAS, LOCATION_TYPE, THEME_TAXONOMY } from './fields';
import { exportRecords } from './hsds-json';
import { filterByScope } from './scope';
import { themeById, themeTaxonomyTerms } from './themes';
import type { KaartDataSet, KaartFieldsByEntity, KaartScope, LocationFields } from './types';

/**
 * The kaart as HSDS 3.0 publishes it: a `service_package` (compiled/service_package.json), one
 * nested service document per service with its organization, phones, schedules,
 * service_at_locations with their location (addresses, accessibility, phones) and attributes with
 * their taxonomy term. It validates against the official schema. Local extras carry the prefix
 * `ido_` (`ido_kvk`, `ido_owner_organisation_id`, `ido_verified_by`, `ido_referral_method`,
 * `ido_topics`, `ido_keywords`, `ido_week_parity`), a name the standard does not use; the import
 * reads them back. Ids of the parts the standard asks an id for (language, address, accessibility)
 * are derived from their record's id, so an export of the same kaart is the same file.
 */

type Json = Record<string, unknown>;

function withExtras(record: object): Json {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [LOCAL_EXTRAS[key] ?? key, value]));
}

/** A stable UUID-shaped id from a record id and a part name (FNV-1a, four seeds). */
export function derivedId(id: string, part: string): string {
  const text = `${id}/${part}`;
  const words = [0x811c9dc5, 0x01000193, 0x2545f491, 0x9e3779b9].map((seed) => {
    let hash = seed >>> 0;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return hash.toString(16).padStart(8, '0');
  }).join('');
  return `${words.slice(0, 8)}-${words.slice(8, 12)}-4${words.slice(13, 16)}-${'89ab'[parseInt(words[16], 16) % 4]}${words.slice(17, 20)}-${words.slice(20, 32)}`;
}

/** Records grouped by a field (one pass), so each document finds its children without a scan of all. */
function groupBy<T>(records: readonly T[], field: (record: T) => unknown): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>();
  for (const record of records) {
    const key = field(record);
    if (key === undefined || key === null) continue;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

/**
 * Every live service of the set (or of one scope) as an HSDS 3.0 nested service document, followed by
 * an `organization` document (compiled/organization.json) for each organization that a service
 * document does not carry whole: one without services (with its phones), or one with locations where
 * no service is given (those locations, with their address and phones). So a round trip loses nothing.
 */
export function exportHsdsServicePackage(set: KaartDataSet, options: { scope?: KaartScope } = {}): Json[] {
  const scoped = options.scope === undefined ? set : filterByScope(set, options.scope);
  const live = <E extends keyof KaartDataSet>(entity: E) => exportRecords(entity, scoped[entity] as KaartFieldsByEntity[E][]);
  const organizations = live('organization');
  const organizationById = new Map(organizations.map((o) => [o.id, o]));
  const locations = live('location');
  const locationById = new Map(locations.map((l) => [l.id, l]));
  const terms = new Map([...themeTaxonomyTerms(), ...live('taxonomy_term')].map((t) => [t.id, t]));
  const phones = live('phone');
  const phonesOf = { service: groupBy(phones, (p) => p.service_id), location: groupBy(phones, (p) => p.location_id), organization: groupBy(phones, (p) => p.organization_id) };
  const schedules = live('schedule');
  const schedulesOf = { service: groupBy(schedules, (s) => s.service_id), link: groupBy(schedules, (s) => s.service_at_location_id) };
  const links = live('service_at_location');
  const linksOf = groupBy(links, (link) => link.service_id);
  const attributesOf = groupBy(live('attribute'), (a) => a.link_id);
  const schedule = (s: KaartFieldsByEntity['schedule']) => withExtras(s);

  const location = (l: LocationFields): Json => {
    const { address_1, postal_code, city, accessibility, ...rest } = l;
    return {
      ...rest,
      location_type: LOCATION_TYPE,
      addresses: [{ id: derivedId(l.id, 'address'), location_id: l.id, address_1, city, state_province: '', postal_code: postal_code ?? '', country: 'NL', address_type: LOCATION_TYPE }],
      ...(accessibility ? { accessibility: [{ id: derivedId(l.id, 'accessibility'), location_id: l.id, description: accessibility }] } : {}),
      phones: phonesOf.location.get(l.id) ?? [],
    };
  };
  const organization = (o: KaartFieldsByEntity['organization']): Json => ({
    ...withExtras(o), description: o.description ?? '', phones: phonesOf.organization.get(o.id) ?? [],
  });

  const services = live('service');
  const documents: Json[] = services.map((service) => {
    const { languages, ...fields } = service;
    const owner = organizationById.get(service.organization_id);
    return {
      ...withExtras(fields),
      ...(languages ? { languages: languages.map((code) => ({ id: derivedId(service.id, `language/${code}`), service_id: service.id, code })) } : {}),
      ...(owner ? { organization: organization(owner) } : {}),
      phones: phonesOf.service.get(service.id) ?? [],
      schedules: (schedulesOf.service.get(service.id) ?? []).map(schedule),
      service_at_locations: (linksOf.get(service.id) ?? []).map((link) => {
        const where = locationById.get(link.location_id);
        return { ...link, schedules: (schedulesOf.link.get(link.id) ?? []).map(schedule), ...(where ? { location: location(where) } : {}) };
      }),
      attributes: (attributesOf.get(service.id) ?? []).map((a) => {
        const term = terms.get(a.taxonomy_term_id) ?? (themeById(a.taxonomy_term_id) ? themeTaxonomyTerms().find((t) => t.id === a.taxonomy_term_id) : undefined);
        return {
          ...a, link_type: ATTRIBUTE_LINK_TYPE,
          ...(term ? { taxonomy_term: { id: term.id, code: term.code, name: term.name, description: term.name, taxonomy: THEME_TAXONOMY, ...(term.parent_id ? { parent_id: term.parent_id } : {}) } } : {}),
        };
      }),
    };
  });

  // What the service documents leave out: organizations without services and locations without a service given there.
  const carried = new Set(services.filter((service) => organizationById.has(service.organization_id)).map((service) => service.organization_id));
  const serviceIds = new Set(services.map((service) => service.id));
  const linkedLocations = new Set(links.filter((link) => serviceIds.has(link.service_id)).map((link) => link.location_id));
  const unlinkedLocations = groupBy(locations.filter((l) => !linkedLocations.has(l.id)), (l) => l.organization_id);
  for (const owner of organizations) {
    const without = unlinkedLocations.get(owner.id) ?? [];
    if (carried.has(owner.id) && without.length === 0) continue;
    documents.push({ ...organization(owner), ...(without.length > 0 ? { locations: without.map(location) } : {}) });
  }
  return documents;
}
