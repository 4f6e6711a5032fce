import { KAART_FIELDS } from '../../shared/kaart/fields';
import type { KaartLookup } from '../../shared/kaart/scope';
import { themeById } from '../../shared/kaart/themes';
import type { Attribute, KaartEntity, KaartFieldsByEntity, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm } from '../../shared/kaart/types';
import type { IdoDb } from '../db';
import type { KaartFeedback, KaartOutboxEntity, KaartOutboxEntry } from '../types';
import { kaartOutboxId } from './outbox';
import { kaartTable, kaartTables } from './tables';

// ---- reading: a service with everything it hangs together with ----

/** A service joined with its organization, locations, phones, schedules, themes and "Klopt niet" marks. */
export interface ServiceView {
  service: Service;
  organization?: Organization;
  locations: Location[];
  serviceAtLocations: ServiceAtLocation[];
  /** the service's own numbers first, then its locations', then the organization's */
  phones: Phone[];
  /** the service's own schedules and those of its service_at_location links */
  schedules: Schedule[];
  themes: { id: string; code: string; name: string }[];
  feedback: KaartFeedback[];
  /** a local edit of the service that the server has not accepted yet */
  edit?: KaartOutboxEntry;
}

/** Rows of the kaart, gathered for one service (indexed queries) or for all (whole tables). */
interface KaartRows {
  organizations: Organization[];
  serviceAtLocations: ServiceAtLocation[];
  locations: Location[];
  phones: Phone[];
  schedules: Schedule[];
  attributes: Attribute[];
  terms: TaxonomyTerm[];
  feedback: KaartFeedback[];
  edits: KaartOutboxEntry[];
}

const groupBy = <T>(rows: T[], key: (row: T) => string | undefined) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return (k: string | undefined) => (k === undefined ? [] : groups.get(k) ?? []);
};

/** Joins services with the rows; one pass of grouping, then a lookup per service. */
function joinServices(services: Service[], rows: KaartRows): ServiceView[] {
  const organization = new Map(rows.organizations.map((o) => [o.id, o]));
  const location = new Map(rows.locations.map((l) => [l.id, l]));
  const term = new Map(rows.terms.map((t) => [t.id, t]));
  const edit = new Map(rows.edits.map((e) => [e.id, e]));
  const salsOf = groupBy(rows.serviceAtLocations, (s) => s.service_id);
  const phonesOfService = groupBy(rows.phones, (p) => p.service_id);
  const phonesOfLocation = groupBy(rows.phones, (p) => p.location_id);
  const phonesOfOrganization = groupBy(rows.phones, (p) => p.organization_id);
  const schedulesOfService = groupBy(rows.schedules, (s) => s.service_id);
  const schedulesOfSal = groupBy(rows.schedules, (s) => s.service_at_location_id);
  const attributesOf = groupBy(rows.attributes, (a) => (a.link_entity === 'service' ? a.link_id : undefined));
  const feedbackOf = groupBy(rows.feedback, (f) => f.service_id);
  return services.map((service) => {
    const sals = salsOf(service.id);
    const locations = sals.map((s) => location.get(s.location_id)).filter((l): l is Location => l !== undefined);
    const themes = attributesOf(service.id).flatMap(({ taxonomy_term_id: id }) => {
      const found = term.get(id) ?? themeById(id);
      return found ? [{ id, code: found.code, name: found.name }] : [];
    });
    return {
      service,
      organization: organization.get(service.organization_id),
      locations,
      serviceAtLocations: sals,
      phones: [...phonesOfService(service.id), ...locations.flatMap((l) => phonesOfLocation(l.id)), ...phonesOfOrganization(service.organization_id)],
      schedules: [...schedulesOfService(service.id), ...sals.flatMap((s) => schedulesOfSal(s.id))],
      themes,
      feedback: feedbackOf(service.id),
      ...(edit.has(kaartOutboxId('service', service.id)) ? { edit: edit.get(kaartOutboxId('service', service.id)) } : {}),
    };
  });
}

/** One service with everything the entry view shows, or undefined when it is not (or no longer) on the tablet. */
export async function serviceView(db: IdoDb, serviceId: string): Promise<ServiceView | undefined> {
  return db.transaction('r', kaartTables(db), async () => {
    const service = await db.kaartServices.get(serviceId);
    if (!service) return undefined;
    const serviceAtLocations = await db.kaartServiceAtLocations.where('service_id').equals(serviceId).toArray();
    const locations = defined(await db.kaartLocations.bulkGet(serviceAtLocations.map((s) => s.location_id)));
    const attributes = await db.kaartAttributes.where('link_id').equals(serviceId).toArray();
    const phones = [
      ...await db.kaartPhones.where('service_id').equals(serviceId).toArray(),
      ...await db.kaartPhones.where('location_id').anyOf(locations.map((l) => l.id)).toArray(),
      ...await db.kaartPhones.where('organization_id').equals(service.organization_id).toArray(),
    ];
    const [view] = joinServices([service], {
      organizations: defined([await db.kaartOrganizations.get(service.organization_id)]),
      serviceAtLocations,
      locations,
      phones,
      schedules: [
        ...await db.kaartSchedules.where('service_id').equals(serviceId).toArray(),
        ...await db.kaartSchedules.where('service_at_location_id').anyOf(serviceAtLocations.map((s) => s.id)).toArray(),
      ],
      attributes,
      terms: defined(await db.kaartTaxonomyTerms.bulkGet(attributes.map((a) => a.taxonomy_term_id))),
      feedback: await db.kaartFeedback.where('service_id').equals(serviceId).toArray(),
      edits: defined([await db.kaartOutbox.get(kaartOutboxId('service', serviceId))]),
    });
    return view;
  });
}

