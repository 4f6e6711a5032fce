import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readKaartFiles } from '../../src/features/kaart/import-files';
import { DEMO_ORGANISATION_ID, readHsds } from '../../src/features/kaart/import-plan';
import { readZip } from '../../src/features/kaart/import-zip';
import { emptyDataSet } from '../../src/shared/kaart';
import { tabularPackage } from '../unit/fixtures/hsds-published';

interface Entry { name: string; text: string; store?: boolean; flags?: number; claimedSize?: number }

/** A zip as archivers write it: local headers, data (deflated unless stored), central directory, end record. */
function zip(entries: Entry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.from(entry.text, 'utf8');
    const data = entry.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.claimedSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(entry.store ? 0 : 8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0, 8);
    central.writeUInt16LE(entry.store ? 0 : 8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const packageEntries = (folder = '') => Object.entries(tabularPackage()).map(([name, text], i) => ({ name: `${folder}${name}`, text, store: i % 2 === 1 }));
const asFile = (bytes: Uint8Array, name = 'regio-hsds.zip') => new File([bytes as BlobPart], name, { type: 'application/zip' });

describe('an HSDS CSV data package as a .zip on the tablet', () => {
  it('reads the package from a zip (deflated and stored entries, in a folder, with macOS extras) and imports it like the loose files', async () => {
    const bytes = zip([...packageEntries('regio-2026/'), { name: '__MACOSX/regio-2026/._services.csv', text: 'x' }, { name: 'regio-2026/LEESMIJ.txt', text: 'Lees mij' }]);
    const read = await readKaartFiles([asFile(bytes)]);
    expect(read).toMatchObject({ ok: true, format: 'hsds-csv' });
    if (!read.ok) return;
    expect(Object.keys(read.texts).sort()).toEqual(Object.keys(tabularPackage()).sort());
    const fromZip = readHsds('hsds-csv', read.texts, emptyDataSet(), DEMO_ORGANISATION_ID);
    const loose = readHsds('hsds-csv', tabularPackage(), emptyDataSet(), DEMO_ORGANISATION_ID);
    expect(fromZip.records.service.map((s) => s.name).sort()).toEqual(loose.records.service.map((s) => s.name).sort());
    expect(fromZip.records.service.length).toBe(2);
  });

  it('refuses a zip with no package in it, a broken or password-protected zip, one that unpacks to more than it says, and one too large, in Dutch', async () => {
    expect(await readKaartFiles([asFile(zip([{ name: 'foto.csv', text: 'a,b' }]))])).toMatchObject({ ok: false, message: expect.stringContaining('staat geen CSV-bestand van een HSDS-pakket') });
    expect(await readKaartFiles([asFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))])).toMatchObject({ ok: false, message: expect.stringContaining('geen geldig zip-bestand') });
    expect(await readKaartFiles([asFile(zip([{ name: 'services.csv', text: 'id,name', flags: 1 }]))])).toMatchObject({ ok: false, message: expect.stringContaining('wachtwoord') });
    // a deflated entry that unpacks to more than its header claims (a zip bomb's trick)
    expect(await readKaartFiles([asFile(zip([{ name: 'services.csv', text: 'id,name\n'.repeat(1000), claimedSize: 10 }]))])).toMatchObject({ ok: false, message: expect.stringContaining('geen geldig zip-bestand') });
    expect(await readZip('groot.zip', zip(packageEntries()), 100, () => true)).toMatchObject({ ok: false, message: expect.stringContaining('uitgepakt te groot') });
    // one file of the package twice (two folders, two downloads): which one counts would be a guess
    expect(await readKaartFiles([asFile(zip([...packageEntries('a/'), ...packageEntries('b/')]))])).toMatchObject({ ok: false, message: expect.stringContaining('twee keer') });
    const loose = Object.entries(tabularPackage()).map(([name, text]) => new File([text], name));
    expect(await readKaartFiles([...loose, new File(['id,name'], 'organizations (1).csv')])).toMatchObject({ ok: false, message: 'U koos organizations.csv twee keer (ook als organizations (1).csv). Kies elk bestand van het pakket één keer.' });
    expect(await readKaartFiles(loose)).toMatchObject({ ok: true, format: 'hsds-csv' });
    // with anything else: the zip alone, or its files
    expect(await readKaartFiles([asFile(zip(packageEntries())), new File(['{}'], 'kaart.json')])).toMatchObject({ ok: false, message: expect.stringContaining('zip-bestand (regio-hsds.zip) alleen') });
  });
});
