import { beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import type { RisingResponse } from '../../src/shared/rising';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { loadPlaces } from '../../src/server/reports/places';
import { runRising } from '../../src/server/reports/rising';
import { ORGANISATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { getReport, sendAccepted } from './reports-fixtures';
import { countRows, DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/*
 * Our organisation: DigiD flat at 4 a month from January to June 2025; toeslagen 3 a month in January to March,
 * then 12, 14 and 16: a rise three months in a row. The other organisation: DigiD flat at 4 a month.
 * The kaart has a national course about toeslagen, one of the other organisation, and a non-course service.
 */
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
const TOESLAGEN = [3, 3, 3, 12, 14, 16];

function contacts(deviceId: string, topic: string, perMonth: readonly number[], extra: Partial<Registration> = {}): Registration[] {
  return MONTHS.flatMap((month, m) => Array.from({ length: perMonth[m] }, (_, i) => registration(deviceId, {
    ...extra, startedAt: `${month}-${String(2 + (i % 25)).padStart(2, '0')}T10:00:00+01:00`, questions: [question({ topics: [topic] })],
  })));
}

async function addKaartService(db: TestDatabaseLike, id: string, scope: string | null, data: Record<string, unknown>, seq: number) {
  await db.query(
    `INSERT INTO kaart_records (entity, id, scope, version, deleted, data, change_seq, updated_by) VALUES ('service', $1, $2, 1, false, $3::text::jsonb, $4, 'test')`,
    [id, scope, JSON.stringify({ id, organization_id: '00000000-0000-4000-8000-000000000001', status: 'active', ...data }), seq],
  );
}
type TestDatabaseLike = { query: (text: string, params?: unknown[]) => Promise<unknown> };

describe.each(DATABASE_KINDS)('GET /api/v1/stats/rising ("Opvallend"), on %s', (kind) => {
  const server = useTestServer(kind);
  const tokens = { device: '', coordinator: '', otherCoordinator: '', national: '', revokedDevice: '' };
  beforeAll(async () => {
    const own = await enrollTablet(server);
    const other = await enrollTablet(server, OTHER_ORGANISATION.id);
    const revoked = await enrollTablet(server);
    await revokeDevice(server.db, revoked.deviceId);
    await sendAccepted(server, own, [...contacts(own.deviceId, 'digid', [4, 4, 4, 4, 4, 4]), ...contacts(own.deviceId, 'toeslagen', TOESLAGEN)]);
    await sendAccepted(server, other, contacts(other.deviceId, 'digid', [4, 4, 4, 4, 4, 4], { organisationId: OTHER_ORGANISATION.id, locationId: 'elders-centrum', scenario: 'balie' }));
    // The other organisation also has a Monday spreekuur about belastingaangifte: 12 questions every Monday.
    const mondays = [];
    for (let day = new Date('2025-01-06T10:00:00Z'); day < new Date('2025-07-01'); day = new Date(day.getTime() + 7 * 86_400_000)) mondays.push(day.toISOString());
    await sendAccepted(server, other, mondays.flatMap((startedAt) => Array.from({ length: 12 }, () => registration(other.deviceId, {
      organisationId: OTHER_ORGANISATION.id, locationId: 'elders-centrum', scenario: 'balie', startedAt, questions: [question({ topics: ['belastingaangifte'] })],
    }))));
    await addKaartService(server.db, '5a7c1d2e-0000-4000-8000-000000000001', null, { name: 'Cursus toeslagen aanvragen', ido_topics: ['toeslagen'] }, 9_000_001);
    await addKaartService(server.db, '5a7c1d2e-0000-4000-8000-000000000002', OTHER_ORGANISATION.id, { name: 'Workshop toeslagen (Elders)', ido_topics: ['toeslagen'] }, 9_000_002);
    await addKaartService(server.db, '5a7c1d2e-0000-4000-8000-000000000003', null, { name: 'Belastingtelefoon', ido_topics: ['toeslagen'] }, 9_000_003);
    Object.assign(tokens, {
      device: own.token, revokedDevice: revoked.token,
      coordinator: await createApiToken(server.db, 'coordinator', ORGANISATION.id),
      otherCoordinator: await createApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id),
      national: await createApiToken(server.db, 'national', null),
    });
  });
  const rising = async (viewer: keyof typeof tokens, query: string): Promise<RisingResponse> => {
    const response = await getReport(server, `/api/v1/stats/rising?${query}`, tokens[viewer]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json();
  };

  it('shows a coordinator the topic that rose, with its figures, its series and a course suggestion linked to the kaart', async () => {
    const answer = await rising('coordinator', 'month=2025-06');
    expect(answer).toMatchObject({ month: '2025-06', asOf: '2025-06-30', week: '2025-W27', rule: { minimum: 10, ratio: 1.5, pValue: 0.01, baselineMonths: 12 } });
    expect(answer.topics.map((t) => t.topic)).toEqual(['toeslagen']); // DigiD is flat
    const [toeslagen] = answer.topics;
    expect(toeslagen.label).toBe('Toeslagen');
    expect(toeslagen.month).toMatchObject({ observed: 16, expected: 7, rising: true });
    expect(toeslagen.month.p).toBeLessThan(0.01);
    expect(toeslagen.series).toHaveLength(24);
    expect(toeslagen.series.slice(-6)).toEqual(MONTHS.map((month, i) => ({ month, questions: TOESLAGEN[i] })));
    expect(toeslagen.series[0]).toEqual({ month: '2023-07', questions: 0 });
    expect(toeslagen).toMatchObject({ risingMonths: 3, suggestCourse: true });
    // The national course, not the other organisation's workshop, not a service that is no course.
    expect(toeslagen.courses.map((c) => c.name)).toEqual(['Cursus toeslagen aanvragen']);
  });

  it('does not suggest a course after two months of rising', async () => {
    const answer = await rising('coordinator', 'month=2025-05');
    expect(answer.topics.map((t) => [t.topic, t.risingMonths, t.suggestCourse, t.courses.length])).toEqual([['toeslagen', 2, false, 0]]);
  });

  it('flags nothing before there are three months of history, and says how many months it had', async () => {
    const early = await rising('coordinator', 'month=2025-03');
    expect(early.topics).toEqual([]);
    // The page tells "nothing to compare yet" from "nothing rising" by these two (RisingList).
    expect([early.historyMonths, early.rule.minimumHistory]).toEqual([2, 3]); // January and February
    // Before any question: no history at all (a new library).
    expect(await rising('coordinator', 'month=2000-01')).toMatchObject({ topics: [], historyMonths: 0 });
  });

  it('gives a tablet of the organisation the same list (the coordinator\'s tablet shows it offline)', async () => {
    expect((await rising('device', 'month=2025-06')).topics.map((t) => t.topic)).toEqual(['toeslagen']);
  });

  it('gives the other organisation\'s coordinator only its own flat figures', async () => {
    expect((await rising('otherCoordinator', 'month=2025-06')).topics).toEqual([]);
  });

  it('gives a national token the country, a province and a municipality', async () => {
    const national = await rising('national', 'month=2025-06');
    expect(national.topics.map((t) => [t.topic, t.month.observed])).toEqual([['toeslagen', 16]]);
    expect(national.topics[0].series.slice(-6).map((s) => s.questions)).toEqual(TOESLAGEN);
    expect((await rising('national', 'month=2025-06&province=Noord-Brabant')).topics.map((t) => t.topic)).toEqual(['toeslagen']);
    expect((await rising('national', 'month=2025-06&municipality=GM0344')).topics).toEqual([]);
    expect((await rising('national', `month=2025-06&organisation=${OTHER_ORGANISATION.id}`)).topics).toEqual([]);
  });

  it('holds a month or week under way against whole weeks: a Monday spreekuur is no rise on Monday', async () => {
    // Monday 2 June 2025: 12 questions so far, as every Monday. Against two days of the usual level (about 3.4)
    // that would look like a rise; against a whole week (about 12) it is what always happens.
    const places = await loadPlaces(server.db);
    const answer = await runRising(server.db, { organisation: OTHER_ORGANISATION.id }, places, { role: 'coordinator', organisationId: OTHER_ORGANISATION.id }, { month: '2025-06', asOf: '2025-06-02' });
    expect(answer.topics).toEqual([]);
    // The same Monday's twelve questions judged as a whole month would be far below the usual level: no rise either.
    const [whole] = (await runRising(server.db, { organisation: OTHER_ORGANISATION.id }, places, { role: 'coordinator', organisationId: OTHER_ORGANISATION.id }, { month: '2025-06', asOf: '2025-06-30' })).topics;
    expect(whole).toBeUndefined();
  });

  it('answers 401 without a token or with an unknown one, and 403 for a revoked tablet', async () => {
    for (const token of [undefined, 'bm9ib2R5LWhhcy10aGlzLXRva2Vu']) {
      const response = await getReport(server, '/api/v1/stats/rising', token);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(/toegangscode/i) });
    }
    expect((await getReport(server, '/api/v1/stats/rising', tokens.revokedDevice)).json()).toMatchObject({ error: 'device_revoked' });
  });

  it.each([
    ['coordinator', `organisation=${OTHER_ORGANISATION.id}`],
    ['coordinator', 'location=elders-centrum'],
    ['device', 'province=Utrecht'],
    ['otherCoordinator', 'municipality=GM0828'],
  ] as const)('answers 403 when a %s asks with %s', async (viewer, query) => {
    const response = await getReport(server, `/api/v1/stats/rising?${query}`, tokens[viewer]);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: expect.stringContaining('eigen organisatie') });
  });

  it.each([
    ['month=2025-13', /month/],
    ['month=juni', /month/],
    ['month=2999-01', /na deze maand/],
    ['month=2025-05&month=2025-06', /meer dan één keer/],
    ['from=2025-01-01', /Onbekende parameter "from"/],
    ['groupBy=topic', /Onbekende parameter "groupBy"/],
    ['province=Atlantis', /province/],
    ['organisation=1', /organisation/],
    ['includeDemo=ja', /includeDemo/],
  ])('answers a Dutch 400 for %s and changes nothing', async (query, message) => {
    const before = await countRows(server.db, 'report_rollup');
    const response = await getReport(server, `/api/v1/stats/rising?${query}`, tokens.national);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
    expect(await countRows(server.db, 'report_rollup')).toBe(before);
  });

  it('judges this month by default', async () => {
    const answer = await rising('coordinator', '');
    expect(answer.month).toBe(answer.asOf.slice(0, 7));
    expect(answer.topics).toEqual([]);
  });
});
