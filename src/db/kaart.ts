import type { Table } from 'dexie';
import type { SearchDocument } from '../workers/kaart-search-types';
import { findPersonalData, personalDataMessages } from '../shared/personal-data';
import { themeById } from '../shared/kaart/themes';
import type {
  Attribute, KaartEntity, KaartFields, KaartRecord, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm,
} from '../shared/kaart/types';
import { validateKaartRecord, type ValidationError } from '../shared/kaart/validate';
import type { IdoDb } from './db';
import type { KaartFeedback, KaartFeedbackFields, KaartIncomingChange, KaartOutboxEntity, KaartOutboxEntry, KaartOutboxState } from './types';

/**
 * The sociale kaart on the tablet: the tables by entity, the joined views the UI reads, local
 * edits (written optimistically and queued in kaartOutbox) and the mapping to the search index.
 */

const TABLE_OF = {
  organization: 'kaartOrganizations', service: 'kaartServices', location: 'kaartLocations',
  service_at_location: 'kaartServiceAtLocations', phone: 'kaartPhones', schedule: 'kaartSchedules',
  taxonomy_term: 'kaartTaxonomyTerms', attribute: 'kaartAttributes',
} as const satisfies Record<KaartEntity, keyof IdoDb>;

/** The Dexie table that holds an entity's records. */
export function kaartTable<E extends KaartEntity>(db: IdoDb, entity: E): Table<KaartRecord<E>, string> {
  return db[TABLE_OF[entity]] as unknown as Table<KaartRecord<E>, string>;
}

/** Every kaart table, outbox, feedback and Snelwijzer cards included: the scope of a transaction that touches the kaart. */
export function kaartTables(db: IdoDb): Table[] {
  return [...Object.values(TABLE_OF).map((name) => db[name] as Table), db.kaartFeedback, db.snelwijzerCards, db.kaartOutbox];
}

/** The local table of any entity the kaart sync carries (kaart entries, feedback, cards). */
export function syncedTable(db: IdoDb, entity: KaartOutboxEntity): Table<{ id: string; version: number }, string> {
  if (entity === 'feedback') return db.kaartFeedback as unknown as Table<{ id: string; version: number }, string>;
  if (entity === 'snelwijzer_card') return db.snelwijzerCards as unknown as Table<{ id: string; version: number }, string>;
  return kaartTable(db, entity) as unknown as Table<{ id: string; version: number }, string>;
}

/** The outbox key of a record: one entry per record, however often it is edited. */
export const kaartOutboxId = (entity: KaartOutboxEntity, id: string): string => `${entity}:${id}`;

/** A record's fields without the sync metadata: what an edit or a push carries. */
export function fieldsOf<T extends object>(record: T): Omit<T, 'version' | 'updatedAt' | 'deleted'> {
  const { version: _v, updatedAt: _u, deleted: _d, ...fields } = record as T & { version?: unknown; updatedAt?: unknown; deleted?: unknown };
  return fields;
}

/** Writes the server's copy of a record locally (a tombstone deletes it); call inside a transaction. */
export async function putServerRecord(db: IdoDb, change: KaartIncomingChange, now: Date): Promise<void> {
  if (change.entity === 'feedback') {
    if (change.deleted) await db.kaartFeedback.delete(change.id);
    else await db.kaartFeedback.put({ ...fieldsOf(change.data), id: change.id, version: change.version });
    return;
  }
  if (change.entity === 'snelwijzer_card') {
    if (change.deleted) await db.snelwijzerCards.delete(change.id);
    else await db.snelwijzerCards.put({ ...fieldsOf(change.data), id: change.id, version: change.version, updatedAt: change.updatedAt ?? now.toISOString() });
    return;
  }
  const table = kaartTable(db, change.entity);
  if (change.deleted) return table.delete(change.id);
  const updatedAt = change.updatedAt ?? now.toISOString();
  await table.put({ ...fieldsOf(change.data), id: change.id, version: change.version, updatedAt, deleted: false } as never);
}

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

