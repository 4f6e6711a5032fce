import { describe, expect, it } from 'vitest';
import { rowsWithErrors } from '../../src/features/kaart/import-columns';
import { applyMerges, DEMO_ORGANISATION_ID, exportSelection, planImport, readHsds, spreadsheetExisting } from '../../src/features/kaart/import-plan';
import { applyImportPlan, readTabletKaart } from '../../src/features/kaart/import-tablet';
import { summarizeHsds } from '../../src/features/kaart/import-preview';
import demo from '../../src/shared/kaart/demo-kaart.json';
import {
  applyMapping, exportHsdsCsvPackage, exportHsdsJson, exportHsdsServicePackage, importHsdsJson, KAART_ENTITIES, previewSpreadsheet, themeByCode, type KaartDataSet,
} from '../../src/shared/kaart';
import { loadDemoKaart } from '../../src/sync/kaart-apply';
import { tabletDbs } from './fixtures';

const newDb = tabletDbs('kaart-import-ui');

const NOW = new Date('2026-11-24T09:15:00.000Z');
const OWNER = DEMO_ORGANISATION_ID;
const GEMEENTE = '4e5c5a49-e939-50f9-be07-11558af729a0'; // "Gemeente Rivierstad (voorbeeld)", Marktplein 1, 4001 AA
const UWV = '94978715-89dc-5d44-a948-83abaaafdb7f'; // national

/** A tablet with the example kaart, as a first start leaves it. */
async function demoTablet() {
  const db = newDb();
  await db.open();
  await loadDemoKaart(db, importHsdsJson(demo).records, NOW);
  return { db, tablet: await readTabletKaart(db) };
}

const SPREADSHEET = '\uFEFFOrganisatie;Dienst;Adres;Postcode;Plaats;Telefoon;Openingstijden;Thema\r\n'
  + 'Buurthuis De Linde;Inloop formulierenhulp;Lindelaan 3;4002 AB;Rivierstad;0000-000 099;di 9:00-12:00;Geld en schulden\r\n'
  + 'Buurthuis De Linde;Koffieochtend;Lindelaan 3;4002 AB;Rivierstad;;Alleen op afspraak;\r\n'
  + 'Stichting Fout;Iets;Straat 1;4002 AB;Rivierstad;;;Ruimtevaart\r\n'
  + 'Gemeente Rivierstad (voorbeeld);Energieloket;Marktplein 1;4001 AA;Rivierstad;;;Wonen\r\n';

function readSpreadsheet(tablet: KaartDataSet) {
  const preview = previewSpreadsheet(SPREADSHEET);
  return applyMapping(preview.rows, preview.mapping, spreadsheetExisting(tablet, OWNER), { ownerOrganisationId: OWNER });
}

describe('a spreadsheet import into the example kaart', () => {
  it('leaves the rows with errors out, keeps the duplicate a new organisation unless ticked, and writes it all in one go', async () => {
    const { db, tablet } = await demoTablet();
    const servicesBefore = await db.kaartServices.count();

    const result = readSpreadsheet(tablet);
    expect(rowsWithErrors(result)).toEqual([4]);
    expect(result.duplicates).toMatchObject([{ row: 5, existingId: GEMEENTE, reason: 'name_postcode' }]);
    const plan = planImport(applyMerges(result, new Set()).records, tablet, OWNER);

    expect(plan.services).toBe(3);
    expect(plan.created.organization).toBe(2); // De Linde once for its two rows, and the unmerged Gemeente
    expect(plan.edits.some((e) => e.entity === 'organization' && (e.record as { name?: string }).name === 'Stichting Fout')).toBe(false);
    expect(await applyImportPlan(db, plan)).toEqual({ ok: true });

    expect(await db.kaartServices.count()).toBe(servicesBefore + 3);
    expect(await db.kaartOutbox.count()).toBe(plan.edits.length);
    const organization = await db.kaartOrganizations.filter((o) => o.name === 'Buurthuis De Linde').toArray();
    expect(organization).toHaveLength(1);
    expect(organization[0].owner_organisation_id).toBe(OWNER);
  });

  it('attaches the duplicate row to the existing organisation when the coordinator ticks "samenvoegen"', async () => {
    const { db, tablet } = await demoTablet();
    const result = readSpreadsheet(tablet);

    const plan = planImport(applyMerges(result, new Set([GEMEENTE])).records, tablet, OWNER);

    expect(plan.created.organization).toBe(1);
    const energieloket = plan.edits.find((e) => e.entity === 'service' && (e.record as { name?: string }).name === 'Energieloket');
    expect(energieloket?.record).toMatchObject({ organization_id: GEMEENTE });
    expect(await applyImportPlan(db, plan)).toEqual({ ok: true });
    expect(await db.kaartOrganizations.filter((o) => o.name === 'Gemeente Rivierstad (voorbeeld)').count()).toBe(1);
    expect((await db.kaartServices.where('organization_id').equals(GEMEENTE).toArray()).map((s) => s.name)).toContain('Energieloket');
  });

  it('writes nothing at all when one record of the import is invalid', async () => {
    const { db, tablet } = await demoTablet();
    const plan = planImport(readSpreadsheet(tablet).records, tablet, OWNER);
    const broken = { ...plan, edits: plan.edits.map((e, i) => (i === plan.edits.length - 1 ? { ...e, record: { ...e.record, id: 'geen-uuid' } } : e)) };
    const before = await db.kaartServices.count();

    const result = await applyImportPlan(db, broken);

    expect(result.ok).toBe(false);
    expect(await db.kaartServices.count()).toBe(before);
    expect(await db.kaartOutbox.count()).toBe(0);
  });
});

