import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importHsdsCsvPackage } from '../../src/shared/kaart/hsds-csv';
import { exportHsdsTabularPackage } from '../../src/shared/kaart/hsds-tabular';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { derivedId, exportHsdsServicePackage } from '../../src/shared/kaart/hsds-nested';
import { ids, LIBRARY_ID, sampleSet } from './fixtures/kaart-sample';

// The official schema of a nested HSDS 3.0 service (vendored with its licence, see fixtures/hsds-3.0/README.md).
const serviceSchema = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/hsds-3.0/service_with_definitions.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateService = ajv.compile(serviceSchema);
// An organization document (compiled/organization.json) is the same organization definition, with its locations.
const validateOrganization = ajv.compile({ definitions: serviceSchema.definitions, $ref: '#/definitions/organization' });

describe('HSDS 3.0 nested export (service_package)', () => {
  it('validates against the official schema', () => {
    const documents = exportHsdsServicePackage(sampleSet());
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      validateService(document);
      expect(validateService.errors ?? []).toEqual([]);
    }
  });

  it('fails the schema when a required part is missing (the check is real)', () => {
    const [document] = exportHsdsServicePackage(sampleSet());
    const { status: _status, ...withoutStatus } = document;
    expect(validateService(withoutStatus)).toBe(false);
    const broken = structuredClone(document) as { service_at_locations: { location: Record<string, unknown> }[] };
    delete broken.service_at_locations[0].location.location_type;
    expect(validateService(broken)).toBe(false);
  });

  it('keeps local extras under ido_ names the standard does not use', () => {
    const [taalcafe] = exportHsdsServicePackage(sampleSet());
    const standard = new Set(Object.keys(serviceSchema.properties));
    const extras = Object.keys(taalcafe).filter((key) => !standard.has(key));
    expect(extras.sort()).toEqual(['ido_referral_method', 'ido_topics', 'ido_verified_by']);
    expect((taalcafe.organization as Record<string, unknown>).ido_kvk).toBe('00000107');
    expect(Object.keys(serviceSchema.definitions).flatMap((name) => Object.keys(serviceSchema.definitions[name].properties ?? {})).filter((key) => key.startsWith('ido_'))).toEqual([]);
  });

  it('imports back to the same kaart (round trip), and exports the same again', () => {
    const set = sampleSet();
    const documents = exportHsdsServicePackage(set);
    const result = importHsdsJson(JSON.parse(JSON.stringify(documents)));
    expect(result.errors).toEqual([]);
    // what the export writes because the standard asks for it (location_type, an address's country and state_province,
    // a term's taxonomy and description, an attribute's link_type) is read back without a word
    expect([result.ignoredFields, result.warnings, result.notices]).toEqual([[], [], []]);
    const terms = new Set(set.attribute.map((a) => a.taxonomy_term_id));
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect({ ...result.records, taxonomy_term: [...result.records.taxonomy_term].sort(byCode) })
      .toEqual({ ...set, taxonomy_term: set.taxonomy_term.filter((t) => terms.has(t.id)).sort(byCode) });
    expect(exportHsdsServicePackage(result.records)).toEqual(documents);
  });

  it('keeps an organization without services and a location where no service is given, as organization documents that validate', () => {
    const set = sampleSet();
    const quiet = { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', name: 'Buurtpunt zonder diensten', owner_organisation_id: LIBRARY_ID };
    const depot = { id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', organization_id: ids.org, name: 'Uitleenpunt', address_1: 'Kerkplein 2', postal_code: '4002 AB', city: 'Rivierstad', accessibility: 'Drempelvrij' };
    set.organization.push(quiet);
    set.location.push(depot);
    set.phone.push(
      { id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', organization_id: quiet.id, number: '030 123 45 68' },
      { id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', location_id: depot.id, number: '030 123 45 69' },
    );
    const documents = exportHsdsServicePackage(set);
    const organizations = documents.filter((document) => !('status' in document));
    expect(organizations.map((document) => document.name)).toEqual(['Taalpunt (voorbeeld)', 'Buurtpunt zonder diensten']);
    for (const document of organizations) {
      validateOrganization(document);
      expect(validateOrganization.errors ?? []).toEqual([]);
    }
    const result = importHsdsJson(JSON.parse(JSON.stringify(documents)));
    expect(result.errors).toEqual([]);
    expect([result.ignoredFields, result.warnings, result.notices]).toEqual([[], [], []]);
    expect(result.records.organization).toContainEqual(quiet);
    expect(result.records.location).toContainEqual(depot);
    expect(result.records.phone).toHaveLength(3);
    expect(exportHsdsServicePackage(result.records)).toEqual(documents);
  });

  it('derives stable ids in UUID form', () => {
    expect(derivedId(ids.location, 'address')).toBe(derivedId(ids.location, 'address'));
    expect(derivedId(ids.location, 'address')).not.toBe(derivedId(ids.location, 'accessibility'));
    expect(derivedId(ids.location, 'address')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

// The official table schemas (schema/*.json, vendored with the licence, see fixtures/hsds-3.0/README.md).
const SCHEMA_DIR = path.join(__dirname, 'fixtures/hsds-3.0/schema');
const tables = new Ajv({ strict: false, allErrors: true });
addFormats(tables);
for (const name of readdirSync(SCHEMA_DIR)) tables.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')), name);
const TABLE_SCHEMA: Record<string, string> = {
  'organizations.csv': 'organization.json', 'services.csv': 'service.json', 'languages.csv': 'language.json', 'locations.csv': 'location.json',
  'addresses.csv': 'address.json', 'accessibility.csv': 'accessibility.json', 'service_at_location.csv': 'service_at_location.json',
  'phones.csv': 'phone.json', 'schedules.csv': 'schedule.json', 'taxonomy_terms.csv': 'taxonomy_term.json', 'attributes.csv': 'attribute.json',
};

/**
 * A CSV file's rows as a tabular reader types them: number columns as numbers, empty cells left out —
 * except in a required text column, where an empty cell is the empty text (the kaart does not know an
 * address's state_province, and an organization may have no description; HSDS requires both columns).
 */
function typedRows(file: string, csv: string): Record<string, unknown>[] {
  const schema = tables.getSchema(TABLE_SCHEMA[file])!.schema as { properties: Record<string, { type?: string }>; required?: string[] };
  const keepEmpty = new Set((schema.required ?? []).filter((column) => schema.properties[column]?.type === 'string'));
  return Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data.map((row) => Object.fromEntries(
    Object.entries(row).filter(([column, cell]) => cell !== '' || keepEmpty.has(column))
      .map(([column, cell]) => [column, schema.properties[column]?.type === 'number' ? Number(cell) : cell]),
  ));
}

describe('HSDS 3.0 tabular package (the official file names and columns)', () => {
  it('reports a value of a written-for-the-standard field that is not the one the export writes: the file\'s own data', () => {
    const files = exportHsdsTabularPackage(sampleSet());
    const changed = {
      ...files,
      'taxonomy_terms.csv': files['taxonomy_terms.csv'].replace(/,Taal,Taal,,ido-thema/, ',Taal,Lezen en schrijven,,Gemeente Rivierstad'),
      'attributes.csv': files['attributes.csv'].replace(/,service,service\r\n/, ',eligibility,service\r\n'),
      'addresses.csv': files['addresses.csv'].replace(/,,(\d{4} [A-Z]{2}),NL,/, ',Utrecht,$1,NL,'),
    };
    expect(changed).not.toEqual(files);
    const result = importHsdsCsvPackage(changed);
    expect(result.errors).toEqual([]);
    expect(result.ignoredFields).toEqual(['address.state_province', 'attribute.link_type', 'taxonomy_term.description', 'taxonomy_term.taxonomy']);
  });


  it('every row of every file validates against the official table schema', () => {
    const files = exportHsdsTabularPackage(sampleSet());
    expect(Object.keys(files).sort()).toEqual([...Object.keys(TABLE_SCHEMA), 'datapackage.json'].sort());
    for (const [file, csv] of Object.entries(files)) {
      if (file === 'datapackage.json') continue;
      const validate = tables.getSchema(TABLE_SCHEMA[file])!;
      const rows = typedRows(file, csv);
      for (const row of rows) expect(validate(row) ? [] : [file, validate.errors]).toEqual([]);
    }
    expect(typedRows('locations.csv', files['locations.csv'])[0]).toMatchObject({ location_type: 'physical', latitude: 51.88 });
    expect(typedRows('addresses.csv', files['addresses.csv'])[0]).toMatchObject({ address_1: 'Bibliotheekplein 1', address_type: 'physical', country: 'NL' });
  });

  it('a row the standard would refuse fails the check (the check is real)', () => {
    const validate = tables.getSchema('location.json')!;
    expect(validate({ id: ids.location, latitude: 51.88 })).toBe(false);
    expect(tables.getSchema('service.json')!({ id: ids.service, name: 'x', status: 'open' })).toBe(false);
  });

  it('imports back to the same kaart (round trip), long lists and coordinates near 0 included', () => {
    const set = sampleSet();
    Object.assign(set.service[0], { ido_topics: ['formulier_invullen', 'computer_tablet_smartphone', 'digid', 'toeslagen'], keywords: ['taal', 'lezen', 'schrijven', 'rekenen'] });
    Object.assign(set.location[0], { latitude: 0.0000001, longitude: -0.0000005 });
    const result = importHsdsCsvPackage(exportHsdsTabularPackage(set));
    expect(result.errors).toEqual([]);
    expect([result.ignoredFields, result.warnings, result.notices]).toEqual([[], [], []]);
    expect(result.records).toEqual(set);
    expect(exportHsdsTabularPackage(result.records)).toEqual(exportHsdsTabularPackage(set));
  });
});