/** Local kaart edits in these states (default: those that need a person), oldest first. */
export async function kaartOutboxEntries(db: IdoDb, states: readonly KaartOutboxState[] = ['conflict', 'rejected']): Promise<KaartOutboxEntry[]> {
  return (await db.kaartOutbox.where('state').anyOf([...states]).toArray()).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

// ---- writing: optimistic local edits, queued for the server ----

/** An edit as a value: saved, or the validation errors to show beside the fields. */
export type KaartEditResult = { ok: true } | { ok: false; errors: ValidationError[] };

/** One edit of a record: its fields as staff left them, or a delete. */
export interface KaartEdit<E extends KaartEntity = KaartEntity> {
  entity: E;
  record: KaartFields<E>;
  deleted?: boolean;
}

/**
 * Saves an edit (or with `{deleted: true}` a delete) of a kaart record: writes the local table at
 * once and queues the change. Edits of one record coalesce into one change that keeps the
 * ORIGINAL baseVersion; deleting a record the server never had just drops it.
 */
export async function saveKaartEdit<E extends KaartEntity>(
  db: IdoDb, entity: E, record: KaartFields<E>, options: { deleted?: boolean; now?: Date } = {},
): Promise<KaartEditResult> {
  return saveKaartEdits(db, [{ entity, record, deleted: options.deleted }], options.now);
}

/** Several edits in one transaction: all are saved, or none (an import, a service with its schedules). */
export async function saveKaartEdits(db: IdoDb, edits: readonly KaartEdit[], now = new Date()): Promise<KaartEditResult> {
  const errors = edits.flatMap(({ entity, record, deleted }) => (deleted ? [] : validateKaartRecord(entity, fieldsOf(record))));
  if (errors.length > 0) return { ok: false, errors };
  await db.transaction('rw', kaartTables(db), async () => {
    for (const edit of edits) await queueEdit(db, edit, now);
  });
  return { ok: true };
}

async function queueEdit(db: IdoDb, { entity, record, deleted = false }: KaartEdit, now: Date): Promise<void> {
  const fields = fieldsOf(record) as KaartFields;
  const table = kaartTable(db, entity);
  const key = kaartOutboxId(entity, fields.id);
  const [local, entry] = [await table.get(fields.id), await db.kaartOutbox.get(key)];
  if (deleted) {
    await table.delete(fields.id);
    const neverSent = entry ? entry.baseVersion === 0 && !entry.current : !local || local.version === 0;
    if (neverSent) return db.kaartOutbox.delete(key); // the server never had it (an answer in flight re-queues the delete)
    await db.kaartOutbox.put(queuedChange({ entity, record, deleted }, local, entry, now).entry);
    return;
  }
  const change = queuedChange({ entity, record }, local, entry, now);
  await table.put(change.local as never);
  await db.kaartOutbox.put(change.entry);
}

/**
 * What an edit writes, given the record on the tablet and its queued change (if any): the local
 * row and the outbox entry. Pure, so a bulk write (an import) and a single edit agree.
 */
export function queuedChange({ entity, record, deleted = false }: KaartEdit, local: { version: number } | undefined, entry: KaartOutboxEntry | undefined, now: Date): { local: object; entry: KaartOutboxEntry } {
  const fields = fieldsOf(record) as KaartFields;
  const baseVersion = entry?.baseVersion ?? local?.version ?? 0;
  // a conflict stays a conflict until someone resolves it: a new edit changes "mine", not the state
  const conflict = entry?.state === 'conflict';
  return {
    local: { ...fields, version: local?.version ?? baseVersion, updatedAt: now.toISOString(), deleted: false },
    entry: {
      id: kaartOutboxId(entity, fields.id), entity, recordId: fields.id, baseVersion, deleted, data: fields,
      ...(entry ? (entry.before ? { before: entry.before } : {}) : local ? { before: fieldsOf(local) as KaartFields } : {}),
      savedAt: now.toISOString(),
      state: conflict ? 'conflict' : 'pending',
      ...(conflict && entry.problem ? { problem: entry.problem } : {}),
      ...(entry?.current ? { current: entry.current } : {}),
      ...(entry?.serverVersion !== undefined ? { serverVersion: entry.serverVersion } : {}),
    } as KaartOutboxEntry,
  };
}

/** The longest "Klopt niet" note (as the server checks it). */
export const MAX_FEEDBACK_NOTE = 500;

/**
 * "Klopt niet": marks a service for the coordinator with a short note saying what is wrong, and
 * queues it for the server. A note that looks like personal data is refused here already (the
 * server checks again).
 */
export async function addFeedback(db: IdoDb, serviceId: string, note: string, now = new Date()): Promise<KaartEditResult> {
  const text = note.trim();
  const errors: ValidationError[] = findPersonalData(text).map((kind) => ({ field: 'note', code: 'personal_data', message: personalDataMessages[kind] }));
  if (text === '') errors.push({ field: 'note', code: 'required', message: 'Schrijf kort wat er niet klopt.' });
  if (text.length > MAX_FEEDBACK_NOTE) {
    errors.push({ field: 'note', code: 'too_long', message: `Gebruik hoogstens ${MAX_FEEDBACK_NOTE} tekens. Nu zijn het er ${text.length}.` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const data: KaartFeedbackFields = { id: crypto.randomUUID(), service_id: serviceId, note: text, created_at: now.toISOString(), resolved: false };
  await db.transaction('rw', db.kaartFeedback, db.kaartOutbox, async () => {
    await db.kaartFeedback.put({ ...data, version: 0 });
    await queueFeedback(db, data, 0, now);
  });
  return { ok: true };
}

/** The coordinator handled a "Klopt niet" mark: it is marked resolved here and on the server. */
export async function resolveFeedback(db: IdoDb, feedbackId: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.kaartFeedback, db.kaartOutbox, async () => {
    const mark = await db.kaartFeedback.get(feedbackId);
    if (!mark || mark.resolved) return;
    await db.kaartFeedback.put({ ...mark, resolved: true });
    const waiting = await db.kaartOutbox.get(kaartOutboxId('feedback', feedbackId));
    await queueFeedback(db, { ...fieldsOf(mark), resolved: true } as KaartFeedbackFields, waiting?.baseVersion ?? mark.version, now);
  });
}

async function queueFeedback(db: IdoDb, data: KaartFeedbackFields, baseVersion: number, now: Date): Promise<void> {
  await db.kaartOutbox.put({
    id: kaartOutboxId('feedback', data.id), entity: 'feedback', recordId: data.id, baseVersion, deleted: false, data,
    savedAt: now.toISOString(), state: 'pending',
  });
}

// ---- the search index's input ----

/** One service as the search worker indexes it: themes are the taxonomy codes, the first location with coordinates gives the place. */
export function searchDocumentFor(view: ServiceView): SearchDocument {
  const { service } = view;
  const place = view.locations.find((l) => l.latitude !== undefined && l.longitude !== undefined);
  const themes = view.themes.filter((theme, i, all) => all.findIndex((t) => t.code === theme.code) === i);
  return {
    id: service.id,
    name: service.name,
    ...(service.alternate_name ? { alternateName: service.alternate_name } : {}),
    organizationName: view.organization?.name ?? '',
    description: service.description ?? '',
    themes: themes.map((t) => t.code),
    themeNames: themes.map((t) => t.name),
    idoTopics: service.ido_topics ?? [],
    ...(service.referral_method ? { referralMethod: service.referral_method } : {}),
    ...(service.keywords?.length ? { keywords: service.keywords } : {}),
    languages: service.languages ?? [],
    ...(place ? { latitude: place.latitude, longitude: place.longitude } : {}),
  };
}

/** Every referable service as a SearchDocument (inactive and defunct ones are left out). */
export async function toSearchDocuments(db: IdoDb): Promise<SearchDocument[]> {
  return (await allServiceViews(db)).filter((view) => isReferable(view.service)).map(searchDocumentFor);
}

function defined<T>(rows: (T | undefined)[]): T[] {
  return rows.filter((row): row is T => row !== undefined);
}
