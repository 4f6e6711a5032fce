import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { amsterdamDay } from '../../src/shared/time';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION } from './fixtures';
import { getReport, type ReportTokens, seedReportData } from './reports-fixtures';
import { DATABASE_KINDS, expectApiError, useTestServer } from './test-server';

/*
 * Every report endpoint against the query strings a careless or hostile caller sends (helper-107's brief): a day
 * that does not exist, from after to, a year 0 or 99999, huge and repeated parameters, unknown ones, and another
 * organisation's ids from a coordinator. Each answer is a 400 or 403 with the contract's code and a Dutch message
 * that says what is wrong; never a 500. hostile-input.test.ts sends such strings to every route and checks only the
 * shape; this file checks which answer each one gets, and that a valid extreme (the whole calendar) is answered.
 */

/** The endpoints that take the report filters (from, to, organisation, location, …), each with what it needs besides. */
const FILTER_ENDPOINTS = [
  '/api/v1/stats?groupBy=month&',
  '/api/v1/stats.csv?groupBy=week&',
  '/api/v1/report-locations?',
  '/api/v1/export.csv?',
  '/api/v1/group-sessions/summary?',
  '/api/v1/group-sessions.csv?',
  '/api/v1/busy-hours?',
  '/api/v1/scenario-comparison?',
  '/api/v1/hours-effect?location=test-centrum&',
];

const HUGE = '9'.repeat(20_000);
/** What a national token hears for an organisation id that does not exist, on the stats and the annual report alike. */
const UNKNOWN = /^Deze organisatie is onbekend: er is geen organisatie met dit id\. Kies een organisatie uit de lijst\.$/;
/** An organisation that exists and has a location, but no registration. */
const EMPTY_ORGANISATION = { id: '5c4b3a29-1807-4f6e-8d5c-4b3a29180706', name: 'Bibliotheek Nieuwstad' };

/** [query, status, code, what the message says]. */
type Case = [string, number, string, RegExp];
/** Cases with a test name first: a long query shortened. */
const named = (cases: Case[]) => cases.map(([query, ...rest]) => [query.length > 80 ? `${query.slice(0, 40)}… (${query.length} tekens)` : query, query, ...rest] as const);

/** For a coordinator token of ORGANISATION. */
const FILTER_CASES: Case[] = [
  ['from=2026-03-01&to=2026-01-31', 400, 'invalid_request', /from moet op of vóór to liggen/],
  ['from=2026-02-31', 400, 'invalid_request', /from moet een bestaande datum zijn.*JJJJ-MM-DD/],
  ['to=2025-02-29', 400, 'invalid_request', /to moet een bestaande datum zijn/],
  ['from=0000-01-01', 400, 'invalid_request', /from moet een bestaande datum zijn/],
  ['to=99999-12-31', 400, 'invalid_request', /to moet een bestaande datum zijn/],
  ['from=2026-1-5', 400, 'invalid_request', /from moet een bestaande datum zijn/],
  [`from=${HUGE}`, 400, 'invalid_request', /from moet een bestaande datum zijn/],
  [`organisation=${'a'.repeat(20_000)}`, 400, 'invalid_request', /organisation moet het id \(uuid\)/],
  ['from=2026-01-01&from=2026-02-01', 400, 'invalid_request', /from staat er meer dan één keer in/],
  ['province=Utrecht&province=Zeeland', 400, 'invalid_request', /province staat er meer dan één keer in/],
  ['jaar=2026', 400, 'invalid_request', /Onbekende parameter "jaar"\. Toegestaan: .*from/],
  [`${'x'.repeat(5_000)}=1`, 400, 'invalid_request', /Onbekende parameter "x{40}"\./],
  [`organisation=${OTHER_ORGANISATION.id}`, 403, 'forbidden', /alleen de cijfers van uw eigen organisatie/],
  [`organisation=${OTHER_ORGANISATION.id.toUpperCase()}`, 403, 'forbidden', /alleen de cijfers van uw eigen organisatie/],
  [`organisation=${randomUUID()}`, 403, 'forbidden', /alleen de cijfers van uw eigen organisatie/],
  ['location=elders-centrum', 403, 'forbidden', /alleen de cijfers van uw eigen organisatie/],
  ['municipality=GM0344', 403, 'forbidden', /alleen de cijfers van uw eigen organisatie/],
];

/** The endpoint with the query; a query that names a location takes the place of hours-effect's own. */
const urlOf = (endpoint: string, query: string) => `${query.includes('location=') ? endpoint.replace('location=test-centrum&', '') : endpoint}${query}`;

