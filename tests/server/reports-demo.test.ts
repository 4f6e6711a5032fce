import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatsResponse } from '../../src/shared/reports';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { getReport, type ReportTokens, seedReportData } from './reports-fixtures';
import { countRows, DATABASE_KINDS, useTestServer } from './test-server';

/*
 * The data set of reports-fixtures.ts with the other organisation (Bibliotheek Elders: 2 contacts, 3 questions,
 * location elders-centrum in Utrecht) marked as a demo organisation. Ours has 5 contacts and 7 questions.
 */
describe.each(DATABASE_KINDS)('demo organisations in reports, on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  beforeAll(async () => {
    tokens = await seedReportData(server);
    await server.db.query('UPDATE organisations SET is_demo = true WHERE id = $1', [OTHER_ORGANISATION.id]);
  });
  const ask = (endpoint: string, viewer: keyof ReportTokens, query = '') => getReport(server, `${endpoint}?${query}`, tokens[viewer]);
  const stats = async (viewer: keyof ReportTokens, query: string): Promise<StatsResponse> => {
    const response = await ask('/api/v1/stats', viewer, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const exportedOrganisations = async (viewer: keyof ReportTokens, query = '') => {
    const response = await ask('/api/v1/export.csv', viewer, query);
    expect(response.statusCode, response.body).toBe(200);
    const rows = Papa.parse<Record<string, string>>(response.body.replace(/^\uFEFF/, ''), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    return rows.map((row) => row['Organisatie-id']);
  };

  it.each([
    ['the whole year (from the rollup)', 'from=2025-01-01&to=2025-12-31', [5, 7], [7, 10]],
    ['no dates (from the rollup)', '', [5, 7], [7, 10]],
    ['a few days inside a period (from the questions)', 'from=2025-01-19&to=2025-01-21', [0, 0], [1, 2]],
    ['a range cutting periods (both)', 'from=2025-01-15&to=2025-02-25', [3, 4], [5, 7]],
  ] as const)('leaves demo organisations out of national stats over %s unless includeDemo=true', async (_name, range, without, withDemo) => {
    const byOrganisation = (query: string) => stats('national', [range, 'groupBy=organisation', query].filter(Boolean).join('&'));
    for (const query of ['', 'includeDemo=false']) {
      const answer = await byOrganisation(query);
      expect([answer.totals.contacts, answer.totals.questions]).toEqual(without);
      expect(answer.rows.map((row) => row.keys.organisation)).not.toContain(OTHER_ORGANISATION.id);
    }
    const included = await byOrganisation('includeDemo=true');
    expect([included.totals.contacts, included.totals.questions]).toEqual(withDemo);
    // Two facets at once read the questions for the whole range: the same rule.
    const twoFacets = await stats('national', [range, 'groupBy=topic,help'].filter(Boolean).join('&'));
    const twoFacetsDemo = await stats('national', [range, 'groupBy=topic,help', 'includeDemo=true'].filter(Boolean).join('&'));
    expect([twoFacets.totals.contacts, twoFacetsDemo.totals.contacts]).toEqual([without[0], withDemo[0]]);
  });

  it('leaves them out of the national stats.csv and export.csv unless includeDemo=true', async () => {
    expect(new Set(await exportedOrganisations('national'))).toEqual(new Set([ORGANISATION.id]));
    expect(await exportedOrganisations('national')).toHaveLength(7);
    expect(await exportedOrganisations('national', 'includeDemo=true')).toHaveLength(10);
    const table = async (query: string) => (await ask('/api/v1/stats.csv', 'national', `groupBy=organisation${query}`)).body;
    expect(await table('')).not.toContain(OTHER_ORGANISATION.id);
    expect(await table('&includeDemo=true')).toContain(OTHER_ORGANISATION.id);
  });

  it('leaves their locations out of the national report-locations unless includeDemo=true', async () => {
    const ids = async (query: string) => ((await ask('/api/v1/report-locations', 'national', query)).json() as { locations: { id: string }[] }).locations.map((l) => l.id);
    expect(await ids('')).not.toContain('elders-centrum');
    expect(await ids('includeDemo=true')).toContain('elders-centrum');
  });

  it('gives a national token a demo organisation it asks for by id, also without includeDemo', async () => {
    const answer = await stats('national', `organisation=${OTHER_ORGANISATION.id}`);
    expect(answer.totals).toMatchObject({ contacts: 2, questions: 3 });
    expect(await exportedOrganisations('national', `organisation=${OTHER_ORGANISATION.id}`)).toHaveLength(3);
  });

  it("still shows a demo organisation's own tablet and coordinator their own figures; includeDemo shows them nothing more", async () => {
    for (const viewer of ['otherDevice', 'otherCoordinator'] as const) {
      expect((await stats(viewer, '')).totals).toMatchObject({ contacts: 2, questions: 3 });
      expect(await exportedOrganisations(viewer)).toHaveLength(3);
    }
    expect((await stats('coordinator', 'includeDemo=true')).totals).toMatchObject({ contacts: 5, questions: 7 });
    expect(new Set(await exportedOrganisations('device', 'includeDemo=true'))).toEqual(new Set([ORGANISATION.id]));
  });

  it.each([
    ['includeDemo=yes', /includeDemo moet true of false zijn/],
    ['includeDemo=TRUE', /includeDemo moet true of false zijn/],
    ['includeDemo=1', /includeDemo moet true of false zijn/],
    ['includeDemo=true&includeDemo=false', /includeDemo staat er meer dan één keer in/],
    ['includedemo=true', /Onbekende parameter "includedemo"/],
  ])('answers 400 {error, message} in Dutch for %s on every report endpoint', async (query, message) => {
    for (const endpoint of ['/api/v1/stats', '/api/v1/stats.csv', '/api/v1/export.csv', '/api/v1/report-locations']) {
      const response = await ask(endpoint, 'national', query);
      expect(response.statusCode, endpoint).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
    }
    expect(await countRows(server.db, 'questions')).toBe(10);
  });
});
