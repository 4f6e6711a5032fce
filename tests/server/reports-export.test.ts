import Fastify from 'fastify';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import { createApiToken } from '../../src/server/api-tokens';
import { installErrorHandlers } from '../../src/server/errors';
import { createLocation } from '../../src/server/organisations/organisations';
import { importMunicipalities, parseMunicipalitiesCsv } from '../../src/server/reports/municipalities';
import { exportRoutes } from '../../src/server/routes/export';
import { ORGANISATION, otherQuestion, question, registration } from './fixtures';
import { getReport, sendAccepted } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

// Free text as staff might type it, each a trap for a CSV writer or a spreadsheet.
const OTHER_TEXTS = [
  'Vraag over "huurtoeslag"; daarna, verder',
  'Regel één\nregel twee: ë, é en ĳ',
  'Windows\r\nregeleinde',
  '=SOM(A1:A3)',
  '+plus',
  '-min',
  '@iemand',
  'gewoon',
];
const TRICKY_LOCATION = { id: 'test-kiem', organisationId: ORGANISATION.id, name: 'Bibliotheek "De Kiem"; Ĳlst, zuid', municipalityCode: 'GM1900', province: 'Fryslân', insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 3, openedOn: '2024-01-01' };

type CsvRow = Record<string, string>;

