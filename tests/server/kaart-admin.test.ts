import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themeByCode } from '../../src/shared/kaart';
import { ID_IN_USE_MESSAGES } from '../../src/shared/ownership';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { databaseEnv, runAdmin } from './cli';
import { pub, serviceDocument } from '../unit/fixtures/hsds-published';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from './test-server';

const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

/** A small HSDS JSON document: one organization with a service, location, phone, schedule and theme (no owner: --organisation sets it). */
function hsdsDocument() {
  const organization = { id: randomUUID(), name: 'Stichting Thuisadministratie Oss', kvk: '12345678' };
  const service = { id: randomUUID(), organization_id: organization.id, name: 'Hulp bij post', status: 'active', languages: ['nl', 'en'] };
  const location = { id: randomUUID(), organization_id: organization.id, address_1: 'Kerkstraat 1', postal_code: '5341 AB', city: 'Oss', latitude: 51.76, longitude: 5.52 };
  return {
    hsds_version: '3.0',
    organizations: [organization],
    services: [service],
    locations: [location],
    service_at_locations: [{ id: randomUUID(), service_id: service.id, location_id: location.id }],
    phones: [{ id: randomUUID(), service_id: service.id, number: '0412-123456' }],
    schedules: [{ id: randomUUID(), service_id: service.id, freq: 'WEEKLY', byday: 'TU,TH', opens_at: '09:30', closes_at: '12:00' }],
    attributes: [{ id: randomUUID(), link_id: service.id, link_entity: 'service', taxonomy_term_id: themeByCode('geld_schulden')!.id }],
  };
}