describe.each(DATABASE_KINDS)('report endpoints against hostile query strings, on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens & { otherMunicipality: string };
  beforeAll(async () => {
    const seeded = await seedReportData(server);
    tokens = { ...seeded, otherMunicipality: await createApiToken(server.db, 'municipality', null, 365, OTHER_ORGANISATION.municipalityCode) };
    await createOrganisation(server.db, EMPTY_ORGANISATION);
    await createLocation(server.db, { ...OTHER_LOCATION, id: 'nieuwstad-centrum', organisationId: EMPTY_ORGANISATION.id, name: 'Bibliotheek Nieuwstad Centrum' });
  });
  const ask = (url: string, viewer: keyof typeof tokens = 'coordinator') => getReport(server, url, tokens[viewer]);

  describe.each(FILTER_ENDPOINTS)('%s', (endpoint) => {
    it.each(named(FILTER_CASES))('answers "%s" with %s %s and says what is wrong', async (_name, query, status, code, message) => {
      expectApiError(await ask(urlOf(endpoint, query)), status, code, message);
    });

    it('refuses a coordinator of the other organisation that names ours, and a municipality token that names another municipality', async () => {
      expectApiError(await ask(`${endpoint}organisation=${ORGANISATION.id}`, 'otherCoordinator'), 403, 'forbidden', /eigen organisatie/);
      expectApiError(await ask(`${endpoint}organisation=${ORGANISATION.id}`, 'otherDevice'), 403, 'forbidden', /eigen organisatie/);
      expectApiError(await ask(`${endpoint}municipality=${ORGANISATION.municipalityCode}`, 'otherMunicipality'), 403, 'forbidden', /eigen gemeente/);
    });

    it('answers the whole calendar, the last day included, and an organisation without any registration', async () => {
      for (const [query, viewer] of [['from=1900-01-01&to=9999-12-31', 'coordinator'], ['from=9999-12-31', 'national'], [`organisation=${EMPTY_ORGANISATION.id}`, 'national']] as const) {
        const response = await ask(`${endpoint}${query}`, viewer);
        if (response.statusCode === 200) continue;
        // The hours views take at most three years (a clear 400); an organisation without the asked location (404).
        expect([400, 404], `${query}: ${response.body}`).toContain(response.statusCode);
        expect(response.json(), query).toEqual({ error: expect.stringMatching(/^(invalid_request|not_found)$/), message: expect.stringMatching(/hoogstens drie jaar|locatie/) });
      }
    });

    it('tells a national token that an organisation does not exist, instead of zeros (as the annual report says)', async () => {
      expectApiError(await ask(urlOf(endpoint, `organisation=${randomUUID()}`), 'national'), 400, 'invalid_request', UNKNOWN);
      // A municipality token learns nothing of which ids exist: any organisation outside its municipality is its 403.
      expectApiError(await ask(urlOf(endpoint, `organisation=${randomUUID()}`), 'otherMunicipality'), 403, 'forbidden', /eigen gemeente/);
    });

    it('tells a national token that a location or a municipality does not exist, instead of zeros; a real municipality without a location has its zeros', async () => {
      expectApiError(await ask(urlOf(endpoint, 'location=bestaat-niet'), 'national'), 400, 'invalid_request', /^Locatie "bestaat-niet" is onbekend: er is geen IDO-locatie met deze code\. Kies een locatie uit de lijst\.$/);
      expectApiError(await ask(urlOf(endpoint, 'municipality=GM9999'), 'national'), 400, 'invalid_request', /^Gemeente GM9999 is onbekend: er is geen CBS-gegeven en geen IDO-locatie met deze code\.$/);
      // Amsterdam has CBS figures and no IDO location here: a true "nothing", not an unknown place.
      const amsterdam = await ask(urlOf(endpoint, 'municipality=GM0363'), 'national');
      expect(amsterdam.body).not.toMatch(/Gemeente GM0363 is onbekend/);
      // Other tokens keep their 403: whether a place exists is not theirs to learn.
      expectApiError(await ask(urlOf(endpoint, 'location=bestaat-niet')), 403, 'forbidden', /eigen organisatie/);
    });

    it('reads an empty parameter as left out, as the annual report does; an unknown one stays a 400', async () => {
      const plain = await ask(urlOf(endpoint, ''), 'national');
      expect(plain.statusCode, plain.body).toBe(200);
      const empty = await ask(urlOf(endpoint, 'from=&to=&province=&municipality=&organisation=&includeDemo='), 'national');
      expect([empty.statusCode, empty.body]).toEqual([200, plain.body]);
      expectApiError(await ask(urlOf(endpoint, 'jaar='), 'national'), 400, 'invalid_request', /Onbekende parameter "jaar"/);
    });
  });

  describe('GET /stats/rising', () => {
    it.each(named([
      ['month=2026-13', 400, 'invalid_request', /month moet een maand zijn in de vorm JJJJ-MM/],
      ['month=0000-01', 400, 'invalid_request', /month moet een maand zijn/],
      ['month=99999-01', 400, 'invalid_request', /month moet een maand zijn/],
      [`month=${HUGE}`, 400, 'invalid_request', /month moet een maand zijn/],
      ['month=2999-01', 400, 'invalid_request', /month mag niet na deze maand liggen/],
      ['month=2025-01&month=2025-02', 400, 'invalid_request', /month staat er meer dan één keer in/],
      ['from=2025-01-01', 400, 'invalid_request', /Onbekende parameter "from"\. Toegestaan: .*month/],
      [`organisation=${OTHER_ORGANISATION.id}`, 403, 'forbidden', /eigen organisatie/],
      ['location=elders-centrum', 403, 'forbidden', /eigen organisatie/],
    ]))('answers "%s" with %s %s', async (_name, query, status, code, message) => {
      expectApiError(await ask(`/api/v1/stats/rising?${query}`), status, code, message);
    });

    it('tells a national token that an organisation does not exist, and reads month= as left out', async () => {
      expectApiError(await ask(`/api/v1/stats/rising?organisation=${randomUUID()}`, 'national'), 400, 'invalid_request', UNKNOWN);
      const plain = await ask('/api/v1/stats/rising', 'national');
      expect(plain.statusCode, plain.body).toBe(200);
      expect((await ask('/api/v1/stats/rising?month=&organisation=', 'national')).body).toBe(plain.body);
    });
  });

  describe('GET /reports/annual', () => {
    it.each(named([
      ['year=0', 400, 'invalid_request', /year moet een jaartal van 2000 tot en met 2100 zijn/],
      ['year=99999', 400, 'invalid_request', /year moet een jaartal/],
      [`year=${HUGE}`, 400, 'invalid_request', /year moet een jaartal/],
      ['year=-1', 400, 'invalid_request', /year moet een jaartal/],
      ['year=2025.5', 400, 'invalid_request', /year moet een jaartal/],
      ['year=2025-02-31', 400, 'invalid_request', /year moet een jaartal/],
      ['year=2025&year=2026', 400, 'invalid_request', /year staat er meer dan één keer in/],
      ['year=2025&from=2025-01-01', 400, 'invalid_request', /Onbekende parameter "from"\. Toegestaan: year, organisation, municipality/],
      [`year=2025&organisation=${OTHER_ORGANISATION.id}`, 403, 'forbidden', /jaarverslag van uw eigen organisatie/],
      [`year=2025&organisation=${randomUUID()}`, 403, 'forbidden', /jaarverslag van uw eigen organisatie/],
      ['year=2025&municipality=GM0344', 403, 'forbidden', /jaarverslag van uw eigen organisatie/],
      ['year=2025&organisation=geen-id', 400, 'invalid_request', /organisation moet het id \(uuid\)/],
    ]))('answers "%s" with %s %s for a coordinator', async (_name, query, status, code, message) => {
      expectApiError(await ask(`/api/v1/reports/annual?${query}`), status, code, message);
    });

    it('refuses the other coordinator our report, and tells the national team an unknown organisation', async () => {
      expectApiError(await ask(`/api/v1/reports/annual?year=2025&organisation=${ORGANISATION.id}`, 'otherCoordinator'), 403, 'forbidden', /eigen organisatie/);
      expectApiError(await ask(`/api/v1/reports/annual?year=2025&organisation=${randomUUID()}`, 'national'), 400, 'invalid_request', UNKNOWN);
      expectApiError(await ask('/api/v1/reports/annual?year=2025&municipality=GM9999', 'national'), 400, 'invalid_request', /Gemeente GM9999 is onbekend/);
      expectApiError(await ask('/api/v1/reports/annual?year=2025', 'national'), 400, 'invalid_request', /Kies een organisatie/);
    });

    it('reads an empty parameter as left out, as the stats do: year= is this year, organisation= and municipality= the own', async () => {
      // year= was a 400 here ("year moet een jaartal …") while from= on /stats was left out.
      const thisYear = await ask(`/api/v1/reports/annual?year=${amsterdamDay(new Date()).slice(0, 4)}`);
      expect(thisYear.statusCode, thisYear.body).toBe(200);
      for (const query of ['year=', 'year=&organisation=', 'organisation=&municipality=']) {
        const response = await ask(`/api/v1/reports/annual?${query}`);
        expect([query, response.statusCode, response.json()]).toEqual([query, 200, thisYear.json()]);
      }
      expectApiError(await ask('/api/v1/reports/annual?year=&organisation=', 'national'), 400, 'invalid_request', /Kies een organisatie/);
      expectApiError(await ask('/api/v1/reports/annual?year=2025&jaar=', 'national'), 400, 'invalid_request', /Onbekende parameter "jaar"/);
    });
  });
});
