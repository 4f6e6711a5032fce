import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { KaartFileError, readTaxonomyMappingFile } from '../../src/server/kaart/file-import';
import { MAX_LINE_LENGTH } from '../../src/server/admin/kaart-transfer';
import { textLength } from '../../src/shared/text-length';
import { ADMIN, call, makeRoles, ORG, ROLES, type Role } from './admin-fixtures';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { serviceDocument } from '../unit/fixtures/hsds-published';
import { DATABASE_KINDS, useTestServer } from './test-server';

const OTHER_ORG = `${ADMIN}/organisations/${OTHER_ORGANISATION.id}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The published HSDS service document with fresh ids (one service, its organisation, location, phones, schedules, terms). */
function document(change: (doc: Record<string, unknown>) => void = () => {}): { text: string; serviceId: string } {
  const fresh = new Map<string, string>();
  const text = JSON.stringify(serviceDocument()).replace(UUID, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!);
  const doc = JSON.parse(text) as Record<string, unknown>;
  change(doc);
  return { text: JSON.stringify(doc), serviceId: doc.id as string };
}

/** The entries of a zip as every archiver reads them: through the central directory, each one inflated. */
function unzip(zip: Buffer): { name: string; text: string }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const files: { name: string; text: string }[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < zip.readUInt16LE(end + 10); n++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [compressed, size, nameLength, offset] = [zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt32LE(at + 42)];
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(start, start + compressed));
    expect(data.length).toBe(size);
    files.push({ name, text: data.toString('utf8') });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

const body = (text: string, extra: Record<string, unknown> = {}) => ({ files: [{ name: 'regio.json', text }], ...extra });

describe.each(DATABASE_KINDS)('sociale kaart import and export over the admin API on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  const kaartRows = async () => (await server.db.query<{ n: number; digest: string | null }>(
    `SELECT count(*)::int AS n, md5(string_agg(entity || id::text || version::text || data::text, '|' ORDER BY entity, id)) AS digest FROM kaart_records`))[0];
  const scopeRows = async (scope: string) => (await server.db.query<{ row: string }>(
    `SELECT entity || id::text || version::text || deleted::text || data::text AS row FROM kaart_records WHERE scope = $1 ORDER BY entity, id`, [scope])).map((r) => r.row);
  const audits = async () => server.db.query<{ action: string; organisation_id: string | null; target: string | null; after: Record<string, unknown> }>(
    `SELECT action, organisation_id::text AS organisation_id, target, after FROM audit_log WHERE action = 'kaart.import' ORDER BY at, id`);

  beforeAll(async () => {
    roles = await makeRoles(server);
  });

  const EXPECTED = {
    org: { none: 401, staffTablet: 403, otherCoordinator: 404, coordinatorTablet: 200, coordinator: 200, national: 200 },
    national: { none: 401, staffTablet: 403, otherCoordinator: 403, coordinatorTablet: 403, coordinator: 403, national: 200 },
  };
  it.each([
    { name: 'POST organisation kaart-import (dry run)', method: 'POST' as const, url: `${ORG}/kaart-import`, scope: 'org' as const },
    { name: 'GET organisation kaart-export', method: 'GET' as const, url: `${ORG}/kaart-export`, scope: 'org' as const },
    { name: 'POST national kaart-import (dry run)', method: 'POST' as const, url: `${ADMIN}/kaart-import`, scope: 'national' as const },
    { name: 'GET national kaart-export', method: 'GET' as const, url: `${ADMIN}/kaart-export`, scope: 'national' as const },
  ])('$name: every role gets what its scope allows, and a refused one changes nothing', async (endpoint) => {
    const got: Record<string, number> = {};
    for (const role of ROLES) {
      const before = await kaartRows();
      const response = await call(server, roles[role], endpoint.method, endpoint.url, endpoint.method === 'POST' ? body(document().text, { dryRun: true }) : undefined);
      got[role] = response.statusCode;
      if (response.statusCode >= 400) expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      expect(await kaartRows()).toEqual(before);
    }
    expect(got).toEqual(EXPECTED[endpoint.scope]);
  });

  it('a dry run answers the counts and the ignored fields and writes nothing, not even the audit log', async () => {
    const before = await kaartRows();
    const auditBefore = (await audits()).length;
    const response = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(document().text, { dryRun: true }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = response.json();
    expect(answer).toMatchObject({ dryRun: true, imported: false, acceptable: true, format: 'hsds-json', updated: 0, errorCount: 0, idInUse: 0 });
    expect(answer.created).toBeGreaterThan(5);
    expect(answer.message).toMatch(/^Controle: het bestand kan worden geïmporteerd .*Er is nog niets opgeslagen\.$/);
    expect(answer.ignoredFields.length).toBeGreaterThan(0);
    expect(await kaartRows()).toEqual(before);
    expect(await audits()).toHaveLength(auditBefore);
  });

  it('imports for the own organisation, writes one audit row with names and counts but no content, and a tablet pulls it', async () => {
    const { text, serviceId } = document();
    const response = await call(server, roles.coordinatorTablet, 'POST', `${ORG}/kaart-import`, body(text));
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ dryRun: false, imported: true, acceptable: true });
    expect(answer.message).toMatch(/^Geïmporteerd: \d+ nieuw, 0 gewijzigd/);
    const [stored] = await server.db.query<{ scope: string; updated_by: string }>('SELECT scope::text AS scope, updated_by FROM kaart_records WHERE entity = $1 AND id = $2', ['service', serviceId]);
    expect(stored.scope).toBe(ORGANISATION.id);
    expect(stored.updated_by).toMatch(/^device:/);
    const audit = (await audits()).at(-1)!;
    expect(audit).toMatchObject({ organisation_id: ORGANISATION.id, target: 'hsds-json', after: { files: ['regio.json'], created: answer.created, skipInvalid: false } });
    expect(JSON.stringify(audit)).not.toContain('Schuldhulp');
    // the same file again: nothing changes
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text))).json()).toMatchObject({ created: 0, updated: 0, unchanged: answer.created });
    // under another name of 156 characters, an emoji after an odd letter: the log keeps it whole (it was cut at 200
    // UTF-16 units, half an emoji, which PostgreSQL's jsonb refuses)
    const odd = `a${'📍'.repeat(150)}.json`;
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: odd, text }] })).statusCode).toBe(200);
    expect((await audits()).at(-1)).toMatchObject({ after: { files: [odd] } });

    const pull = await call(server, roles.staffTablet, 'GET', '/api/v1/kaart/changes?limit=1000');
    expect(pull.statusCode).toBe(200);
    expect(JSON.stringify(pull.json())).toContain(serviceId);
    const elsewhere = await call(server, roles.otherCoordinator, 'GET', '/api/v1/admin/organisations/x/kaart-export');
    expect(elsewhere.statusCode).toBe(404);
  });

  it('the national team imports national entries and any organisation’s kaart', async () => {
    const national = document();
    expect((await call(server, roles.national, 'POST', `${ADMIN}/kaart-import`, body(national.text))).statusCode).toBe(200);
    expect((await server.db.query<{ scope: string | null }>('SELECT scope::text AS scope FROM kaart_records WHERE entity = $1 AND id = $2', ['service', national.serviceId]))[0].scope).toBeNull();
    const other = document();
    expect((await call(server, roles.national, 'POST', `${OTHER_ORG}/kaart-import`, body(other.text))).statusCode).toBe(200);
    expect((await server.db.query<{ scope: string | null }>('SELECT scope::text AS scope FROM kaart_records WHERE entity = $1 AND id = $2', ['service', other.serviceId]))[0].scope).toBe(OTHER_ORGANISATION.id);
    expect((await audits()).at(-1)).toMatchObject({ organisation_id: OTHER_ORGANISATION.id });
  });

  it('all or nothing by default; "Foute waarden overslaan" (skipInvalid) drops the wrong value with a warning and keeps the record', async () => {
    const wrong = document((doc) => {
      const location = (doc.service_at_locations as Array<{ location: Record<string, unknown> }>)[0].location;
      location.latitude = 100;
    });
    const before = await kaartRows();
    const refused = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(wrong.text));
    expect(refused.statusCode).toBe(400);
    // the fixture's postal address is a warning beside the error: told, and it stopped nothing
    expect(refused.json()).toMatchObject({ error: 'invalid_request', imported: false, errorCount: 1, warningCount: 1, warnings: [expect.stringContaining('Niet overgenomen: het postadres')] });
    expect(refused.json().message).toMatch(/^Niets geïmporteerd: het bestand heeft 1 fout\. Herstel ze, of kies "Foute waarden overslaan"/);
    expect(refused.json().errors[0]).toContain('latitude');
    expect(await kaartRows()).toEqual(before);
    // A file whose every record is wrong: skipping would leave nothing, so it is not advised.
    const allWrong = { files: [{ name: 'organizations.csv', text: ['id,name', `${randomUUID()},`, `${randomUUID()},`].join('\r\n') }] };
    const nothingGood = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, allWrong);
    expect(nothingGood.statusCode).toBe(400);
    expect(nothingGood.json()).toMatchObject({ errorCount: 2, created: 0, updated: 0, unchanged: 0 });
    expect(nothingGood.json().message).toBe('Niets geïmporteerd: het bestand heeft 2 fouten. Herstel ze. Er is geen enkel goed gegeven, dus "Foute waarden overslaan" helpt hier niet.');
    expect(await kaartRows()).toEqual(before);
    // Ticked all the same: every record skipped is an import of nothing, said plainly; the check offers no import.
    const importsBefore = (await audits()).length;
    const checkAllSkipped = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { ...allWrong, skipInvalid: true, dryRun: true });
    expect(checkAllSkipped.statusCode).toBe(200);
    expect(checkAllSkipped.json()).toMatchObject({ acceptable: false, imported: false, created: 0, updated: 0, unchanged: 0, rejected: 2 });
    expect(checkAllSkipped.json().message).toBe('Zo wordt niets geïmporteerd: alle 2 gegevens hebben een fout of kunnen niet in deze kaart, dus er is niets om te importeren. Herstel het bestand.');
    const allSkipped = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { ...allWrong, skipInvalid: true });
    expect(allSkipped.statusCode).toBe(400);
    expect(allSkipped.json()).toMatchObject({ error: 'invalid_request', imported: false, rejected: 2 });
    expect(allSkipped.json().message).toBe('Niets geïmporteerd: alle 2 gegevens hebben een fout of kunnen niet in deze kaart, dus er is niets om te importeren. Herstel het bestand.');
    expect(await kaartRows()).toEqual(before);
    expect(await audits()).toHaveLength(importsBefore);

    const kept = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(wrong.text, { skipInvalid: true }));
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ imported: true, errorCount: 0, warningCount: 2 });
    expect(kept.json().warnings[0]).toContain('latitude');
    expect(kept.json().warnings[1]).toContain('Niet overgenomen: het postadres');
    expect((await server.db.query('SELECT 1 FROM kaart_records WHERE entity = $1 AND id = $2', ['service', wrong.serviceId]))).toHaveLength(1);
  });

  it('a warning never stops an import, as on the tablet: a location\'s other addresses and hours at a location without a service are told, and the rest is written without skipInvalid', async () => {
    const told = document((doc) => {
      const link = (doc.service_at_locations as Array<{ location: Record<string, unknown> }>)[0];
      link.location.name = 'Bibliotheek Oss';
      (link.location.addresses as Array<Record<string, unknown>>).push({ address_1: 'https://oss.example.nl', address_type: 'virtual' });
    });
    const parsed = JSON.parse(told.text) as Record<string, any>;
    const locationId = parsed.service_at_locations[0].location.id as string;
    // an organization document with a location where no service is given, and hours hung from it
    const lonely = { id: randomUUID(), name: 'Wijkvereniging Oss', locations: [{ id: randomUUID(), name: 'Wijkhuis', addresses: [{ address_1: 'Kerkstraat 1', city: 'Oss', postal_code: '5341 AA', address_type: 'physical' }],
      schedules: [{ id: randomUUID(), description: 'Alleen op afspraak' }] }] };
    const files = [{ name: 'kaart.json', text: JSON.stringify([parsed, lonely]) }];
    const expected = {
      errorCount: 0, errors: [], warningCount: 2,
      warnings: [
        expect.stringMatching(/^kaart\.json, openingstijd nr\. 1, veld locatie \(location_id\): Deze openingstijden horen bij een locatie waar geen dienst wordt gegeven\. Ze zijn niet overgenomen\.$/),
        'kaart.json, locatie nr. 1, veld adressen (addresses): Locatie "Bibliotheek Oss": de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 100" en het online adres "https://oss.example.nl".',
      ],
    };
    const check = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files, dryRun: true });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ ...expected, acceptable: true, imported: false });
    const written = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ ...expected, acceptable: true, imported: true });
    const [location] = await server.db.query<{ data: Record<string, unknown> }>('SELECT data FROM kaart_records WHERE entity = $1 AND id = $2', ['location', locationId]);
    expect(location.data).toMatchObject({ address_1: 'Marktplein 1', postal_code: '4001 AB' });
    // with skipInvalid the same warnings, and nothing more
    const again = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files, dryRun: true, skipInvalid: true });
    expect(again.json()).toMatchObject({ ...expected, acceptable: true });
  });

  it('a spreadsheet\'s warnings (a language it does not know) are warnings too: told, and the rows are written', async () => {
    const csv = 'Organisatie;Dienst;Talen\r\nBuurthuis De Linde;Taalcafé;Nederlands, Klingon\r\n';
    const answer = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'bibliotheek.csv', text: csv }], dryRun: true });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ acceptable: true, errorCount: 0, warningCount: 1, warnings: ['bibliotheek.csv, rij 2: Kolom Talen: Deze taal is niet herkend en overgeslagen: Klingon.'], notes: [] });
  });

  it('the answer carries the notes, counted, and they never stop an import: the ignored fields (100,000: the first 50 sent) and a spreadsheet\'s likely duplicates in the page\'s words', async () => {
    const many = document((doc) => Object.assign(doc, Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`x_veld_${i}`, i]))));
    const check = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(many.text, { dryRun: true }));
    expect(check.statusCode).toBe(200);
    const answer = check.json();
    expect(answer).toMatchObject({ acceptable: true, errorCount: 0, notes: [], noteCount: 0 });
    expect(answer.ignoredFieldCount).toBeGreaterThan(100_000);
    expect(answer.ignoredFields).toHaveLength(50);
    // the CLI's one line "genegeerde velden: …" is no note here: the fields are in ignoredFields, once
    expect(JSON.stringify(answer)).not.toContain('genegeerde velden');
    const csv = 'Organisatie;Dienst;Adres;Postcode;Plaats\r\nStichting Dubbel Oss;Spreekuur;Kerkstraat 9;5341 AB;Oss\r\n';
    const spreadsheet = { files: [{ name: 'bibliotheek.csv', text: csv }] };
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, spreadsheet)).json()).toMatchObject({ imported: true, notes: [], noteCount: 0 });
    const note = 'bibliotheek.csv, rij 2: de organisatie lijkt al in de kaart te staan (zelfde naam en postcode); ze komt er als nieuwe organisatie bij. Is het dezelfde organisatie? Haal de rij dan uit het bestand en controleer opnieuw.';
    const twice = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { ...spreadsheet, dryRun: true });
    expect(twice.json()).toMatchObject({ acceptable: true, errorCount: 0, warningCount: 0, notes: [note], noteCount: 1, ignoredFields: [], ignoredFieldCount: 0 });
    const written = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, spreadsheet);
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ imported: true, notes: [note], noteCount: 1 });
  });

  it('a refused import (400) says per line which file, row or record and field is wrong, in words, each line cut, no path or stack, and changes nothing', async () => {
    const before = await kaartRows();
    const auditsBefore = (await audits()).length;
    const [good, noName, badSite] = [randomUUID(), randomUUID(), randomUUID()];
    const hostile = `<img src=x onerror="window.__hacked=1">${'x'.repeat(5000)}`;
    const files = [
      { name: 'organizations.csv', text: ['id,name,website', `${good},Stichting Goed,https://goed.example.nl`, `${noName},,`, `${badSite},Stichting Fout,${hostile}`].join('\r\n') },
      // a column of 5,000 characters, twice: the whole file is refused, and the line that says so is cut
      { name: 'services.csv', text: `id,organization_id,name,${hostile},${hostile}` },
    ];
    const refused = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files });
    expect(refused.statusCode).toBe(400);
    const answer = refused.json();
    expect(answer).toMatchObject({ error: 'invalid_request', imported: false, acceptable: false, format: 'hsds-csv', errorCount: 3 });
    expect(answer.message).toMatch(/^Niets geïmporteerd: het bestand heeft 3 fouten\. Herstel het bestand\.$/);
    expect(answer.errors).toEqual(expect.arrayContaining([
      'organizations.csv, rij 3 (organisatie), veld naam (name): Vul naam in.',
      expect.stringMatching(/^organizations\.csv, rij 4 \(organisatie\), veld website: De website is niet overgenomen \("<img src=x onerror="window\.__hacked=1">x+…"\)\./),
      expect.stringMatching(/^services\.csv, veld <img src=x onerror="window\.__hacked=1">x+…: In services\.csv staat de kolom "<img src=x onerror="window\.__hacked=1">x+…$/),
    ]));
    for (const line of [...answer.errors, ...answer.warnings, ...answer.refused]) expect(textLength(line)).toBeLessThanOrEqual(MAX_LINE_LENGTH + 1);
    expect(refused.body.length).toBeLessThan(5000);
    expect(refused.body).not.toMatch(/\/(tmp|home|work|srv|usr)\/|\.ts:\d+|\n\s+at /);
    expect(await kaartRows()).toEqual(before);
    expect(await audits()).toHaveLength(auditsBefore);
  });

  it('another organisation’s ids are refused as id_in_use and nothing of theirs changes, with or without skipInvalid', async () => {
    const theirs = document();
    expect((await call(server, roles.otherCoordinator, 'POST', `${OTHER_ORG}/kaart-import`, body(theirs.text))).statusCode).toBe(200);
    const before = await scopeRows(OTHER_ORGANISATION.id);
    const hijack = JSON.parse(theirs.text) as Record<string, unknown>;
    hijack.name = 'Overgenomen dienst';
    const refused = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(JSON.stringify(hijack)));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().idInUse).toBeGreaterThan(0);
    // each record named by its kind and id, with what to do in the file (not the sync's "Uw wijziging blijft bewaard")
    expect(refused.json().refused).toContain(`regio.json, dienst ${theirs.serviceId}, veld id: Deze id is al van een andere organisatie of van de landelijke gegevens. Geef dit gegeven in het bestand een eigen id.`);
    expect(refused.json().message).toContain('al van een andere organisatie of van de landelijke gegevens');
    // every record is theirs: "overslaan" would import nothing, and the message does not send the coordinator there
    expect(refused.json()).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(refused.json().message).toMatch(/Herstel het bestand\. Er is geen enkel goed gegeven, dus "Foute waarden overslaan" helpt hier niet\.$/);
    // skipped all the same, every record is left out: an import of nothing is refused as that, not answered "Geïmporteerd: 0 nieuw, …"
    const skipped = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(JSON.stringify(hijack), { skipInvalid: true }));
    expect(skipped.statusCode).toBe(400);
    expect(skipped.json()).toMatchObject({ imported: false, created: 0, updated: 0, unchanged: 0 });
    expect(skipped.json().refusedCount).toBeGreaterThan(0);
    expect(skipped.json().message).toMatch(/^Niets geïmporteerd: alle \d+ gegevens hebben een fout of kunnen niet in deze kaart, dus er is niets om te importeren\. Herstel het bestand\.$/);
    expect(await scopeRows(OTHER_ORGANISATION.id)).toEqual(before);
    // nor a national entry
    const national = document();
    expect((await call(server, roles.national, 'POST', `${ADMIN}/kaart-import`, body(national.text))).statusCode).toBe(200);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(national.text))).json()).toMatchObject({ error: 'invalid_request', idInUse: expect.any(Number) });
  });

  it('a mapping table in the body gives a foreign term a theme; bad tables are refused in Dutch', async () => {
    const { text } = document();
    const plain = (await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text, { dryRun: true }))).json();
    const mapped = (await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text, { dryRun: true, mapping: { terms: { 'koffie-inloop': 'taal' } } }))).json();
    expect(mapped.created).toBe(plain.created + 1);
    const bad = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text, { mapping: { terms: { '': 'taal', koffie: 'koffie', thee: 3 } } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^Het veld "mapping" klopt niet; niets geïmporteerd\. term "": Vul een term in\. term "koffie": Kies een van de thema’s/);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text, { mapping: [] }))).statusCode).toBe(400);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(text, { mapping: { terms: {}, extra: 1 } }))).json().message).toContain('Onbekend veld "extra"');
  });

  it('a library spreadsheet (one .csv) is read as one, with its row errors in the page’s words (the file, the row)', async () => {
    const csv = ['Organisatie;Dienst;Adres;Postcode;Plaats;Telefoon;Openingstijden;Thema', 'Humanitas Oss;Thuisadministratie;Walstraat 3;5341 CD;Oss;0412-654321;di 9:00-12:00;Geld en schulden', 'Fout postcode;Dienst;Straat 1;12345;Oss;;;'].join('\r\n');
    const answer = (await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'bibliotheek.csv', text: csv }], dryRun: true })).json();
    expect(answer).toMatchObject({ format: 'spreadsheet', acceptable: false, errorCount: 1, errors: ['bibliotheek.csv, rij 3: Kolom Postcode: Vul de postcode in als 1234 AB.'] });
    expect(answer.created).toBeGreaterThan(0);
    // Tab-separated ("Tekst (tab)"): read as columns, not as one organisation named after the whole row.
    const tabbed = (await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'tabs.csv', text: 'Organisatie\tDienst\tTelefoon\r\nA\tB\t030-1234567\r\n' }], dryRun: true })).json();
    expect(tabbed).toMatchObject({ format: 'spreadsheet', acceptable: true, errorCount: 0, created: 3 }); // organisation, service, phone
    // A missing quote swallowed the rows after it: that row is left out, never stored with them in its cell.
    const broken = 'Organisatie;Dienst;Omschrijving\r\nA;B;"regel1\r\nC;D;e\r\nE;F;g\r\n';
    const skipped = (await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'kapot.csv', text: broken }], dryRun: true, skipInvalid: true })).json();
    expect(skipped).toMatchObject({ created: 0, rejected: 1, errors: ['kapot.csv, rij 2: Hier mist een aanhalingsteken ("). Controleer deze rij in het bestand.'] });
  });

  it('hostile and wrong bodies get a Dutch 4xx and change nothing', async () => {
    const before = await kaartRows();
    const url = `${ORG}/kaart-import`;
    const auth = { authorization: `Bearer ${roles.coordinator}` };
    const raw = (payload: string, type = 'application/json') => server.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': type }, payload });
    expect((await raw('{nope')).json()).toMatchObject({ error: 'invalid_json' });
    expect((await raw('files=1', 'text/plain')).statusCode).toBe(415);
    expect((await raw('{"files":[{"name":"a.json","text":"{}","__proto__":{"x":1}}]}')).statusCode).toBe(400);
    expect((await raw(JSON.stringify({ files: [{ name: 'a.json', text: '{}' }], __proto__x: 1 }))).json().message).toContain('onbekend');
    const cases: Array<[unknown, RegExp]> = [
      [[], /JSON-object/],
      [{ files: [] }, /"files" moet een lijst/],
      [{ files: Array.from({ length: 41 }, (_, i) => ({ name: `t${i}.csv`, text: 'id\n1' })) }, /41 bestanden; hoogstens 40/],
      [{ files: [{ name: 'kaart.xlsx', text: 'x' }] }, /\.json of \.csv/],
      [{ files: [{ name: 'kaart.json', text: '   ' }] }, /is leeg/],
      [{ files: [{ name: 'kaart.json', text: 5 }] }, /als tekst/],
      [{ files: [{ name: 'kaart.json', text: '{}' }], format: 'xml' }, /"format" moet een van deze zijn/],
      [{ files: [{ name: 'a.json', text: '{}' }, { name: 'A.json', text: '{}' }], format: 'hsds-json' }, /precies één bestand|twee keer/],
      [{ files: [{ name: 'kaart.json', text: '{}' }], dryRun: 'ja' }, /"dryRun" moet true of false/],
      [{ files: [{ name: 'kaart.json', text: 'geen json' }] }, /Niets geïmporteerd/],
      [{ files: [{ name: 'kaart.json', text: '{"organizations":[]}' }] }, /geen gegevens van de sociale kaart/],
      [{ files: [{ name: 'kaart.csv', text: 'Organisatie;Dienst\r\n' }] }, /Niets geïmporteerd: het bestand heeft 1 fout/],
      [{ files: [{ name: 'kaart\u202e.json', text: '{}' }] }, /bestandsnaam/],
      // a name counts characters, as every field (150 emoji are 150, not 300); a message repeats at most 60 of them, whole
      [{ files: [{ name: `${'📍'.repeat(150)}.json`, text: '{"organizations":[]}' }] }, /geen gegevens van de sociale kaart/],
      [{ files: [{ name: `${'📍'.repeat(100)}.xlsx`, text: 'x' }] }, /\.json of \.csv eindigen \((📍){60}…\)/u],
      [{ files: [{ name: 'diep.json', text: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }] }, /Niets geïmporteerd/],
      [{ files: [{ name: 'diep.json', text: `${'{"services":'.repeat(100_000)}1${'}'.repeat(100_000)}` }] }, /Niets geïmporteerd/],
      [{ files: [{ name: 'kaart.json', text: '{}' }], mapping: { terms: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`term ${i}`, 'taal'])) } }, /5001 termen; hoogstens 5000/],
    ];
    for (const [payload, message] of cases) {
      const response = await call(server, roles.coordinator, 'POST', url, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().message).toMatch(message);
    }
    const headersOnly = await call(server, roles.coordinator, 'POST', url, { files: [{ name: 'kaart.csv', text: 'Organisatie;Dienst\r\n' }] });
    expect(headersOnly.json().errors).toEqual(['kaart.csv, rij 1: Onder de kopjes staan geen rijen met gegevens. Vul het bestand aan en kies het opnieuw.']);
    expect(await kaartRows()).toEqual(before);
  });

  it('a body over 100 MB is 413 with a Dutch message, and a stranger’s big body is 401 before it is read', async () => {
    const big = JSON.stringify(body('x'.repeat(150 * 1024 * 1024)));
    const headers = { authorization: `Bearer ${roles.coordinator}`, 'content-type': 'application/json' };
    const tooLarge = await server.app.inject({ method: 'POST', url: `${ORG}/kaart-import`, headers, payload: big });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({ error: 'payload_too_large', message: expect.stringContaining('hoogstens 100 MB per import') });
    const stranger = await server.app.inject({ method: 'POST', url: `${ORG}/kaart-import`, headers: { 'content-type': 'application/json' }, payload: big });
    expect(stranger.statusCode).toBe(401);
  });

  it('runs one import at a time per process: a second one meanwhile gets 429 in Dutch, and the slot is free again after', async () => {
    const headers = { authorization: `Bearer ${roles.coordinator}`, 'content-type': 'application/json' };
    // A body that arrives slowly: the server asks for it once the token was checked and the slot taken.
    let reading!: () => void;
    const bodyAsked = new Promise<void>((resolve) => { reading = resolve; });
    let started = false;
    const slow = new Readable({
      read() {
        if (started) return;
        started = true;
        this.push('{"dryRun": true, "files": [{"name": "regio.json", "text": ');
        reading();
      },
    });
    const first = server.app.inject({ method: 'POST', url: `${ORG}/kaart-import`, headers, payload: slow });
    await bodyAsked;
    const second = await call(server, roles.national, 'POST', `${ADMIN}/kaart-import`, body(document().text, { dryRun: true }));
    expect(second.statusCode).toBe(429);
    expect(second.json()).toEqual({ error: 'rate_limited', message: expect.stringContaining('Er loopt al een import van de sociale kaart') });
    expect(second.headers['retry-after']).toBe('60');
    slow.push(`${JSON.stringify(document().text)}}]}`);
    slow.push(null);
    expect((await first).statusCode).toBe(200);
    expect((await call(server, roles.national, 'POST', `${ADMIN}/kaart-import`, body(document().text, { dryRun: true }))).statusCode).toBe(200);
    // a refused request gives its slot back too
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [] })).statusCode).toBe(400);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(document().text, { dryRun: true }))).statusCode).toBe(200);
  });

  it.each([
    { format: 'json', read: 'hsds-json' }, { format: 'csv-package', read: 'hsds-csv' }, { format: 'hsds-3.0', read: 'hsds-json' }, { format: 'hsds-3.0-csv', read: 'hsds-csv' },
  ])('an export as $format imports again without a warning or an ignored field (what we write, we read)', async ({ format, read }) => {
    // a published service document, with an address (country NL, state_province Utrecht) and location_type physical
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, body(document().text))).json()).toMatchObject({ imported: true });
    const exported = await call(server, roles.coordinator, 'GET', `${ORG}/kaart-export?format=${format}`);
    expect(exported.statusCode).toBe(200);
    const files = read === 'hsds-csv' ? unzip(exported.rawPayload) : [{ name: 'kaart.json', text: exported.body }];
    expect(files.map((file) => file.text).join('')).toContain('Marktplein 1');
    const again = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files, dryRun: true });
    expect(again.json()).toMatchObject({ format: read, created: 0, errorCount: 0, warningCount: 0, ignoredFields: [], notes: [] });
  });

  it('exports HSDS 3.0 JSON and the CSV package as a zip that imports again unchanged', async () => {
    const json = await call(server, roles.coordinator, 'GET', `${ORG}/kaart-export?format=hsds-3.0`);
    expect(json.statusCode).toBe(200);
    expect(json.headers).toMatchObject({ 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' });
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="sociale-kaart-hsds-3\.0-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(json.body).toContain('Schuldhulp Spreekuur');
    expect(json.body).not.toContain('Overgenomen dienst');

    const zip = await call(server, roles.coordinator, 'GET', `${ORG}/kaart-export?format=hsds-3.0-csv`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzip(zip.rawPayload);
    expect(files.map((file) => file.name)).toContain('services.csv');
    const again = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files, dryRun: true });
    expect(again.json()).toMatchObject({ format: 'hsds-csv', created: 0, errorCount: 0 });

    expect((await call(server, roles.coordinator, 'GET', `${ORG}/kaart-export?format=pdf`)).statusCode).toBe(400);
    expect((await call(server, roles.coordinator, 'GET', `${ORG}/kaart-export?format=json&token=x`)).statusCode).toBe(400);
    expect((await call(server, roles.national, 'GET', `${ADMIN}/kaart-export?format=json`)).headers['content-disposition']).toMatch(/sociale-kaart-\d{4}/);
  });
});

describe('import-kaart --mapping FILE.json', () => {
  it('reads a table in the shape of taxonomy-mapping.json and refuses a bad one in Dutch', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'ido-mapping-'));
    try {
      const good = path.join(directory, 'goed.json');
      await writeFile(good, JSON.stringify({ note: 'eigen', terms: { 'Koffie-inloop': 'taal', constructor: 'wonen' } }));
      expect({ ...(await readTaxonomyMappingFile(good)) }).toEqual({ 'koffie-inloop': 'taal', constructor: 'wonen' });
      const bad = path.join(directory, 'fout.json');
      await writeFile(bad, JSON.stringify({ terms: { koffie: 'drinken' } }));
      await expect(readTaxonomyMappingFile(bad)).rejects.toThrow(/term "koffie": Kies een van de thema’s/);
      await writeFile(bad, '{nope');
      await expect(readTaxonomyMappingFile(bad)).rejects.toBeInstanceOf(KaartFileError);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
