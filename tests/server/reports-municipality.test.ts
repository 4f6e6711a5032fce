import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnualReport } from '../../src/shared/annual-report';
import type { ReportLocationInfo, ReportLocationsResponse, StatsResponse } from '../../src/shared/reports';
import { createApiToken } from '../../src/server/api-tokens';
import { createLocation } from '../../src/server/organisations/organisations';
import { idoHoursBetween, reportDays } from '../../src/server/reports/annual';
import { ORGANISATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { getReport, type ReportTokens, seedReportData, sendAccepted } from './reports-fixtures';
import { countRows, DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/*
 * The municipality role (issue 13): a token for Oss (GM0828) sees every organisation's locations in Oss, and
 * nothing else. On top of the shared data set (reports-fixtures.ts) the other organisation gets a location in
 * Oss, elders-oss, with one contact that was referred to a kaart service. So Oss holds:
 *   ours: R1 (2 q), R2, R3 (wijk), R6 → 4 contacts, 5 questions;  theirs: E1 at elders-oss → 1 contact, 1 question.
 * Utrecht (GM0344) holds R7 and R8 of the other organisation: 2 contacts, 3 questions.
 */

const KAART_ORGANISATION = 'b9f3c1d2-0000-4000-8000-00000000a001';
const KAART_SERVICE = 'b9f3c1d2-0000-4000-8000-00000000a002';
const REPORT_ENDPOINTS = ['/api/v1/stats', '/api/v1/stats.csv', '/api/v1/export.csv', '/api/v1/report-locations'] as const;
type Viewer = keyof ReportTokens | 'oss' | 'utrecht' | 'none';

describe.each(DATABASE_KINDS)('the municipality role and the annual report, on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens & { oss: string; utrecht: string };
  beforeAll(async () => {
    const shared = await seedReportData(server);
    await createLocation(server.db, {
      id: 'elders-oss', organisationId: OTHER_ORGANISATION.id, name: 'Bibliotheek Elders in Oss', municipalityCode: 'GM0828', province: 'Noord-Brabant',
      insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 7, openedOn: '2020-01-01',
    });
    await server.db.query(
      `INSERT INTO kaart_records (entity, id, scope, version, data, change_seq, updated_by) VALUES
       ('organization', $1, NULL, 1, $3::text::jsonb, nextval('kaart_change_seq'), 'test'),
       ('service', $2, NULL, 1, $4::text::jsonb, nextval('kaart_change_seq'), 'test')`,
      [KAART_ORGANISATION, KAART_SERVICE, JSON.stringify({ id: KAART_ORGANISATION, name: 'Schuldhulp Maasland' }), JSON.stringify({ id: KAART_SERVICE, organization_id: KAART_ORGANISATION, name: 'Spreekuur geldzaken' })],
    );
    const other = await enrollTablet(server, OTHER_ORGANISATION.id);
    await sendAccepted(server, other, [registration(other.deviceId, {
      organisationId: OTHER_ORGANISATION.id, locationId: 'elders-oss', scenario: 'balie', startedAt: '2025-04-02T10:00:00+02:00',
      questions: [question({ topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern', serviceId: KAART_SERVICE }, resolved: 'nee' })],
    })]);
    tokens = {
      ...shared,
      oss: await createApiToken(server.db, 'municipality', null, 365, 'GM0828'),
      utrecht: await createApiToken(server.db, 'municipality', null, 365, 'GM0344'),
    };
  });
  const ask = (url: string, viewer: Viewer) => getReport(server, url, viewer === 'none' ? undefined : tokens[viewer]);
  const statsOf = async (viewer: Viewer, query: string) => {
    const response = await ask(`/api/v1/stats?${query}`, viewer);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as StatsResponse;
  };

  describe('the reports endpoints', () => {
    it('show a municipality token every organisation in its municipality and nothing else', async () => {
      expect((await statsOf('oss', '')).totals).toMatchObject({ contacts: 5, questions: 6, population: 100000 });
      expect((await statsOf('utrecht', '')).totals).toMatchObject({ contacts: 2, questions: 3 });
      const byOrganisation = await statsOf('oss', 'groupBy=organisation');
      expect(byOrganisation.rows.map((row) => `${row.keys.organisation} ${row.contacts}/${row.questions}`).sort())
        .toEqual([`${ORGANISATION.id} 4/5`, `${OTHER_ORGANISATION.id} 1/1`].sort());
      const byLocation = await statsOf('oss', 'groupBy=location');
      expect(byLocation.rows.map((row) => row.keys.location).sort()).toEqual(['elders-oss', 'test-centrum', 'test-wijk']);
    });

    it('lists only the locations in the municipality, of every organisation', async () => {
      const response = await ask('/api/v1/report-locations', 'oss');
      expect(response.statusCode).toBe(200);
      expect((response.json() as { locations: ReportLocationInfo[] }).locations.map((l) => l.id).sort()).toEqual(['elders-oss', 'test-centrum', 'test-wijk']);
    });

    it('says who the token is beside the locations: the laptop menu offers Beheer only to a token that may open it', async () => {
      const viewers = { oss: 'municipality', coordinator: 'coordinator', device: 'device', national: 'national' } as const;
      for (const [viewer, role] of Object.entries(viewers) as Array<[keyof typeof viewers, string]>) {
        const response = await ask('/api/v1/report-locations', viewer);
        expect(response.statusCode, viewer).toBe(200);
        expect((response.json() as ReportLocationsResponse).viewer, viewer).toBe(role);
      }
    });

    it('exports only the questions asked in the municipality', async () => {
      const response = await ask('/api/v1/export.csv', 'oss');
      expect(response.statusCode).toBe(200);
      const rows = Papa.parse<string[]>(response.body.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data.slice(1);
      expect(rows).toHaveLength(6);
      expect(response.body).not.toContain('elders-centrum');
      expect(response.body).not.toContain('test-rosmalen');
      const table = await ask('/api/v1/stats.csv?groupBy=location', 'utrecht');
      expect(table.body).toContain('elders-centrum');
      expect(table.body).not.toContain('elders-oss');
    });

    it('keeps an organisation filter inside the municipality: our organisation seen from Oss leaves Rosmalen out', async () => {
      expect((await statsOf('oss', `organisation=${ORGANISATION.id}`)).totals).toMatchObject({ contacts: 4, questions: 5 });
      expect((await statsOf('oss', `organisation=${OTHER_ORGANISATION.id}`)).totals).toMatchObject({ contacts: 1, questions: 1 });
      expect((await statsOf('national', `organisation=${ORGANISATION.id}`)).totals).toMatchObject({ contacts: 5, questions: 7 });
    });

    describe.each(REPORT_ENDPOINTS)('%s', (endpoint) => {
      it.each([
        ['oss', 'municipality=GM0344'],
        ['oss', 'municipality=GM0796'],
        ['oss', 'location=elders-centrum'],
        ['oss', 'location=test-rosmalen'],
        ['oss', 'province=Utrecht'],
        ['oss', 'organisation=0f0e0d0c-0b0a-4909-8807-060504030201'],
        ['oss', `municipality=GM0828&location=test-rosmalen`],
        ['utrecht', `organisation=${ORGANISATION.id}`],
        ['utrecht', 'location=test-centrum'],
      ] as const)('answers 403 when the %s token asks with %s (outside its municipality)', async (viewer, query) => {
        const response = await ask(`${endpoint}?${query}`, viewer);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ error: 'forbidden', message: expect.stringContaining('eigen gemeente') });
      });

      it.each([
        ['national', 200], ['oss', 200], ['utrecht', 200], ['coordinator', 200], ['device', 200], ['none', 401],
      ] as const)('answers a %s viewer with %i', async (viewer, status) => {
        expect((await ask(endpoint, viewer)).statusCode).toBe(status);
      });

      it('lets the municipality token name its own municipality and province', async () => {
        expect((await ask(`${endpoint}?municipality=GM0828&province=Noord-Brabant&location=elders-oss`, 'oss')).statusCode).toBe(200);
      });
    });
  });

  describe('what a municipality token cannot reach', () => {
    it.each([
      ['GET', '/api/v1/admin/me'],
      ['GET', '/api/v1/admin/organisations'],
      ['GET', `/api/v1/admin/organisations/${ORGANISATION.id}/tokens`],
      ['GET', '/api/v1/admin/national-tokens'],
      ['GET', '/api/v1/admin/municipality-tokens'],
      ['POST', '/api/v1/admin/municipality-tokens'],
      ['GET', '/api/v1/kaart/changes'],
      ['POST', '/api/v1/batches'],
      ['GET', '/api/v1/locations'],
    ] as const)('%s %s is 403', async (method, url) => {
      const response = await server.app.inject({ method, url, headers: { authorization: `Bearer ${tokens.oss}` }, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    });
  });

  it.each([
    ["'municipality', NULL, NULL", 'a municipality token without a municipality'],
    ["'municipality', NULL, 'GM12'", 'a malformed code'],
    [`'municipality', '${ORGANISATION.id}', 'GM0828'`, 'a municipality token of an organisation'],
    [`'coordinator', '${ORGANISATION.id}', 'GM0828'`, 'a coordinator token with a municipality'],
    ["'coordinator', NULL, NULL", 'a coordinator token without an organisation'],
    ["'gemeente', NULL, 'GM0828'", 'an unknown role'],
  ])('the database refuses %s (%s)', async (values) => {
    await expect(server.db.query(`INSERT INTO api_tokens (token_hash, role, organisation_id, municipality_code) VALUES (md5(random()::text), ${values})`)).rejects.toThrow();
  });

  describe('municipality tokens in the admin API', () => {
    const admin = (method: 'GET' | 'POST', url: string, viewer: Viewer, payload?: object) => server.app.inject({
      method, url: `/api/v1/admin/municipality-tokens${url}`, headers: viewer === 'none' ? {} : { authorization: `Bearer ${tokens[viewer]}` }, ...(payload === undefined ? {} : { payload }),
    });

    it('lets the national team make one that works at once, list it and revoke it', async () => {
      const made = await admin('POST', '', 'national', { municipalityCode: 'GM0796', days: 30 });
      expect(made.statusCode, made.body).toBe(201);
      const { id, token, municipalityCode } = made.json() as { id: string; token: string; municipalityCode: string };
      expect(municipalityCode).toBe('GM0796');
      const seen = await getReport(server, '/api/v1/stats', token);
      expect(seen.json()).toMatchObject({ totals: { contacts: 1, questions: 2 } }); // R4 in Rosmalen
      const listed = (await admin('GET', '', 'national')).json() as { tokens: { id: string; municipalityCode: string; role: string }[] };
      expect(listed.tokens.find((t) => t.id === id)).toMatchObject({ role: 'municipality', municipalityCode: 'GM0796' });
      expect(JSON.stringify(listed)).not.toContain(token);
      expect((await admin('POST', `/${id}/revoke`, 'national')).statusCode).toBe(200);
      expect((await getReport(server, '/api/v1/stats', token)).statusCode).toBe(401);
    });

    it.each([
      ['coordinator', 403], ['device', 403], ['oss', 403], ['none', 401],
    ] as const)('refuses a %s viewer (%i) and makes nothing', async (viewer, status) => {
      const before = await countRows(server.db, 'api_tokens');
      expect((await admin('POST', '', viewer, { municipalityCode: 'GM0828' })).statusCode).toBe(status);
      expect((await admin('GET', '', viewer)).statusCode).toBe(status);
      expect(await countRows(server.db, 'api_tokens')).toBe(before);
    });

    it.each([
      [{ municipalityCode: 'GM12' }, 'juiste vorm'],
      [{ municipalityCode: 'GM9999' }, 'onbekend'],
      [{ municipalityCode: 'GM0828', days: 0 }, 'days'],
      [{ municipalityCode: 'GM0828', organisation: ORGANISATION.id }, 'onbekend'],
      [{}, 'juiste vorm'],
    ])('answers a Dutch 400 for %j and makes nothing', async (payload, words) => {
      const before = await countRows(server.db, 'api_tokens');
      const response = await admin('POST', '', 'national', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining(words) });
      expect(await countRows(server.db, 'api_tokens')).toBe(before);
    });

    it('does not revoke a coordinator token through the municipality route', async () => {
      const [row] = await server.db.query<{ id: string }>("SELECT id::text AS id FROM api_tokens WHERE role = 'coordinator' AND revoked_at IS NULL LIMIT 1");
      expect((await admin('POST', `/${row.id}/revoke`, 'national')).statusCode).toBe(404);
      expect(await countRows(server.db, 'api_tokens', 'id = $1 AND revoked_at IS NULL', [row.id])).toBe(1);
    });
  });

  describe('GET /api/v1/reports/annual', () => {
    const annual = async (viewer: Viewer, query: string) => {
      const response = await ask(`/api/v1/reports/annual?${query}`, viewer);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as AnnualReport;
    };

    it('gives an organisation its year: reach, topics with months, solved and referred shares, locations per IDO hour', async () => {
      const report = await annual('coordinator', 'year=2025');
      expect(report.subject).toEqual({ kind: 'organisation', id: ORGANISATION.id, name: 'Testbibliotheek Maasland' });
      expect(report).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
      expect(report.reach).toMatchObject({ contacts: 5, questions: 7, locations: 3 });
      expect(report.months.slice(0, 3)).toEqual([
        { month: '2025-01', contacts: 2, questions: 3 }, { month: '2025-02', contacts: 2, questions: 3 }, { month: '2025-03', contacts: 1, questions: 1 },
      ]);
      expect(report.topics[0]).toMatchObject({ code: 'digid', label: 'DigiD', questions: 4, contacts: 3 });
      expect(report.topics[0].months.slice(0, 3)).toEqual([2, 2, 0]);
      expect(report.resolved.map((r) => `${r.code} ${r.questions}`)).toEqual(['ja 6', 'deels 1']);
      expect(report.referred).toEqual({ questions: 2, share: Number((2 / 7).toFixed(4)) });
      expect(report.referralKinds.map((r) => `${r.code} ${r.questions}`).sort()).toEqual(['extern 1', 'intern 1']);
      const centrum = report.locations.find((l) => l.id === 'test-centrum')!;
      // 8 hours a week all year: 8 × 365 / 7 hours; three contacts.
      expect(centrum).toMatchObject({ contacts: 3, idoHours: Number((8 * 365 / 7).toFixed(2)), hoursPerWeek: 8 });
      expect(centrum.contactsPerIdoHour).toBe(Number((3 / Number((8 * 365 / 7).toFixed(2))).toPrecision(3)));
    });

    it('gives a municipality every organisation in it, and names the kaart organisation a visitor was referred to', async () => {
      const report = await annual('oss', 'year=2025');
      expect(report.subject).toEqual({ kind: 'municipality', id: 'GM0828', name: 'Oss' });
      expect(report.reach).toMatchObject({ contacts: 5, questions: 6, locations: 3, population: 100000, questionsPerResident: 0.00006 });
      expect(report.locations.map((l) => l.id).sort()).toEqual(['elders-oss', 'test-centrum', 'test-wijk']);
      expect(report.referredTo).toContainEqual({ kaartOrganisationId: KAART_ORGANISATION, name: 'Schuldhulp Maasland', questions: 1 });
      expect(report.resolved.map((r) => `${r.code} ${r.questions}`)).toEqual(['ja 4', 'deels 1', 'nee 1']);
      expect(report.viewer).toBe('municipality');
      expect(await annual('national', 'year=2025&municipality=GM0828')).toEqual({ ...report, viewer: 'national' });
      expect((await annual('utrecht', 'year=2025')).reach).toMatchObject({ contacts: 2, questions: 3 });
    });

    it('names a kaart entry only to those who may see it: another organisation\'s private service id stays unnamed', async () => {
      // Our organisation's own (private) kaart entry; the other organisation's tablet sends its id as a referral.
      const privateOrganisation = 'b9f3c1d2-0000-4000-8000-00000000b001';
      const privateService = 'b9f3c1d2-0000-4000-8000-00000000b002';
      await server.db.query(
        `INSERT INTO kaart_records (entity, id, scope, version, data, change_seq, updated_by) VALUES
         ('organization', $1, $5, 1, $3::text::jsonb, nextval('kaart_change_seq'), 'test'),
         ('service', $2, $5, 1, $4::text::jsonb, nextval('kaart_change_seq'), 'test')`,
        [privateOrganisation, privateService, JSON.stringify({ id: privateOrganisation, name: 'Geheim Schuldhulp', owner_organisation_id: ORGANISATION.id }),
          JSON.stringify({ id: privateService, organization_id: privateOrganisation, name: 'Eigen spreekuur' }), ORGANISATION.id],
      );
      const referred = question({ help: ['doorverwezen'], referral: { kind: 'warm', consent: true, serviceId: privateService } });
      const other = await enrollTablet(server, OTHER_ORGANISATION.id);
      await sendAccepted(server, other, [registration(other.deviceId, {
        organisationId: OTHER_ORGANISATION.id, locationId: 'elders-oss', scenario: 'balie', startedAt: '2024-04-02T10:00:00+02:00', questions: [referred],
      })]);
      const own = await enrollTablet(server);
      await sendAccepted(server, own, [registration(own.deviceId, { startedAt: '2024-04-03T10:00:00+02:00', questions: [referred] })]);
      const names = (report: AnnualReport) => report.referredTo.map((r) => r.name);
      // The other organisation's report and the municipality's count its referral, without our entry's name.
      expect(names(await annual('otherCoordinator', 'year=2024'))).not.toContain('Geheim Schuldhulp');
      const oss = await annual('oss', 'year=2024');
      expect(oss.referred.questions).toBe(2);
      expect(oss.referredTo.filter((r) => r.name === 'Geheim Schuldhulp')).toEqual([{ kaartOrganisationId: privateOrganisation, name: 'Geheim Schuldhulp', questions: 1 }]);
      // Our own report names it: the referral is ours.
      expect((await annual('coordinator', 'year=2024')).referredTo).toContainEqual({ kaartOrganisationId: privateOrganisation, name: 'Geheim Schuldhulp', questions: 1 });
    });

    it('takes this year when the year is left out', async () => {
      const report = await annual('coordinator', '');
      expect(report.year).toBe(new Date().getFullYear());
      expect(report.from).toBe(`${report.year}-01-01`);
    });

    it.each([
      ['national', 'year=2025', 400],
      ['national', `year=2025&organisation=${OTHER_ORGANISATION.id}`, 200],
      ['oss', 'year=2025&municipality=GM0828', 200],
      ['oss', 'year=2025&municipality=GM0344', 403],
      ['oss', `year=2025&organisation=${ORGANISATION.id}`, 403],
      ['coordinator', `year=2025&organisation=${ORGANISATION.id}`, 200],
      ['coordinator', `year=2025&organisation=${OTHER_ORGANISATION.id}`, 403],
      ['coordinator', 'year=2025&municipality=GM0828', 403],
      ['device', 'year=2025', 200],
      ['otherDevice', `year=2025&organisation=${ORGANISATION.id}`, 403],
      ['revokedDevice', 'year=2025', 403],
      ['none', 'year=2025', 401],
    ] as const)('answers a %s viewer asking %s with %i', async (viewer, query, status) => {
      const response = await ask(`/api/v1/reports/annual?${query}`, viewer);
      expect(response.statusCode, response.body).toBe(status);
      if (status !== 200) expect(response.json()).toEqual({ error: expect.any(String), message: expect.any(String) });
    });

    it.each([
      ['year=1800', 'jaartal'],
      ['year=2025.5', 'jaartal'],
      ['year=abc', 'jaartal'],
      ['year=2025&year=2024', 'meer dan één keer'],
      ['year=2025&groupBy=topic', 'Onbekende parameter'],
      ['year=2025&municipality=GM9999', 'onbekend'],
      ['year=2025&municipality=Oss', 'CBS-gemeentecode'],
      ['year=2025&organisation=0f0e0d0c-0b0a-4909-8807-060504030201', 'onbekend'],
      [`year=2025&organisation=${ORGANISATION.id}&municipality=GM0828`, 'niet allebei'],
    ])('answers a national token a Dutch 400 for "%s"', async (query, words) => {
      const response = await ask(`/api/v1/reports/annual?${query}`, 'national');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining(words) });
    });
  });

  describe('PUT /api/v1/reports/annual/text', () => {
    const put = (viewer: Viewer, payload: unknown) => server.app.inject({
      method: 'PUT', url: '/api/v1/reports/annual/text', headers: viewer === 'none' ? {} : { authorization: `Bearer ${tokens[viewer]}` }, payload: payload as object,
    });
    const textOf = async (viewer: Viewer, query: string) => (await ask(`/api/v1/reports/annual?${query}`, viewer)).json().text.body as string;

    it('stores plain text per organisation and year; hostile HTML stays text', async () => {
      const body = 'Een goed jaar.\nMeer spreekuren in Oss. <script>alert(1)</script> & <b>vet</b>';
      const response = await put('coordinator', { year: 2025, text: `  ${body}\r\n` });
      expect(response.statusCode, response.body).toBe(200);
      expect(await textOf('coordinator', 'year=2025')).toBe(body);
      expect(await textOf('national', `year=2025&organisation=${ORGANISATION.id}`)).toBe(body);
      expect(await textOf('coordinator', 'year=2024')).toBe('');
      expect(await textOf('oss', 'year=2025')).toBe(''); // the municipality's report has its own text
    });

    it('lets a municipality write its own report\'s text and the national team any', async () => {
      expect((await put('oss', { year: 2025, text: 'Tekst van de gemeente Oss.' })).statusCode).toBe(200);
      expect(await textOf('national', 'year=2025&municipality=GM0828')).toBe('Tekst van de gemeente Oss.');
      expect((await put('national', { year: 2025, municipality: 'GM0344', text: 'Landelijk geschreven.' })).statusCode).toBe(200);
      expect(await textOf('utrecht', 'year=2025')).toBe('Landelijk geschreven.');
    });

    it.each([
      ['device', { year: 2025, text: 'x' }, 403],
      ['coordinator', { year: 2025, organisation: OTHER_ORGANISATION.id, text: 'x' }, 403],
      ['coordinator', { year: 2025, municipality: 'GM0828', text: 'x' }, 403],
      ['oss', { year: 2025, municipality: 'GM0344', text: 'x' }, 403],
      ['oss', { year: 2025, organisation: ORGANISATION.id, text: 'x' }, 403],
      ['none', { year: 2025, text: 'x' }, 401],
      ['coordinator', { year: 1800, text: 'x' }, 400],
      ['coordinator', { year: '2025', text: 'x' }, 400],
      ['coordinator', { year: 2025, text: 'x'.repeat(2001) }, 400],
      ['coordinator', { year: 2025, text: 'bel\u0007' }, 400],
      ['coordinator', { year: 2025, text: 'omgekeerd \u202e tekst' }, 400],
      ['coordinator', { year: 2025, text: 42 }, 400],
      ['coordinator', { year: 2025, text: 'x', author: 'Piet' }, 400],
      ['coordinator', ['x'], 400],
      ['national', { year: 2025, text: 'x' }, 400],
      ['national', { year: 2025, municipality: 'GM9999', text: 'x' }, 400],
    ] as const)('refuses a %s viewer sending %j (%i) and changes nothing', async (viewer, payload, status) => {
      const before = await server.db.query('SELECT scope_kind, scope_id, year, body, updated_at FROM annual_report_texts ORDER BY 1, 2, 3');
      const response = await put(viewer, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toEqual({ error: expect.any(String), message: expect.stringMatching(/[a-z]/) });
      if (status === 400) expect(response.json().message).toMatch(/jaartal|te lang|niet toegestaan|tekst|onbekend|JSON-object|organisatie/);
      expect(await server.db.query('SELECT scope_kind, scope_id, year, body, updated_at FROM annual_report_texts ORDER BY 1, 2, 3')).toEqual(before);
    });

    it('counts an emoji as one character, as the page and the column (char_length) do: 2,000 kept whole, 2,001 refused with the count', async () => {
      expect((await put('coordinator', { year: 2023, text: '😀'.repeat(2000) })).statusCode).toBe(200);
      const [row] = await server.db.query<{ n: number }>("SELECT char_length(body)::int AS n FROM annual_report_texts WHERE year = 2023 AND scope_kind = 'organisation'");
      expect(row.n).toBe(2000);
      const over = await put('coordinator', { year: 2023, text: '😀'.repeat(2001) });
      expect(over.statusCode).toBe(400);
      expect(over.json().message).toBe('De tekst is te lang: hoogstens 2.000 tekens. Nu zijn het er 2.001.');
    });

    it('removes the text when it is emptied', async () => {
      expect((await put('coordinator', { year: 2024, text: 'Tijdelijk.' })).statusCode).toBe(200);
      expect((await put('coordinator', { year: 2024, text: '   ' })).statusCode).toBe(200);
      expect(await countRows(server.db, 'annual_report_texts', 'year = 2024')).toBe(0);
    });
  });
});

describe('the annual report\'s IDO hours and days', () => {
  it('adds up a seventh of the week\'s hours in force each day, across an hours change', () => {
    const history = [{ from: '2024-06-01', hoursPerWeek: 8 }, { from: '2025-07-01', hoursPerWeek: 4 }];
    // 181 days (1 January–30 June) at 8 hours a week, 184 days (1 July–31 December) at 4.
    expect(idoHoursBetween(history, '2025-01-01', '2025-12-31')).toBe(Number(((181 * 8 + 184 * 4) / 7).toFixed(2)));
    // Before the location opened there are no hours.
    expect(idoHoursBetween([{ from: '2025-12-25', hoursPerWeek: 7 }], '2025-01-01', '2025-12-31')).toBe(7);
  });

  it('counts the current year up to today and a past or future year whole', () => {
    expect(reportDays(2026, '2026-11-30')).toEqual({ from: '2026-01-01', to: '2026-11-30' });
    expect(reportDays(2025, '2026-11-30')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(reportDays(2027, '2026-11-30')).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  });
});