/** Every service joined, in one read of each table (for the search index and lists). */
export async function allServiceViews(db: IdoDb): Promise<ServiceView[]> {
  return db.transaction('r', kaartTables(db), async () => joinServices(await db.kaartServices.toArray(), {
    organizations: await db.kaartOrganizations.toArray(),
    serviceAtLocations: await db.kaartServiceAtLocations.toArray(),
    locations: await db.kaartLocations.toArray(),
    phones: await db.kaartPhones.toArray(),
    schedules: await db.kaartSchedules.toArray(),
    attributes: await db.kaartAttributes.toArray(),
    terms: await db.kaartTaxonomyTerms.toArray(),
    feedback: await db.kaartFeedback.toArray(),
    edits: await db.kaartOutbox.filter((entry) => entry.entity === 'service').toArray(),
  }));
}

/** The ids a record refers to, as `entity:id` keys (by the field catalogue; a "Klopt niet" mark or a card: its service). */
function referencesOf(entity: KaartOutboxEntity, data: object): string[] {
  const record = data as Record<string, unknown>;
  const specs = entity === 'feedback' || entity === 'snelwijzer_card' ? [{ name: 'service_id', kind: 'ref', ref: 'service' as const }]
    : KAART_FIELDS[entity] ?? [];
  return specs.flatMap((spec) => (spec.kind === 'ref' && typeof record[spec.name] === 'string' ? [`${spec.ref}:${record[spec.name] as string}`] : []));
}

/**
 * What the kaart changes that wait for a person refer to (their service, location, service at a location and, through
 * those, their service and location), so the conflicts page names them instead of showing an id. A record deleted on the
 * tablet is found in the outbox, as staff left it.
 */
export async function recordsReferredTo(db: IdoDb, entries: readonly KaartOutboxEntry[]): Promise<KaartLookup> {
  const found = new Map<string, object>();
  return db.transaction('r', kaartTables(db), async () => {
    let wanted = new Set(entries.flatMap((e) => [e.data, e.current?.data].flatMap((data) => (data ? referencesOf(e.entity, data) : []))));
    // a schedule → its service at a location → that service and location: two steps reach every name a title uses
    for (let step = 0; step < 3 && wanted.size > 0; step++) {
      const idsOf = new Map<KaartEntity, string[]>();
      for (const key of wanted) {
        if (found.has(key)) continue;
        const [entity, id] = key.split(':') as [KaartEntity, string];
        idsOf.set(entity, [...idsOf.get(entity) ?? [], id]);
      }
      const next = new Set<string>();
      // per entity one read of its table, and one of the outbox for those not there (deleted on the tablet)
      for (const [entity, ids] of idsOf) {
        const stored: Array<object | undefined> = await kaartTable(db, entity).bulkGet(ids);
        const missing = ids.filter((_, i) => !stored[i]);
        const queued = new Map((await db.kaartOutbox.bulkGet(missing.map((id) => kaartOutboxId(entity, id)))).map((entry, i) => [missing[i], entry?.data]));
        ids.forEach((id, i) => {
          const record = stored[i] ?? queued.get(id);
          if (!record) return;
          found.set(`${entity}:${id}`, record);
          for (const ref of referencesOf(entity, record)) next.add(ref);
        });
      }
      wanted = next;
    }
    return <E extends KaartEntity>(entity: E, id: string) => found.get(`${entity}:${id}`) as KaartFieldsByEntity[E] | undefined;
  });
}

const byName = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
/** A service staff can refer a visitor to: not ended for good or for a while. */
export const isReferable = (service: Service): boolean => service.status !== 'inactive' && service.status !== 'defunct';

/** Every service on the tablet, by name (the coordinator's list; ended ones included). */
export async function allServices(db: IdoDb): Promise<Service[]> {
  return (await db.kaartServices.toArray()).sort((a, b) => byName.compare(a.name, b.name));
}

/** A service that helps with some of the asked topics, and which. */
export interface TopicMatch {
  service: Service;
  matched: string[];
}

/**
 * "Doorverwijzen": the referable services that help with any of these registration topics, the
 * most matched topics first, then open before temporarily closed, then by name.
 */
export async function servicesForTopics(db: IdoDb, topics: readonly string[]): Promise<TopicMatch[]> {
  if (topics.length === 0) return [];
  const asked = new Set(topics);
  const services = await db.kaartServices.where('ido_topics').anyOf([...asked]).distinct().toArray();
  return services.filter(isReferable)
    .map((service) => ({ service, matched: (service.ido_topics ?? []).filter((t) => asked.has(t)) }))
    .sort((a, b) => b.matched.length - a.matched.length
      || Number(a.service.status !== 'active') - Number(b.service.status !== 'active')
      || byName.compare(a.service.name, b.service.name));
}

function defined<T>(rows: (T | undefined)[]): T[] {
  return rows.filter((row): row is T => row !== undefined);
}
