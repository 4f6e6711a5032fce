import { LOCAL_EXTRAS } from './fields';
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

/** Every live service of the set (or of one scope) as an HSDS 3.0 nested service document. */
export function exportHsdsServicePackage(set: KaartDataSet, options: { scope?: KaartScope } = {}): Json[] {
  const scoped = options.scope === undefined ? set : filterByScope(set, options.scope);
  const live = <E extends keyof KaartDataSet>(entity: E) => exportRecords(entity, scoped[entity] as KaartFieldsByEntity[E][]);
  const organizations = new Map(live('organization').map((o) => [o.id, o]));
  const locations = new Map(live('location').map((l) => [l.id, l]));
  const terms = new Map([...themeTaxonomyTerms(), ...live('taxonomy_term')].map((t) => [t.id, t]));
  const phones = live('phone');
  const schedules = live('schedule');
  const links = live('service_at_location');
  const attributes = live('attribute');
  const schedule = (s: KaartFieldsByEntity['schedule']) => withExtras(s);

  const location = (l: LocationFields): Json => {
    const { address_1, postal_code, city, accessibility, ...rest } = l;
    return {
      ...rest,
      location_type: 'physical',
      addresses: [{ id: derivedId(l.id, 'address'), location_id: l.id, address_1, city, state_province: '', postal_code: postal_code ?? '', country: 'NL', address_type: 'physical' }],
      ...(accessibility ? { accessibility: [{ id: derivedId(l.id, 'accessibility'), location_id: l.id, description: accessibility }] } : {}),
      phones: phones.filter((p) => p.location_id === l.id),
    };
  };

  return live('service').map((service) => {
    const { languages, ...fields } = service;
    const organization = organizations.get(service.organization_id);
    return {
      ...withExtras(fields),
      ...(languages ? { languages: languages.map((code) => ({ id: derivedId(service.id, `language/${code}`), service_id: service.id, code })) } : {}),
      ...(organization ? {
        organization: {
          ...withExtras(organization), description: organization.description ?? '',
          phones: phones.filter((p) => p.organization_id === organization.id),
        },
      } : {}),
      phones: phones.filter((p) => p.service_id === service.id),
      schedules: schedules.filter((s) => s.service_id === service.id).map(schedule),
      service_at_locations: links.filter((link) => link.service_id === service.id).map((link) => {
        const where = locations.get(link.location_id);
        return { ...link, schedules: schedules.filter((s) => s.service_at_location_id === link.id).map(schedule), ...(where ? { location: location(where) } : {}) };
      }),
      attributes: attributes.filter((a) => a.link_id === service.id).map((a) => {
        const term = terms.get(a.taxonomy_term_id) ?? (themeById(a.taxonomy_term_id) ? themeTaxonomyTerms().find((t) => t.id === a.taxonomy_term_id) : undefined);
        return {
          ...a, link_type: 'service',
          ...(term ? { taxonomy_term: { id: term.id, code: term.code, name: term.name, description: term.name, taxonomy: 'ido-thema', ...(term.parent_id ? { parent_id: term.parent_id } : {}) } } : {}),
        };
      }),
    };
  });
}