function parseCsv(body: string, delimiter: ';' | ','): CsvRow[] {
  const parsed = Papa.parse<CsvRow>(body.replace(/^\uFEFF/, ''), { header: true, delimiter, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe.each(DATABASE_KINDS)('GET /api/v1/export.csv on %s', (kind) => {
  const server = useTestServer(kind);
  let national = '';
  let record: Registration;
  beforeAll(async () => {
    await importMunicipalities(server.db, parseMunicipalitiesCsv('code;name;province;population\nGM1900;Súdwest-Fryslân;Fryslân;90000').rows);
    await createLocation(server.db, TRICKY_LOCATION);
    const tablet = await enrollTablet(server);
    // 12:00 in Amsterdam summer time is 10:00 UTC.
    record = registration(tablet.deviceId, { locationId: 'test-kiem', scenario: 'balie', startedAt: '2025-06-01T12:00:00+02:00', questions: OTHER_TEXTS.map(otherQuestion) });
    await sendAccepted(server, tablet, [record]);
    national = await createApiToken(server.db, 'national', null);
  });

  it('writes UTF-8 with a BOM, CRLF line ends, as a download', async () => {
    const response = await getReport(server, '/api/v1/export.csv', national);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="ido-vragen.csv"');
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.body.startsWith('\uFEFFRegistratie-id;Versie;Vraag;Begonnen op;')).toBe(true);
    expect(response.body.split('\r\n')).toHaveLength(1 + OTHER_TEXTS.length + 1 + 1); // header, rows, the CRLF inside one cell, the empty end
  });

  it.each([['semicolon', ';'], ['comma', ',']] as const)('reads back with delimiter=%s as exactly what was registered, formulas defused', async (name, delimiter) => {
    const response = await getReport(server, `/api/v1/export.csv?delimiter=${name}`, national);
    const rows = parseCsv(response.body, delimiter);
    expect(rows.map((row) => row['Anders, namelijk'])).toEqual(OTHER_TEXTS.map((text) => (/^[=+\-@]/.test(text) ? `'${text}` : text)));
    expect(rows[0]).toMatchObject({
      'Registratie-id': record.id, Versie: '1', Vraag: '1', 'Begonnen op': '2025-06-01 12:00:00',
      'Organisatie-id': ORGANISATION.id, Organisatie: 'Testbibliotheek Maasland',
      'Locatie-id': 'test-kiem', Locatie: TRICKY_LOCATION.name, Gemeentecode: 'GM1900', Gemeente: 'Súdwest-Fryslân', Provincie: 'Fryslân',
      'Scenario (code)': 'balie', Scenario: 'Balie of inloop', 'Kanaal (code)': 'fysiek', 'Geholpen door (code)': 'medewerker', 'Duur (minuten)': '15',
      'Categorie (code)': 'anders', Categorie: 'Iets anders', 'Onderwerpen (codes)': 'anders', Onderwerpen: 'Iets anders',
      'Hulp (codes)': 'informatie', Hulp: 'Informatie gegeven', 'Doorverwijzing (code)': '', 'Opgelost (code)': 'ja', Opgelost: 'Ja',
    });
    expect(rows.map((row) => row.Vraag)).toEqual(OTHER_TEXTS.map((_, i) => String(i + 1)));
  });

  it('quotes fields with a quote, ; , or a line break, doubling the quotes (RFC 4180)', async () => {
    const body = (await getReport(server, '/api/v1/export.csv', national)).body;
    expect(body).toContain('"Vraag over ""huurtoeslag""; daarna, verder"');
    expect(body).toContain('"Bibliotheek ""De Kiem""; Ĳlst, zuid"');
    expect(body).toContain('"Regel één\nregel twee: ë, é en ĳ"');
    expect(body).toContain(";'=SOM(A1:A3)\r\n");
  });

  it('lists several codes in one cell, codes with | and labels with " | "', async () => {
    const tablet = await enrollTablet(server);
    const many = registration(tablet.deviceId, {
      startedAt: '2025-06-02T09:00:00+02:00',
      questions: [question({ topics: ['digid', 'toeslagen'], governmentOrganisations: ['belastingdienst', 'duo'], help: ['uitleg', 'doorverwezen'], referral: { kind: 'warm', consent: true } })],
    });
    await sendAccepted(server, tablet, [many]);
    const rows = parseCsv((await getReport(server, '/api/v1/export.csv?from=2025-06-02&to=2025-06-02', national)).body, ';');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      'Onderwerpen (codes)': 'digid|toeslagen', Onderwerpen: 'DigiD | Toeslagen',
      'Overheidsorganisaties (codes)': 'belastingdienst|duo', Overheidsorganisaties: 'Belastingdienst | DUO',
      'DigiD-vervolg (code)': 'activeren', 'DigiD-vervolg': 'DigiD activeren', 'Hulp (codes)': 'uitleg|doorverwezen',
      'Doorverwijzing (code)': 'warm', Doorverwijzing: 'Warm: overgedragen, met toestemming', 'Anders, namelijk': '',
    });
  });

  it('streams page after page and lists every question exactly once, also among many at the same moment', async () => {
    // About 860 contacts share each start time: page boundaries fall inside groups of equal started_at.
    await server.db.query(
      `INSERT INTO registrations (id, revision, content_hash, organisation_id, device_id, location_id, scenario, channel, staff_role,
         started_at, duration_minutes, consent_for_referral, deleted, schema_version, record, batch_id)
       SELECT md5('bulk' || i)::uuid, 1, md5(i::text), $1, md5('device')::uuid, 'test-centrum', 'balie', 'fysiek', 'medewerker',
         timestamptz '2024-05-01 10:00+02' + (i % 7) * interval '1 minute', 10, false, false, 'ido-2024.1', '{}', md5('batch')::uuid
       FROM generate_series(1, 6000) AS i`,
      [ORGANISATION.id],
    );
    await server.db.query(
      `INSERT INTO questions (registration_id, index, organisation_id, location_id, started_at, category, topics, help, resolved)
       SELECT r.id, x, r.organisation_id, r.location_id, r.started_at, 'digitale_overheid', '{toeslagen}', '{informatie}', 'ja'
       FROM registrations r CROSS JOIN generate_series(0, 1) AS x WHERE r.record = '{}'::jsonb`,
    );
    const [{ total }] = await server.db.query<{ total: number }>('SELECT count(*)::int AS total FROM questions');
    expect(total).toBe(12_000 + OTHER_TEXTS.length + 1);

    const keysOf = (rows: CsvRow[]) => rows.map((row) => `${row['Registratie-id']}#${row.Vraag}`);
    // Through the app as it runs (pages of 5,000), and through the route with pages of 777.
    const small = Fastify();
    installErrorHandlers(small);
    exportRoutes(small, { db: server.db, pageSize: 777 });
    for (const app of [server.app, small]) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/export.csv', headers: { authorization: `Bearer ${national}` } });
      const rows = parseCsv(response.body, ';');
      expect(rows).toHaveLength(total);
      expect(new Set(keysOf(rows)).size).toBe(total);
      const times = rows.map((row) => row['Begonnen op']);
      expect(times).toEqual([...times].sort());
    }
    await small.close();
  });
});