describe('an HSDS file against the tablet', () => {
  it.each(['json', 'hsds3', 'csv'] as const)('finds nothing to do, and says nothing, when the tablet\'s own export (%s) is imported again', async (kind) => {
    const { tablet } = await demoTablet();
    const own = exportSelection(tablet, OWNER, false);
    // the three exports of import-export.tsx: our JSON, HSDS 3.0 nested (addresses with country and state_province, location_type) and the CSV package
    const files = kind === 'json' ? { 'kaart.json': JSON.stringify(exportHsdsJson(own)) }
      : kind === 'hsds3' ? { 'kaart-hsds-3.0.json': JSON.stringify(exportHsdsServicePackage(own)) } : exportHsdsCsvPackage(own);

    const result = readHsds(kind === 'csv' ? 'hsds-csv' : 'hsds-json', files, tablet, OWNER);
    const plan = planImport(result.records, tablet, OWNER);

    expect([result.errors, result.warnings, result.notices, result.ignoredFields]).toEqual([[], [], [], []]);
    expect(plan.edits).toEqual([]);
    expect(plan.unchanged).toBeGreaterThan(100);
  });

  it('leaves national entries alone: an export with them imports only the library\'s own changes', async () => {
    const { tablet } = await demoTablet();
    const withNational = exportSelection(tablet, OWNER, true);
    expect(withNational.organization.some((o) => o.id === UWV)).toBe(true);
    expect(exportSelection(tablet, OWNER, false).organization.some((o) => o.id === UWV)).toBe(false);
    const files = exportHsdsCsvPackage({ ...withNational, service: withNational.service.map((s) => ({ ...s, description: `${s.description ?? ''} Gewijzigd.` })) });

    const plan = planImport(readHsds('hsds-csv', files, tablet, OWNER).records, tablet, OWNER);

    const nationalServices = tablet.service.filter((s) => s.organization_id === UWV).length;
    expect(nationalServices).toBeGreaterThan(0);
    expect(plan.edits.every((e) => e.entity === 'service')).toBe(true);
    expect(plan.edits).toHaveLength(exportSelection(tablet, OWNER, false).service.length);
    expect(plan.updated).toBe(plan.edits.length);
    expect(plan.outsideScope).toBeGreaterThanOrEqual(tablet.organization.filter((o) => o.owner_organisation_id === null).length + nationalServices);
  });

  it('never writes a theme: the file\'s themes map to the built-in ones and other terms become keywords of the service', async () => {
    const { tablet } = await demoTablet();
    const organization = { id: crypto.randomUUID(), name: 'Wijkvereniging', owner_organisation_id: OWNER };
    const service = { id: crypto.randomUUID(), organization_id: organization.id, name: 'Buurtkamer', status: 'active' };
    const wonen = themeByCode('wonen')!;
    const document = {
      organizations: [organization], services: [service],
      taxonomy_terms: [{ id: 'rubriek-7', code: 'wonen', name: 'Wonen', parent_id: null }, { id: 'gemeente-42', code: 'gemeente_42', name: 'Eigen rubriek', parent_id: null }],
      attributes: [
        { id: crypto.randomUUID(), link_id: service.id, link_entity: 'service', taxonomy_term_id: 'gemeente-42' },
        { id: crypto.randomUUID(), link_id: service.id, link_entity: 'service', taxonomy_term_id: 'rubriek-7' },
      ],
    };

    const result = readHsds('hsds-json', { 'kaart.json': JSON.stringify(document) }, tablet, OWNER);
    const plan = planImport(result.records, tablet, OWNER);

    expect(result.errors).toEqual([]);
    expect(plan.edits.map((e) => e.entity)).toEqual(['organization', 'service', 'attribute']);
    expect(plan.edits[1].record).toMatchObject({ keywords: ['Eigen rubriek'] });
    expect(plan.edits[2].record).toMatchObject({ taxonomy_term_id: wonen.id });
    expect(KAART_ENTITIES.filter((entity) => plan.created[entity] > 0)).toEqual(['organization', 'service', 'attribute']);
  });

  it('a wrong value: nothing without the tick (alles of niets), the record without the value with it', async () => {
    const { db, tablet } = await demoTablet();
    const organization = { id: crypto.randomUUID(), name: 'Wijkvereniging', owner_organisation_id: OWNER };
    const location = { id: crypto.randomUUID(), organization_id: organization.id, address_1: 'Lindelaan 3', city: 'Rivierstad', latitude: 100, longitude: 5.1 };
    const phone = { id: crypto.randomUUID(), organization_id: organization.id, number: '12345' };
    const result = readHsds('hsds-json', { 'kaart.json': JSON.stringify({ organizations: [organization], locations: [location], phones: [phone] }) }, tablet, OWNER);

    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => `${w.entity}.${w.field}`)).toEqual(['location.latitude', 'phone.number']);
    const plan = planImport(result.records, tablet, OWNER);
    expect(plan.edits.map((e) => e.entity)).toEqual(['organization', 'location']);
    expect(plan.edits[1].record).not.toHaveProperty('latitude');
    expect((await applyImportPlan(db, plan)).ok).toBe(true);
    expect(await db.kaartLocations.get(location.id)).toMatchObject({ address_1: 'Lindelaan 3' });
  });
  it('what the kaart does not take (a postal address, hours at a location without a service) is told and imports without the tick', async () => {
    const { db, tablet } = await demoTablet();
    const organization = { id: crypto.randomUUID(), name: 'Wijkvereniging', owner_organisation_id: OWNER };
    const location = {
      id: crypto.randomUUID(), organization_id: organization.id, name: 'Wijkhuis De Linde', addresses: [
        { address_1: 'Postbus 7', postal_code: '4002 AA', city: 'Rivierstad', address_type: 'postal' },
        { address_1: 'Lindelaan 3', postal_code: '4002 AB', city: 'Rivierstad', address_type: 'physical' },
      ],
    };
    const schedule = { id: crypto.randomUUID(), location_id: location.id, description: 'Alleen op afspraak' };
    const result = readHsds('hsds-json', { 'kaart.json': JSON.stringify({ organizations: [organization], locations: [location], schedules: [schedule] }) }, tablet, OWNER);

    expect([result.errors, result.warnings]).toEqual([[], []]);
    expect(result.notices.map((n) => `${n.entity}.${n.field}:${n.code}`)).toEqual(['schedule.location_id:location_without_service', 'location.addresses:address_not_taken']);
    expect(result.notices[1].message).toBe('Locatie "Wijkhuis De Linde": de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 7".');
    const plan = planImport(result.records, tablet, OWNER);
    // the page's button counts failed and repaired records as records with an error (import-hsds.tsx): none here
    const preview = summarizeHsds('hsds-json', 'kaart.json', result, plan);
    expect([preview.failedRecords, preview.repairedRecords, preview.noticeCount]).toEqual([0, 0, 2]);
    expect((await applyImportPlan(db, plan)).ok).toBe(true);
    expect(await db.kaartLocations.get(location.id)).toMatchObject({ address_1: 'Lindelaan 3', postal_code: '4002 AB' });
  });
});
