import { describe, expect, it } from 'vitest';
import { detectKaartFormat, MAX_IMPORT_FILE_BYTES, packageFileName, readKaartFiles } from '../../src/features/kaart/import-files';
import { decodeKaartFile } from '../../src/shared/kaart';
import { fieldOfColumn, mapColumn, mappedFields } from '../../src/features/kaart/import-columns';

const file = (name: string, size = 100) => ({ name, size });
const bytes = (...values: number[]) => new Uint8Array(values);

describe('which import the chosen files are', () => {
  it('reads one .json file as HSDS JSON', () => {
    expect(detectKaartFormat([file('kaart-gemeente.json')])).toEqual({ ok: true, format: 'hsds-json' });
  });

  it('reads several files with datapackage.json or services.csv as an HSDS CSV package, also after a second download', () => {
    expect(detectKaartFormat([file('datapackage.json'), file('organizations.csv'), file('services.csv')])).toEqual({ ok: true, format: 'hsds-csv' });
    expect(detectKaartFormat([file('organizations (1).csv'), file('Services (1).csv')])).toEqual({ ok: true, format: 'hsds-csv' });
    expect(packageFileName('services (2).csv')).toBe('services.csv');
    expect(detectKaartFormat([file('services.csv')])).toEqual({ ok: true, format: 'hsds-csv' });
    expect(detectKaartFormat([file('addresses.csv'), file('service_at_location.csv')])).toEqual({ ok: true, format: 'hsds-csv' });
  });

  it('reads one other .csv as the library spreadsheet', () => {
    expect(detectKaartFormat([file('Sociale kaart bibliotheek 2026.CSV')])).toEqual({ ok: true, format: 'spreadsheet' });
  });

  it('refuses a file over 20 MB, another kind of file, two spreadsheets, or datapackage.json alone, and says what to do', () => {
    const big = detectKaartFormat([file('kaart.csv', MAX_IMPORT_FILE_BYTES + 1)]);
    expect(big).toMatchObject({ ok: false, message: expect.stringContaining('te groot') });
    expect(detectKaartFormat([file('kaart.xlsx')])).toMatchObject({ ok: false, message: expect.stringContaining('geen .json- of .csv-bestand') });
    expect(detectKaartFormat([file('a.csv'), file('b.csv')])).toMatchObject({ ok: false, message: expect.stringContaining('meer dan één bestand') });
    expect(detectKaartFormat([file('datapackage.json')])).toMatchObject({ ok: false, message: expect.stringContaining('samen met de CSV-bestanden') });
    expect(detectKaartFormat([file('datapackage.json'), file('notities.json')])).toMatchObject({ ok: false, message: expect.stringContaining('geen CSV-bestand van het pakket') });
    expect(detectKaartFormat([])).toMatchObject({ ok: false });
  });
});

describe('the text of a file', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeKaartFile('a.csv', new TextEncoder().encode('\uFEFFOrganisatie;Dienst'))).toEqual({ ok: true, text: 'Organisatie;Dienst' });
  });

  it('reads what Dutch Excel saves (Windows-1252) without broken letters', () => {
    // "Café" with é as 0xE9: not valid UTF-8.
    expect(decodeKaartFile('a.csv', bytes(0x43, 0x61, 0x66, 0xe9))).toEqual({ ok: true, text: 'Café' });
  });

  it('reads UTF-16 with a BOM', () => {
    expect(decodeKaartFile('a.csv', bytes(0xff, 0xfe, 0x41, 0x00, 0x3b, 0x00, 0x42, 0x00))).toEqual({ ok: true, text: 'A;B' });
  });

  it('refuses an empty file and a binary file (an .xlsx renamed to .csv) with a Dutch message', () => {
    expect(decodeKaartFile('leeg.csv', bytes())).toMatchObject({ ok: false, message: 'leeg.csv is leeg. Kies het bestand met de gegevens.' });
    expect(decodeKaartFile('spaties.csv', new TextEncoder().encode(' \r\n '))).toMatchObject({ ok: false, message: expect.stringContaining('is leeg') });
    expect(decodeKaartFile('kaart.csv', bytes(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00))).toMatchObject({ ok: false, message: expect.stringContaining('geen tekstbestand') });
  });

  it('gives the package files their plain names, so the import finds them', async () => {
    const read = await readKaartFiles([
      new File(['id,name,owner_organisation_id\r\n'], 'organizations (1).csv'),
      new File(['{}'], 'datapackage.json'),
    ]);
    expect(read).toMatchObject({ ok: true, format: 'hsds-csv' });
    expect(read.ok && Object.keys(read.texts).sort()).toEqual(['datapackage.json', 'organizations.csv']);
  });
});

describe('choosing columns', () => {
  it('gives each field one column: choosing a field for a column takes it away from the column that had it', () => {
    const mapping = { organization_name: 0, service_name: 1 };
    const moved = mapColumn(mapping, 2, 'service_name');
    expect(moved).toEqual({ organization_name: 0, service_name: 2 });
    expect(fieldOfColumn(moved, 1)).toBeUndefined();
    expect(mapColumn(moved, 0, undefined)).toEqual({ service_name: 2 });
    expect(mappedFields({ city: 4, organization_name: 0 })).toEqual(['organization_name', 'city']);
  });
});
