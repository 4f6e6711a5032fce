import type Dexie from 'dexie';

/**
 * Version 3: the sociale kaart. One table per HSDS entity, keyed by id, with the indexes the
 * views need (`*ido_topics` is multi-entry: one index entry per topic, for "doorverwijzen");
 * `kaartFeedback` holds "Klopt niet" marks; `kaartOutbox` holds local edits the server has not
 * accepted yet. The pull cursor lives in `settings` ('kaartCursor'). Nothing to convert.
 */
export function v3(db: Dexie): void {
  db.version(3).stores({
    kaartOrganizations: 'id',
    kaartServices: 'id, organization_id, status, *ido_topics',
    kaartLocations: 'id, organization_id',
    kaartServiceAtLocations: 'id, service_id, location_id',
    kaartPhones: 'id, service_id, organization_id, location_id',
    kaartSchedules: 'id, service_id, service_at_location_id',
    kaartTaxonomyTerms: 'id, code',
    kaartAttributes: 'id, link_id, taxonomy_term_id',
    kaartFeedback: 'id, service_id',
    kaartOutbox: 'id, state, savedAt',
  });
}
