import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BusyHoursResponse, HoursEffectResponse, ScenarioComparisonResponse } from '../../src/shared/hours-insight';
import { setHoursFrom, startHoursHistory } from '../../src/server/organisations/location-hours';
import { rebuildHourRollup } from '../../src/server/reports/hours-rollup';
import { ORGANISATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { getReport, type ReportTokens, seedReportData, sendAccepted } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';

/*
 * The data set of reports-fixtures.ts, plus: test-centrum goes from 8 to 16 IDO hours a week on 3 February
 * 2025, and five "lopend" contacts at test-wijk around the summer-time switches of 2025 (30 March, 26 October).
 */
const DST_CONTACTS = [
  '2025-03-30T00:30:00+01:00', // Sunday 00:30 CET: Saturday 23:30 in UTC
  '2025-03-30T01:30:00+01:00', // Sunday 01:30 CET (00:30 UTC)
  '2025-03-30T03:30:00+02:00', // Sunday 03:30 CEST (01:30 UTC): the hour 02 does not exist that night
  '2025-10-26T02:30:00+02:00', // Sunday 02:30 CEST (00:30 UTC)
  '2025-10-26T02:30:00+01:00', // Sunday 02:30 CET (01:30 UTC): the hour 02 comes twice
];

const ENDPOINTS = [
  ['/api/v1/hours-effect', 'location=test-centrum&'],
  ['/api/v1/busy-hours', ''],
  ['/api/v1/scenario-comparison', ''],
] as const;

describe.each(DATABASE_KINDS)('hours insight on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  beforeAll(async () => {
    tokens = await seedReportData(server);
    await startHoursHistory(server.db, 'test-centrum', '2022-05-01', 8); // as beheer does before a change
    await setHoursFrom(server.db, 'test-centrum', '2025-02-03', 16);
    const tablet = await enrollTablet(server);
    await sendAccepted(server, tablet, DST_CONTACTS.map((startedAt) => registration(tablet.deviceId, { locationId: 'test-wijk', scenario: 'lopend', startedAt, questions: [question()] })));
  });
  const ask = (url: string, viewer: keyof ReportTokens | undefined) => getReport(server, url, viewer && tokens[viewer]);
  async function ok<T>(url: string, viewer: keyof ReportTokens = 'national'): Promise<T> {
    const response = await ask(url, viewer);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  }

  it('keeps the hour rollup in the ingest, equal to one rebuilt from the questions (tombstone and new revision included)', async () => {
    const read = async () => (await rollupsCurrent(server.db), server.db.query('SELECT location_id, day::text AS day, hour, scenario, contacts, questions, solved, referred FROM report_hour_rollup ORDER BY 1, 2, 3, 4'));
    const kept = await read();
    expect(kept.length).toBeGreaterThan(0);
    await rebuildHourRollup(server.db);
    expect(await read()).toEqual(kept);
    // R5 was deleted: nothing at Rosmalen on 3 March; R6's second revision is referred.
    expect(kept.filter((row) => row.location_id === 'test-rosmalen' && row.day === '2025-03-03')).toEqual([]);
    expect(kept.find((row) => row.location_id === 'test-centrum' && row.day === '2025-03-15')).toMatchObject({ hour: 11, contacts: 1, questions: 1, solved: 1, referred: 1 });
  });

  it('fills the hour rollup in migration 015 from the questions already stored, as the ingest keeps it', async () => {
    const read = async () => (await rollupsCurrent(server.db), server.db.query('SELECT location_id, day::text AS day, hour, scenario, contacts, questions, solved, referred FROM report_hour_rollup ORDER BY 1, 2, 3, 4'));
    const kept = await read();
    const migration = readFileSync('src/server/migrations/015_hour_rollup.sql', 'utf8');
    await server.db.query('DELETE FROM report_hour_rollup');
    await server.db.query(migration.slice(migration.lastIndexOf('INSERT INTO report_hour_rollup')));
    expect(await read()).toEqual(kept);
  });

  it('gives contacts per IDO hour before and after an hours change, with the hours in force in each part', async () => {
    const answer = await ok<HoursEffectResponse>('/api/v1/hours-effect?location=test-centrum&weeks=4&from=2025-01-01&to=2025-03-31');
    expect(answer.history).toEqual([{ from: '2022-05-01', hoursPerWeek: 8 }, { from: '2025-02-03', hoursPerWeek: 16 }]);
    expect(answer.changes).toHaveLength(1);
    const [change] = answer.changes;
    // 6 January – 2 February: 4 weeks at 8 h = 32 IDO hours, R1 (2 questions: solved, referred) and R2.
    expect(change).toMatchObject({ on: '2025-02-03', hoursBefore: 8, hoursAfter: 16 });
    expect(change.before).toMatchObject({ from: '2025-01-06', to: '2025-02-02', idoHours: 32, contacts: 2, questions: 3, solved: 2, referred: 1,
      contactsPerIdoHour: 0.0625, questionsPerContact: 1.5, shareSolved: 0.6667, shareReferred: 0.3333 });
    expect(change.after).toMatchObject({ from: '2025-02-03', to: '2025-03-02', idoHours: 64, contacts: 0, contactsPerIdoHour: 0 });
    // February: 2 days at 8 h and 26 days at 16 h a week.
    expect(answer.months.map((m) => [m.month, m.contacts, m.idoHours])).toEqual([['2025-01', 2, 35.43], ['2025-02', 0, 61.71], ['2025-03', 1, 70.86]]);
    expect(answer.scenarios.map((s) => [s.scenario, s.contacts])).toEqual([['spreekuur', 3]]);
  });

  it('filters the location view to one scenario', async () => {
    const answer = await ok<HoursEffectResponse>('/api/v1/hours-effect?location=test-wijk&scenario=lopend&from=2025-01-01&to=2025-12-31');
    expect(answer.months.reduce((sum, m) => sum + m.contacts, 0)).toBe(5);
    expect(answer.scenarios.map((s) => [s.scenario, s.contacts])).toEqual([['lopend', 5], ['popup', 1]]);
  });

  it('buckets started-at times by Amsterdam weekday and hour across both summer-time switches', async () => {
    const answer = await ok<BusyHoursResponse>('/api/v1/busy-hours?location=test-wijk&scenario=lopend&from=2025-03-01&to=2025-10-31');
    const sunday = answer.contacts[6];
    expect([sunday[0], sunday[1], sunday[2], sunday[3]]).toEqual([1, 1, 2, 1]);
    expect(answer.contacts[5].every((n) => n === 0)).toBe(true); // nothing on Saturday, though one is Saturday in UTC
    expect(answer).toMatchObject({ total: 5, max: 2, scenario: 'lopend' });
  });

  it('compares main scenarios per size class, per 1,000 residents and per IDO hour', async () => {
    const answer = await ok<ScenarioComparisonResponse>('/api/v1/scenario-comparison?from=2025-01-01&to=2025-03-29');
    // 88 days. Centrum: catchment 45,000; 33 days at 8 h + 55 days at 16 h = 1144/7 IDO hours. Oss 100,000, 's-Hertogenbosch 150,000, Utrecht 360,000.
    expect(answer.rows.map((r) => [r.sizeClass, r.scenario, r.locations, r.contacts, r.population, r.idoHours, r.contactsPer1000Residents, r.contactsPerIdoHour])).toEqual([
      ['20k-50k', 'spreekuur', 1, 3, 45_000, 163.43, 0.067, 0.0184],
      ['vanaf100k', 'balie', 2, 3, 510_000, 301.71, 0.006, 0.0099],
      ['vanaf100k', 'popup', 1, 1, 100_000, 31.43, 0.01, 0.0318],
    ]);
    const own = await ok<ScenarioComparisonResponse>('/api/v1/scenario-comparison?from=2025-01-01&to=2025-03-29', 'coordinator');
    expect(own.rows.find((r) => r.scenario === 'balie')).toMatchObject({ locations: 1, contacts: 1, population: 150_000 });
  });

  describe.each(ENDPOINTS)('%s', (endpoint, required) => {
    it('answers 401 without a token or with an unknown one, 403 for a revoked tablet', async () => {
      expect((await ask(`${endpoint}?${required}`, undefined)).statusCode).toBe(401);
      expect((await getReport(server, `${endpoint}?${required}`, 'bm9ib2R5LWhhcy10aGlzLXRva2Vu')).json()).toMatchObject({ error: 'unauthorized' });
      expect((await ask(`${endpoint}?${required}`, 'revokedDevice')).json()).toMatchObject({ error: 'device_revoked' });
    });

    it.each(['national', 'coordinator', 'device'] as const)('answers a %s token with its own figures', async (viewer) => {
      expect((await ask(`${endpoint}?${required}from=2025-01-01&to=2025-12-31`, viewer)).statusCode).toBe(200);
    });

    it.each([
      ['otherCoordinator', `organisation=${ORGANISATION.id}`],
      ['otherCoordinator', 'location=test-centrum'],
      ['coordinator', 'location=elders-centrum'],
      ['coordinator', `organisation=${OTHER_ORGANISATION.id}`],
      ['device', 'municipality=GM0344'],
    ] as const)('answers 403 when a %s token asks with %s', async (viewer, query) => {
      const url = `${endpoint}?${endpoint.endsWith('hours-effect') && !query.startsWith('location') ? required : ''}${query}`;
      const response = await ask(url, viewer);
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toEqual({ error: 'forbidden', message: expect.stringContaining('eigen organisatie') });
    });

    it.each([
      ['from=2025-02-30', /from/],
      ['from=2025-03-01&to=2025-02-01', /from/],
      ['nonsense=1', /Onbekende parameter "nonsense"/],
      ['groupBy=month', /Onbekende parameter "groupBy"/],
      ['scenario=koffie', /scenario/],
      ['includeDemo=ja', /includeDemo/],
      ['province=Atlantis', /province/],
    ])('answers a Dutch 400 for %s and names the parameter', async (query, message) => {
      const params = endpoint.endsWith('scenario-comparison') && query.startsWith('scenario') ? 'weeks=1' : query;
      const response = await ask(`${endpoint}?${required}${params}`, 'national');
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(params === query ? message : /Onbekende parameter "weeks"/) });
    });
  });

  it.each([['weeks=0'], ['weeks=53'], ['weeks=acht'], ['weeks=1&weeks=2']])('answers a Dutch 400 for hours-effect with %s', async (query) => {
    const response = await ask(`/api/v1/hours-effect?location=test-centrum&${query}`, 'national');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('weeks') });
  });

  it('refuses a location view over more than three years with a Dutch 400 (a table of months must stay small)', async () => {
    for (const query of ['from=1900-01-01&to=9999-12-31', 'from=1900-01-01']) {
      const response = await ask(`/api/v1/hours-effect?location=test-centrum&${query}`, 'national');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('hoogstens drie jaar') });
    }
    expect((await ask('/api/v1/hours-effect?location=test-centrum&from=2023-01-01&to=2025-12-31', 'national')).statusCode).toBe(200);
  });

  it('shows the location view up to the last day a report takes, 9999-12-31 (its month after was a 500)', async () => {
    for (const query of ['to=9999-12-31', 'from=9997-01-01&to=9999-12-31', 'from=9999-12-31&to=9999-12-31']) {
      const response = await ask(`/api/v1/hours-effect?location=test-centrum&${query}`, 'national');
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      expect((response.json() as HoursEffectResponse).months.at(-1)).toMatchObject({ month: '9999-12' });
    }
  });

  it('asks for a location before anything else in the location view, and says so in Dutch', async () => {
    const response = await ask('/api/v1/hours-effect', 'coordinator');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('location is verplicht') });
    expect((await ask('/api/v1/hours-effect?location=bestaat-niet', 'national')).json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('is onbekend') });
  });
});