describe.each(DATABASE_KINDS)('npm run admin -- import-kaart / export-kaart on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  /** Opens the same database in this process while `work` runs (PGlite allows one process at a time). */
  let withDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
  const admin = (...args: string[]) => runAdmin(args, env);
  const file = (name: string) => path.join(directory, name);
  let organisationId = '';
  let otherOrganisationId = '';
  /** Live records per scope, as stored. */
  const countIn = (scope: string) => withDatabase(async (db) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kaart_records WHERE scope = $1 AND NOT deleted', [scope]))[0].n);

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-kaart-admin-'));
    if (kind === 'pglite') {
      env = databaseEnv({ dataDir: path.join(directory, 'data') });
    } else {
      postgres = await createTestDatabase('postgres');
      env = databaseEnv({ url: postgres.url });
    }
    withDatabase = async (work) => {
      const db = kind === 'pglite' ? await openPglite(env.DATA_DIR) : openPostgres(postgres!.url!);
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    };
    organisationId = (await admin('create-organisation', '--name', 'Bibliotheek Oss')).stdout.trim();
    otherOrganisationId = (await admin('create-organisation', '--name', 'Bibliotheek Elders')).stdout.trim();
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('create-code --role coordinator prints a code that enrolls a tablet with the coordinator role', async () => {
    const result = await admin('create-code', '--organisation', organisationId, '--role', 'coordinator');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toMatch(/^Code-id [0-9a-f-]{36} /);
    expect(result.stdout.trim()).toMatch(CODE);
    const enrolled = await withDatabase(async (db) => {
      const app = await buildServer({ db });
      const response = await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: result.stdout.trim() } });
      await app.close();
      return response.json();
    });
    expect(enrolled).toMatchObject({ organisation: { id: organisationId }, role: 'coordinator' });
    expect(await admin('create-code', '--organisation', organisationId, '--role', 'baas')).toMatchObject({ code: 1, stdout: '' });
  });

  it('imports HSDS JSON into the organisation\'s kaart, and a second import of the same file changes nothing', async () => {
    await writeFile(file('kaart.json'), JSON.stringify(hsdsDocument()));
    const first = await admin('import-kaart', file('kaart.json'), '--organisation', organisationId);
    expect(first).toMatchObject({ code: 0, stdout: 'created 7, updated 0, unchanged 0, rejected 0\n', stderr: '' });
    expect(await countIn(organisationId)).toBe(7);
    const second = await admin('import-kaart', file('kaart.json'), '--organisation', organisationId);
    expect(second.stdout).toBe('created 0, updated 0, unchanged 7, rejected 0\n');
  });

  it('refuses a file with an invalid record and applies nothing of it; --skip-invalid applies the good records', async () => {
    const document = hsdsDocument();
    document.services.push({ ...document.services[0], id: randomUUID(), name: '' });
    await writeFile(file('fout.json'), JSON.stringify(document));
    const before = await countIn(organisationId);
    const refused = await admin('import-kaart', file('fout.json'), '--organisation', organisationId);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('services[1]: name: Vul naam in.');
    expect(refused.stderr).toContain('Niets geïmporteerd');
    expect(await countIn(organisationId)).toBe(before);
    const skipped = await admin('import-kaart', file('fout.json'), '--organisation', organisationId, '--skip-invalid');
    expect(skipped).toMatchObject({ code: 0, stdout: 'created 7, updated 0, unchanged 0, rejected 1\n' });
    expect(await countIn(organisationId)).toBe(before + 7);
  });

  it('applies all or nothing: a record that belongs to another organisation stops the whole import', async () => {
    const theirs = hsdsDocument();
    await writeFile(file('elders.json'), JSON.stringify(theirs));
    expect((await admin('import-kaart', file('elders.json'), '--organisation', otherOrganisationId)).stdout).toBe('created 7, updated 0, unchanged 0, rejected 0\n');
    // Our file: six new records, plus their organization under its own id.
    const ours = hsdsDocument();
    ours.organizations.push({ ...theirs.organizations[0], name: 'Overgenomen' });
    await writeFile(file('overname.json'), JSON.stringify(ours));
    const before = await countIn(organisationId);
    const refused = await admin('import-kaart', file('overname.json'), '--organisation', organisationId);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    // what to do in the file, not the sync's "Uw wijziging blijft bewaard"
    expect(refused.stderr).toContain(`organizations ${theirs.organizations[0].id}: id: Deze id is al van een andere organisatie of van de landelijke gegevens. Geef dit gegeven in het bestand een eigen id.`);
    expect(refused.stderr).not.toContain(ID_IN_USE_MESSAGES.kaart);
    expect(await countIn(organisationId)).toBe(before);
    expect(await countIn(otherOrganisationId)).toBe(7);
  });

  it('imports a published HSDS 3.0 service document; a wrong value refuses it all, or with --skip-invalid is left out with a warning', async () => {
    const document = serviceDocument() as Record<string, any>;
    document.service_at_locations[0].location.latitude = 100;
    await writeFile(file('dienst.json'), JSON.stringify(document));
    const before = await countIn(organisationId);
    const refused = await admin('import-kaart', file('dienst.json'), '--organisation', organisationId);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('latitude: De breedtegraad is niet overgenomen ("100")');
    expect(await countIn(organisationId)).toBe(before);
    const kept = await admin('import-kaart', file('dienst.json'), '--organisation', organisationId, '--skip-invalid');
    // organization, service, location, service_at_location, 2 phones, 3 schedules, 1 attribute (the term mapped to a theme)
    expect(kept).toMatchObject({ code: 0, stdout: 'created 10, updated 0, unchanged 0, rejected 0\n' });
    expect(kept.stderr).toContain('(waarschuwing)');
    const [service] = await withDatabase((db) => db.query<{ data: Record<string, unknown> }>("SELECT data FROM kaart_records WHERE entity = 'service' AND id = $1", [pub.service]));
    expect(service.data).toMatchObject({ organization_id: pub.org, keywords: ['Schuldhulpverlening', 'Koffie-inloop'] });
    const [location] = await withDatabase((db) => db.query<{ data: Record<string, unknown> }>("SELECT data FROM kaart_records WHERE entity = 'location' AND id = $1", [pub.location]));
    expect(location.data).toMatchObject({ address_1: 'Marktplein 1', postal_code: '4001 AB' });
    expect(location.data).not.toHaveProperty('latitude');
  });

  it('imports an HSDS CSV data package from its directory or its datapackage.json', async () => {
    const organizationId = randomUUID();
    const serviceId = randomUUID();
    await mkdir(file('pakket'));
    await writeFile(file('pakket/organizations.csv'), `id,name,owner_organisation_id\r\n${organizationId},Voedselbank Maasland,\r\n`);
    await writeFile(file('pakket/services.csv'), `id,organization_id,name,status,languages\r\n${serviceId},${organizationId},Voedselpakket,active,nl;ar\r\n`);
    await writeFile(file('pakket/datapackage.json'), '{"profile":"tabular-data-package"}');
    const result = await admin('import-kaart', file('pakket'), '--organisation', organisationId);
    expect(result).toMatchObject({ code: 0, stdout: 'created 2, updated 0, unchanged 0, rejected 0\n' });
    const again = await admin('import-kaart', file('pakket/datapackage.json'), '--organisation', organisationId);
    expect(again.stdout).toBe('created 0, updated 0, unchanged 2, rejected 0\n');
    const [stored] = await withDatabase((db) => db.query<{ data: Record<string, unknown> }>("SELECT data FROM kaart_records WHERE entity = 'service' AND id = $1", [serviceId]));
    expect(stored.data).toMatchObject({ name: 'Voedselpakket', languages: ['nl', 'ar'] });
  });

  it('imports a library spreadsheet (CSV) with per-row errors: refused as a whole, or without the bad rows with --skip-invalid', async () => {
    const csv = [
      'Organisatie;Dienst;Adres;Postcode;Plaats;Telefoon;Openingstijden;Thema',
      'Humanitas Oss;Thuisadministratie;Walstraat 3;5341 CD;Oss;0412-654321;di 9:00-12:00;Geld en schulden',
      'Fout postcode;Dienst;Straat 1;12345;Oss;;;',
      'Taalhuis Oss;Taalcafé;Raadhuislaan 1;5341 GM;Oss;;wo 14:00-16:00;Taal',
    ].join('\r\n');
    await writeFile(file('bibliotheek.csv'), csv);
    const before = await countIn(organisationId);
    const refused = await admin('import-kaart', file('bibliotheek.csv'), '--organisation', organisationId);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('rij 3: Kolom Postcode: Vul de postcode in als 1234 AB.');
    expect(await countIn(organisationId)).toBe(before);
    const skipped = await admin('import-kaart', file('bibliotheek.csv'), '--organisation', organisationId, '--skip-invalid');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^created \d+, updated 0, unchanged 0, rejected 1\n$/);
    const names = await withDatabase((db) => db.query<{ name: string }>("SELECT data->>'name' AS name FROM kaart_records WHERE entity = 'service' AND scope = $1 ORDER BY 1", [organisationId]));
    expect(names.map((row) => row.name)).toEqual(expect.arrayContaining(['Taalcafé', 'Thuisadministratie']));
    expect(names.map((row) => row.name)).not.toContain('Dienst');
  });

  it('reads a spreadsheet as Dutch Excel saves it (Windows-1252), as the tablet does', async () => {
    await writeFile(file('excel.csv'), Buffer.from('Organisatie;Dienst\r\nCafé De Hoek;Hulp bij geld\r\n', 'latin1'));
    const imported = await admin('import-kaart', file('excel.csv'), '--organisation', organisationId);
    expect(imported.code, imported.stderr).toBe(0);
    const names = await withDatabase((db) => db.query<{ name: string }>("SELECT data->>'name' AS name FROM kaart_records WHERE entity = 'organization' AND scope = $1", [organisationId]));
    expect(names.map((row) => row.name)).toContain('Café De Hoek');
  });

  it('--mapping FILE.json gives a foreign taxonomy term a theme; a bad table stops the import, naming the term', async () => {
    // the published document with fresh ids (the same new id wherever an old one was)
    const fresh = new Map<string, string>();
    const published = JSON.stringify(serviceDocument()).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!);
    const document = JSON.parse(published) as { id: string };
    await writeFile(file('gemapt.json'), published);
    await writeFile(file('fout-tabel.json'), JSON.stringify({ terms: { 'koffie-inloop': 'koffie' } }));
    const before = await countIn(organisationId);
    const refused = await admin('import-kaart', file('gemapt.json'), '--organisation', organisationId, '--mapping', file('fout-tabel.json'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('term "koffie-inloop": Kies een van de thema’s van de sociale kaart.');
    expect(await countIn(organisationId)).toBe(before);
    await writeFile(file('tabel.json'), JSON.stringify({ note: 'eigen tabel', terms: { 'koffie-inloop': 'taal' } }));
    expect((await admin('import-kaart', file('gemapt.json'), '--organisation', organisationId, '--mapping', file('tabel.json'))).code).toBe(0);
    const themes = await withDatabase((db) => db.query<{ term: string }>(
      "SELECT data->>'taxonomy_term_id' AS term FROM kaart_records WHERE entity = 'attribute' AND scope = $1 AND data->>'link_id' = $2", [organisationId, document.id]));
    expect(themes.map((row) => row.term)).toContain(themeByCode('taal')!.id);
  });

  it('export-kaart writes HSDS JSON that imports back unchanged', async () => {
    const live = await countIn(organisationId);
    const exported = await admin('export-kaart', '--organisation', organisationId, '--out', file('export.json'));
    expect(exported).toMatchObject({ code: 0, stdout: `${file('export.json')}\n` });
    const document = JSON.parse(await readFile(file('export.json'), 'utf8'));
    expect(document).toMatchObject({ hsds_version: '3.0', profile: 'ido-onderweg-sociale-kaart-1' });
    expect(document.organizations.every((o: { owner_organisation_id: string }) => o.owner_organisation_id === organisationId)).toBe(true);
    const back = await admin('import-kaart', file('export.json'), '--organisation', organisationId);
    expect(back.stdout).toBe(`created 0, updated 0, unchanged ${live}, rejected 0\n`);
    // Without --out, the document goes to stdout.
    expect(JSON.parse((await admin('export-kaart', '--organisation', organisationId)).stdout)).toMatchObject({ organizations: document.organizations });
  });

  it('export-kaart --format hsds-3.0 writes nested service documents that validate against the official schema and import back unchanged', async () => {
    const exported = await admin('export-kaart', '--organisation', organisationId, '--format', 'hsds-3.0', '--out', file('export-hsds.json'));
    expect(exported).toMatchObject({ code: 0, stdout: `${file('export-hsds.json')}\n` });
    const documents = JSON.parse(await readFile(file('export-hsds.json'), 'utf8'));
    expect(documents.length).toBeGreaterThan(0);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(path.join(__dirname, '../unit/fixtures/hsds-3.0/service_with_definitions.json'), 'utf8')));
    for (const document of documents) expect(validate(document) ? [] : validate.errors).toEqual([]);
    const back = await admin('import-kaart', file('export-hsds.json'), '--organisation', organisationId);
    expect(back).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created 0, updated 0, unchanged \d+, rejected 0\n$/) });
  });

  it('export-kaart --format hsds-3.0 keeps an organisation without services and a location where no service is given: all of the kaart imports back unchanged', async () => {
    const owner = (await admin('create-organisation', '--name', 'Bibliotheek Uden')).stdout.trim();
    const document = hsdsDocument();
    const quiet = { id: randomUUID(), name: 'Buurtpunt zonder diensten' };
    const depot = { id: randomUUID(), organization_id: document.organizations[0].id, address_1: 'Markt 3', postal_code: '5401 AB', city: 'Uden' };
    const withExtras = {
      ...document, organizations: [...document.organizations, quiet], locations: [...document.locations, depot],
      phones: [...document.phones, { id: randomUUID(), organization_id: quiet.id, number: '0413-123456' }, { id: randomUUID(), location_id: depot.id, number: '0413-654321' }],
    };
    await writeFile(file('uden.json'), JSON.stringify(withExtras));
    expect((await admin('import-kaart', file('uden.json'), '--organisation', owner)).code).toBe(0);
    const live = await countIn(owner);
    expect((await admin('export-kaart', '--organisation', owner, '--format', 'hsds-3.0', '--out', file('uden-hsds.json'))).code).toBe(0);
    const exported = await readFile(file('uden-hsds.json'), 'utf8');
    const documents = JSON.parse(exported) as Record<string, unknown>[];
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(await readFile(path.join(__dirname, '../unit/fixtures/hsds-3.0/service_with_definitions.json'), 'utf8'));
    const validateService = ajv.compile(schema);
    const validateOrganization = ajv.compile({ definitions: schema.definitions, $ref: '#/definitions/organization' });
    for (const item of documents) {
      const validate = 'status' in item ? validateService : validateOrganization;
      expect(validate(item) ? [] : validate.errors).toEqual([]);
    }
    const back = await admin('import-kaart', file('uden-hsds.json'), '--organisation', owner);
    expect(back).toMatchObject({ code: 0, stdout: `created 0, updated 0, unchanged ${live}, rejected 0\n` });
    expect((await admin('export-kaart', '--organisation', owner, '--format', 'hsds-3.0')).stdout.trimEnd()).toBe(exported.trimEnd());
  });

  it('export-kaart --format hsds-3.0-csv writes the official tabular package, which imports back unchanged', async () => {
    const exported = await admin('export-kaart', '--organisation', organisationId, '--format', 'hsds-3.0-csv', '--out', file('export-tabular'));
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(path.join(file('export-tabular'), 'addresses.csv'));
    expect(exported.stdout).toContain(path.join(file('export-tabular'), 'service_at_location.csv'));
    const back = await admin('import-kaart', file('export-tabular'), '--organisation', organisationId);
    expect(back).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created 0, updated 0, unchanged \d+, rejected 0\n$/) });
    expect((await admin('export-kaart', '--national', '--format', 'hsds-3.0-csv')).stderr).toContain('--out');
  });

  it('export-kaart --format csv-package writes a data package that imports back unchanged', async () => {
    const live = await countIn(organisationId);
    const exported = await admin('export-kaart', '--organisation', organisationId, '--format', 'csv-package', '--out', file('export-pakket'));
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(path.join(file('export-pakket'), 'datapackage.json'));
    const back = await admin('import-kaart', file('export-pakket'), '--organisation', organisationId);
    expect(back.stdout).toBe(`created 0, updated 0, unchanged ${live}, rejected 0\n`);
  });

  it('asks for exactly one of --organisation and --national, and refuses an unknown kind of file', async () => {
    expect(await admin('import-kaart', file('kaart.json'))).toMatchObject({ code: 1, stdout: '' });
    expect(await admin('import-kaart', file('kaart.json'), '--organisation', organisationId, '--national')).toMatchObject({ code: 1 });
    await writeFile(file('kaart.txt'), 'tekst');
    const unknown = await admin('import-kaart', file('kaart.txt'), '--organisation', organisationId);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('Onbekend soort bestand');
    expect((await admin('export-kaart', '--national', '--format', 'csv-package')).stderr).toContain('--out');
  });
});
