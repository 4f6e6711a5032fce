import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { defuseCell, restoreCell } from '../../src/shared/csv';
import { datapackageDescriptor, exportHsdsCsvPackage, importHsdsCsvPackage } from '../../src/shared/kaart/hsds-csv';
import { fieldLabel, fieldNames } from '../../src/shared/kaart/fields';
import { exportHsdsTabularPackage } from '../../src/shared/kaart/hsds-tabular';
import { ids, LIBRARY_ID, sampleSet } from './fixtures/kaart-sample';

const rowsOf = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe('HSDS tabular data package', () => {
  it('has one CSV per entity and a datapackage.json', () => {
    expect(Object.keys(exportHsdsCsvPackage(sampleSet())).sort()).toEqual([
      'attributes.csv', 'datapackage.json', 'locations.csv', 'organizations.csv', 'phones.csv', 'schedules.csv',
      'service_at_locations.csv', 'services.csv', 'taxonomy_terms.csv',
    ]);
  });

  it('writes the model\'s fields as the header row, with CRLF line ends', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    expect(files['services.csv'].split('\r\n')[0]).toBe(fieldNames('service').join(','));
    expect(files['services.csv'].endsWith('\r\n')).toBe(true);
  });

  it('joins lists with ";" and leaves an empty owner for national organizations', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    const [taalcafe] = rowsOf(files['services.csv']);
    expect(taalcafe.languages).toBe('nl;en');
    expect(taalcafe.ido_topics).toBe('formulier_invullen;computer_tablet_smartphone');
    const organizations = rowsOf(files['organizations.csv']);
    expect(organizations.map((o) => o.owner_organisation_id)).toEqual([LIBRARY_ID, '']);
  });

  it('gives back the same entries after export (round trip)', () => {
    const set = sampleSet();
    const result = importHsdsCsvPackage(exportHsdsCsvPackage(set));
    expect(result.errors).toEqual([]);
    expect(result.ignoredFields).toEqual([]);
    expect(result.records).toEqual(set);
  });

  it('gives back long lists and coordinates near 0 (a row full of ";" is still comma-separated; 1e-7 is written as 0.0000001)', () => {
    const set = sampleSet();
    Object.assign(set.service[0], { languages: ['nl', 'en', 'ar', 'tr', 'pl'], ido_topics: ['formulier_invullen', 'computer_tablet_smartphone', 'digid', 'toeslagen', 'aow_pensioen'] });
    Object.assign(set.location[0], { latitude: 0.0000001, longitude: -0.0000005 });
    const files = exportHsdsCsvPackage(set);
    expect(rowsOf(files['locations.csv'])[0]).toMatchObject({ latitude: '0.0000001', longitude: '-0.0000005' });
    const result = importHsdsCsvPackage(files);
    expect(result.errors).toEqual([]);
    expect(result.ignoredFields).toEqual([]);
    expect(result.records).toEqual(set);
    // As another tool may write them.
    const written = { ...files, 'locations.csv': files['locations.csv'].replace('0.0000001', '1e-7').replace('-0.0000005', '-5E-7') };
    expect(importHsdsCsvPackage(written).records.location[0]).toMatchObject({ latitude: 1e-7, longitude: -5e-7 });
  });

  it('refuses a file with a column twice in its header (which value counts would be a guess)', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    const [header, ...rows] = files['organizations.csv'].split('\r\n');
    const twice = { ...files, 'organizations.csv': [`${header},name`, ...rows.map((row) => (row === '' ? row : `${row},=HACK`))].join('\r\n') };
    const result = importHsdsCsvPackage(twice);
    expect(result.errors[0]).toMatchObject({ entity: 'organization', field: 'name', code: 'invalid_csv', message: 'In organizations.csv staat de kolom "name" twee keer in de eerste rij. Laat er één over.' });
    expect(result.records.organization).toEqual([]);
  });

  it('names a column from the file that is named as a member every object has as itself, not as Object.prototype\'s member', () => {
    // the import's table of errors shows fieldLabel(error.field) in its column Veld: "constructor" showed nothing
    const files = exportHsdsCsvPackage(sampleSet());
    const [header, ...rows] = files['organizations.csv'].split('\r\n');
    for (const column of ['constructor', 'toString', '__proto__']) {
      const twice = { ...files, 'organizations.csv': [`${header},${column},${column}`, ...rows.map((row) => (row === '' ? row : `${row},a,b`))].join('\r\n') };
      const [error] = importHsdsCsvPackage(twice).errors;
      expect(error).toMatchObject({ entity: 'organization', field: column, code: 'invalid_csv' });
      expect(fieldLabel(error.field)).toBe(column);
    }
    expect(fieldLabel('name')).toBe('naam');
    expect(fieldLabel('ido_kvk')).toBe('ido_kvk');
  });

  it('defuses formula cells for Excel and restores them on reading, leaving phone numbers alone', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    expect(rowsOf(files['services.csv'])[0].fees_description).toBe("'=gratis+1");
    expect(rowsOf(files['phones.csv'])[0].number).toBe('+31 30 123 45 67');
    expect(importHsdsCsvPackage(files).records.service[0].fees_description).toBe('=gratis+1');
  });

  it('restores exactly what it defused, for every tricky start', () => {
    for (const value of ['=SUM(A1)', '+cmd', '-2+3+cmd', '@x', '\tx', "'=x", "''=x", "'plain", '+31 30 123', '-4.5', 'gewoon', '']) {
      expect(restoreCell(defuseCell(value)), JSON.stringify(value)).toBe(value);
    }
    expect(defuseCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(defuseCell('-4.5')).toBe('-4.5');
  });

  it('reads a package with a BOM, LF line ends, an extra column and an unknown file', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    const organizations = '\uFEFF' + files['organizations.csv'].replace(/\r\n/g, '\n').replace('owner_organisation_id\n', 'owner_organisation_id,tax_id\n');
    const result = importHsdsCsvPackage({ ...files, 'organizations.csv': organizations, 'contacts.csv': 'id\n1\n' });
    expect(result.errors).toEqual([]);
    expect(result.records.organization).toHaveLength(2);
    expect(result.ignoredFields).toEqual(['file.contacts.csv', 'organization.tax_id']);
  });

  it('lists a column named __proto__ or constructor among the ignored columns, like any unknown column', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    const [header, ...rows] = files['organizations.csv'].split('\r\n');
    const extra = { ...files, 'organizations.csv': [`${header},__proto__,constructor,toString`, ...rows.map((row) => (row === '' ? row : `${row},a,b,c`))].join('\r\n') };
    const result = importHsdsCsvPackage(extra);
    expect(result.errors).toEqual([]);
    expect(result.records.organization).toHaveLength(2);
    expect(result.ignoredFields).toEqual(['organization.__proto__', 'organization.constructor', 'organization.toString']);
    expect(Object.getPrototypeOf(result.records.organization[0])).toBe(Object.prototype);
  });

  it('lists the unknown columns of addresses.csv, accessibility.csv and languages.csv among the ignored ones, __proto__ included', () => {
    const set = sampleSet();
    set.location[0].accessibility = 'Drempelvrij';
    const files = exportHsdsTabularPackage(set);
    const withColumns = (file: string, columns: string) => {
      const [header, ...rows] = files[file].split('\r\n');
      return [`${header},${columns}`, ...rows.map((row) => (row === '' ? row : `${row},${columns.split(',').map(() => 'x').join(',')}`))].join('\r\n');
    };
    const extra = {
      ...files,
      'addresses.csv': withColumns('addresses.csv', '__proto__,address_2'),
      'accessibility.csv': withColumns('accessibility.csv', '__proto__,constructor'),
      'languages.csv': withColumns('languages.csv', '__proto__,note'),
    };
    const result = importHsdsCsvPackage(extra);
    expect(result.errors).toEqual([]);
    expect(result.records.location[0]).toMatchObject({ address_1: set.location[0].address_1, accessibility: 'Drempelvrij' });
    expect(result.records.service[0].languages).toEqual(['nl', 'en']);
    expect(result.ignoredFields.filter((field) => !field.startsWith('location.') && !field.startsWith('taxonomy_term.') && !field.startsWith('attribute.'))).toEqual([
      'accessibility.__proto__', 'accessibility.constructor',
      // country (NL) and the empty state_province that the export writes are read: they are not reported
      'address.__proto__', 'address.address_2',
      'language.__proto__', 'language.note',
    ]);
  });

  it('refuses addresses.csv, accessibility.csv or languages.csv with a column twice or a lost quote, as it refuses an entity\'s file', () => {
    const files = exportHsdsTabularPackage(sampleSet());
    const [header, ...rows] = files['addresses.csv'].split('\r\n');
    const twice = importHsdsCsvPackage({ ...files, 'addresses.csv': [`${header},city`, ...rows.map((row) => (row === '' ? row : `${row},Elders`))].join('\r\n') });
    // The file's error comes first; the locations then lack their address, and are listed as well.
    expect(twice.errors[0]).toEqual({ entity: 'location', field: 'city', code: 'invalid_csv', message: 'In addresses.csv staat de kolom "city" twee keer in de eerste rij. Laat er één over.' });
    const quote = importHsdsCsvPackage({ ...files, 'languages.csv': files['languages.csv'].replace(',nl', ',"nl') });
    expect(quote.errors[0]).toEqual({ entity: 'service', field: '', code: 'invalid_csv', message: 'languages.csv is geen geldig CSV-bestand: er mist een aanhalingsteken.' });
  });

  it('names the CSV row of a record with an error (the header is row 1)', () => {
    const files = exportHsdsCsvPackage(sampleSet());
    const broken = files['locations.csv'].replace('4001 AB', '4001-AB');
    const result = importHsdsCsvPackage({ ...files, 'locations.csv': broken });
    expect(result.errors[0]).toMatchObject({ entity: 'location', index: 2, id: ids.location, field: 'postal_code', code: 'invalid_postal_code' });
  });

  it('describes every file in datapackage.json with types, required fields and foreign keys', () => {
    const descriptor = datapackageDescriptor();
    expect(descriptor.profile).toBe('tabular-data-package');
    const services = descriptor.resources.find((r) => r.name === 'services')!;
    expect(services.path).toBe('services.csv');
    expect(services.schema.primaryKey).toBe('id');
    expect(services.schema.foreignKeys).toEqual([{ fields: 'organization_id', reference: { resource: 'organizations', fields: 'id' } }]);
    expect(services.schema.fields.find((f) => f.name === 'name')).toMatchObject({ type: 'string', constraints: { required: true, maxLength: 200 } });
    const locations = descriptor.resources.find((r) => r.name === 'locations')!;
    expect(locations.schema.fields.find((f) => f.name === 'latitude')).toMatchObject({ type: 'number' });
    expect(JSON.parse(exportHsdsCsvPackage(sampleSet())['datapackage.json'])).toEqual(descriptor);
  });
});
