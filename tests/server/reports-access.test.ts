import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { hashSecret } from '../../src/server/secrets';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { getReport, type ReportTokens, seedReportData } from './reports-fixtures';
import { countRows, DATABASE_KINDS, useTestServer } from './test-server';

const ENDPOINTS = ['/api/v1/stats', '/api/v1/stats.csv', '/api/v1/export.csv'] as const;
type Viewer = keyof ReportTokens;

describe.each(DATABASE_KINDS)('who may see which reports, on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let revokedApiToken = '';
  beforeAll(async () => {
    tokens = await seedReportData(server);
    revokedApiToken = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    await server.db.query('UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1', [hashSecret(revokedApiToken)]);
  });
  const ask = (endpoint: string, viewer: Viewer | undefined, query = '') => getReport(server, `${endpoint}?${encodeURI(query)}`, viewer && tokens[viewer]);

  describe.each(ENDPOINTS)('%s', (endpoint) => {
    it.each([
      ['no Authorization header', undefined],
      ['a token nobody has', 'bm9ib2R5LWhhcy10aGlzLXRva2Vu'],
      ['a Basic header instead of Bearer', 'Basic'],
    ])('answers 401 {error, message} for %s', async (_name, token) => {
      const headers = token === undefined ? {} : { authorization: token === 'Basic' ? 'Basic dXNlcjpwYXNz' : `Bearer ${token}` };
      const response = await server.app.inject({ method: 'GET', url: endpoint, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(/toegangscode/i) });
    });

    it('answers 401 for a revoked report token and 403 for a revoked tablet', async () => {
      expect((await getReport(server, endpoint, revokedApiToken)).statusCode).toBe(401);
      const revoked = await ask(endpoint, 'revokedDevice');
      expect(revoked.statusCode).toBe(403);
      expect(revoked.json()).toMatchObject({ error: 'device_revoked' });
    });

    it.each([
      ['device', `organisation=${OTHER_ORGANISATION.id}`],
      ['device', 'location=elders-centrum'],
      ['device', 'municipality=GM0344'],
      ['device', 'province=Utrecht'],
      ['device', 'location=onbekende-locatie'],
      ['coordinator', `organisation=${OTHER_ORGANISATION.id}`],
      ['coordinator', 'location=elders-centrum'],
      ['coordinator', 'municipality=GM0855'],
      ['coordinator', 'province=Zeeland'],
      ['coordinator', `organisation=${ORGANISATION.id}&location=elders-centrum`],
      ['otherCoordinator', `organisation=${ORGANISATION.id}`],
      ['otherCoordinator', 'location=test-centrum'],
      ['otherDevice', 'municipality=GM0828'],
    ] as const)('answers 403 when a %s token asks with %s (another organisation\'s data)', async (viewer, query) => {
      const response = await ask(endpoint, viewer, query);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'forbidden', message: expect.stringContaining('eigen organisatie') });
    });

    it.each([
      ['device', '', 200],
      ['device', `organisation=${ORGANISATION.id}&municipality=GM0828&province=Noord-Brabant&location=test-centrum`, 200],
      ['coordinator', '', 200],
      ['coordinator', 'municipality=GM0796', 200],
      ['otherDevice', '', 200],
      ['otherCoordinator', 'location=elders-centrum', 200],
      ['national', '', 200],
      ['national', `organisation=${OTHER_ORGANISATION.id}&province=Utrecht`, 200],
      // A place that does not exist is a 400 for the national team (it got zeros that looked true; reports-hostile-query).
      ['national', 'location=onbekende-locatie', 400],
    ] as const)('lets a %s token ask with "%s"', async (viewer, query, status) => {
      expect((await ask(endpoint, viewer, query)).statusCode).toBe(status);
    });
  });

  it.each([
    ['device', 5, 7],
    ['coordinator', 5, 7],
    ['otherDevice', 2, 3],
    ['otherCoordinator', 2, 3],
    ['national', 7, 10],
  ] as const)('shows a %s token only what it may see: %i contacts, %i questions', async (viewer, contacts, questions) => {
    const answer = (await ask('/api/v1/stats', viewer, 'groupBy=organisation')).json();
    expect(answer.totals).toMatchObject({ contacts, questions });
    const organisations = answer.rows.map((row: { keys: { organisation: string } }) => row.keys.organisation);
    expect(organisations).toEqual(viewer === 'national' ? [OTHER_ORGANISATION.id, ORGANISATION.id] : [viewer.startsWith('other') ? OTHER_ORGANISATION.id : ORGANISATION.id]);
    const csv = (await ask('/api/v1/export.csv', viewer)).body.replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(rows).toHaveLength(questions);
    expect(new Set(rows.map((row) => row['Organisatie-id']))).toEqual(new Set(organisations));
  });

  describe('parameter checks', () => {
    it.each([
      ['from=2025-13-01', /from/],
      ['from=2025-02-30', /from/],
      ['to=20250101', /to moet/],
      ['from=2025-03-01&to=2025-02-01', /vóór/],
      ['groupBy=month,topic,help', /hoogstens 2/],
      ['groupBy=colour', /kent "colour" niet/],
      ['groupBy=month,month', /twee keer/],
      ["groupBy=month;DROP TABLE questions", /niet/],
      ['province=Brabant', /provincies/],
      ['municipality=0855', /GM0855/],
      ["municipality=GM0855' OR '1'='1", /GM0855/],
      ['organisation=not-a-uuid', /organisation/],
      ["location=x' OR '1'='1", /location/],
      ['foo=1', /Onbekende parameter "foo"/],
      ['from=2025-01-01&from=2025-02-01', /meer dan één keer/],
    ])('answers 400 {error, message} in Dutch for %s', async (query, message) => {
      // export.csv takes no groupBy at all: it always lists questions.
      for (const endpoint of query.startsWith('groupBy') ? ENDPOINTS.slice(0, 2) : ENDPOINTS) {
        const response = await ask(endpoint, 'national', query);
        expect(response.statusCode, endpoint).toBe(400);
        expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
      }
      expect(await countRows(server.db, 'questions')).toBe(10);
    });

    it('takes delimiter only on the CSV endpoints, and only semicolon or comma', async () => {
      expect((await ask('/api/v1/stats', 'national', 'delimiter=comma')).statusCode).toBe(400);
      expect((await ask('/api/v1/export.csv', 'national', 'groupBy=month')).statusCode).toBe(400);
      const tab = await ask('/api/v1/export.csv', 'national', 'delimiter=tab');
      expect(tab.statusCode).toBe(400);
      expect(tab.json().message).toMatch(/semicolon of comma/);
    });

    it('checks the token before the parameters', async () => {
      expect((await ask('/api/v1/stats', undefined, 'groupBy=colour')).statusCode).toBe(401);
    });
  });
});
