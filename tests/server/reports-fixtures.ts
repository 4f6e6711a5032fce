import { expect } from 'vitest';
import type { BatchResponse } from '../../src/shared/api';
import type { Registration } from '../../src/shared/registration';
import type { StatsResponse } from '../../src/shared/reports';
import { createApiToken } from '../../src/server/api-tokens';
import type { Queryable } from '../../src/server/db/database';
import { revokeDevice } from '../../src/server/devices';
import { createLocation } from '../../src/server/organisations/organisations';
import { importMunicipalities, parseMunicipalitiesCsv } from '../../src/server/reports/municipalities';
import { batch, ORGANISATION, OTHER_ORGANISATION, question, registration } from './fixtures';
import { enrollTablet, postBatch, type TestServer } from './test-server';

/*
 * One small data set whose report answers are worked out by hand in the tests (reports-stats.test.ts).
 * Our organisation (ORGANISATION) has three locations: test-centrum (Oss, catchment 45,000), test-wijk (Oss,
 * no catchment) and test-rosmalen ('s-Hertogenbosch, no catchment). The other organisation has elders-centrum
 * (Utrecht, no catchment).
 *
 *   R1 centrum 2025-01-06 10:00 spreekuur fysiek medewerker  Q digid/samen_gedaan; Q toeslagen+belastingdienst/doorverwezen(extern)
 *   R2 centrum 2025-01-31 23:30 spreekuur fysiek medewerker  Q digid/samen_gedaan                (January in Amsterdam)
 *   R3 wijk    2025-02-01 00:30 popup telefoon vrijwilliger  Q toeslagen+belastingdienst/informatie (February in Amsterdam, January in UTC)
 *   R4 rosmalen 2025-02-10 14:00 balie fysiek medewerker     Q digid/samen_gedaan; Q digid+mijnoverheid/uitleg+samen_gedaan
 *   R5 rosmalen 2025-03-03 09:00 balie                       Q rijbewijs+cbr — deleted (tombstone): never counts
 *   R6 centrum 2025-03-15 11:00 spreekuur fysiek medewerker  rev 1 aow_pensioen+svb; rev 2 uitkering+uwv/doorverwezen(intern)
 *   R7 elders  2025-01-20 10:00 balie fysiek medewerker      Q digid/samen_gedaan; Q toeslagen+belastingdienst/informatie
 *   R8 elders  2025-02-20 10:00 balie email_chat vrijwilliger Q computer_tablet_smartphone/uitleg
 */

/** CBS reference data of the data set, in the simple layout: round numbers, real codes and names. */
export const MUNICIPALITIES_CSV = [
  'code;name;province;population',
  'GM0828;Oss;Noord-Brabant;100000',
  "GM0796;'s-Hertogenbosch;Noord-Brabant;150000",
  'GM0855;Tilburg;Noord-Brabant;220000',
  'GM0344;Utrecht;Utrecht;360000',
  'GM0363;Amsterdam;Noord-Holland;900000',
].join('\n');

export const ROSMALEN = {
  id: 'test-rosmalen', organisationId: ORGANISATION.id, name: 'Bibliotheek Rosmalen', municipalityCode: 'GM0796', province: 'Noord-Brabant',
  insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 4, openedOn: '2023-01-01',
};

/** The tokens of every kind of viewer. */
export interface ReportTokens {
  device: string;
  otherDevice: string;
  revokedDevice: string;
  coordinator: string;
  otherCoordinator: string;
  national: string;
}

const contact = (deviceId: string, overrides: Partial<Registration>) => registration(deviceId, overrides);

/** Sends records as one batch and expects every one accepted. */
export async function sendAccepted(server: TestServer, tablet: { token: string; deviceId: string }, records: Registration[]): Promise<void> {
  const response = await postBatch(server, tablet.token, batch(tablet.deviceId, records));
  expect(response.statusCode, response.body).toBe(200);
  const answer = response.json() as BatchResponse;
  expect(answer.results.map((r) => `${r.status} ${r.message ?? ''}`.trim())).toEqual(records.map(() => 'accepted'));
}

/** Loads the data set through the real batch endpoint (so the rollup is kept by the ingest) and makes the tokens. */
export async function seedReportData(server: TestServer): Promise<ReportTokens> {
  await importMunicipalities(server.db, parseMunicipalitiesCsv(MUNICIPALITIES_CSV).rows);
  await createLocation(server.db, ROSMALEN);
  const own = await enrollTablet(server);
  const other = await enrollTablet(server, OTHER_ORGANISATION.id);
  const revoked = await enrollTablet(server);
  await revokeDevice(server.db, revoked.deviceId);

  const a = own.deviceId;
  const toeslagen = question({ topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['informatie'] });
  const r5 = contact(a, { locationId: 'test-rosmalen', scenario: 'balie', startedAt: '2025-03-03T09:00:00+01:00', questions: [question({ topics: ['rijbewijs'], governmentOrganisations: ['cbr'], help: ['informatie'] })] });
  const r6 = contact(a, { startedAt: '2025-03-15T11:00:00+01:00', questions: [question({ topics: ['aow_pensioen'], governmentOrganisations: ['svb'], help: ['informatie'] })] });
  await sendAccepted(server, own, [
    contact(a, { startedAt: '2025-01-06T10:00:00+01:00', questions: [question(), question({ topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern' }, resolved: 'deels' })] }),
    contact(a, { startedAt: '2025-01-31T23:30:00+01:00' }),
    contact(a, { locationId: 'test-wijk', scenario: 'popup', channel: 'telefoon', staffRole: 'vrijwilliger', startedAt: '2025-02-01T00:30:00+01:00', questions: [toeslagen] }),
    contact(a, { locationId: 'test-rosmalen', scenario: 'balie', startedAt: '2025-02-10T14:00:00+01:00', questions: [question(), question({ topics: ['digid', 'mijnoverheid_berichtenbox'], help: ['uitleg', 'samen_gedaan'] })] }),
    r5,
    r6,
  ]);
  // A tombstone and a higher revision, in a later batch, as a tablet sends them.
  await sendAccepted(server, own, [
    { ...r5, revision: 2, deleted: true },
    { ...r6, revision: 2, questions: [question({ topics: ['uitkering'], governmentOrganisations: ['uwv'], help: ['doorverwezen'], referral: { kind: 'intern' } })] },
  ]);

  const b = other.deviceId;
  const elders = { organisationId: OTHER_ORGANISATION.id, locationId: 'elders-centrum', scenario: 'balie' } as const;
  await sendAccepted(server, other, [
    contact(b, { ...elders, startedAt: '2025-01-20T10:00:00+01:00', questions: [question(), toeslagen] }),
    contact(b, { ...elders, channel: 'email_chat', staffRole: 'vrijwilliger', startedAt: '2025-02-20T10:00:00+01:00', questions: [question({ category: 'digitale_vaardigheden', topics: ['computer_tablet_smartphone'], help: ['uitleg'] })] }),
  ]);

  return {
    device: own.token,
    otherDevice: other.token,
    revokedDevice: revoked.token,
    coordinator: await createApiToken(server.db, 'coordinator', ORGANISATION.id),
    otherCoordinator: await createApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id),
    national: await createApiToken(server.db, 'national', null),
  };
}

/** The data set, then a tablet of our organisation that sends `contacts` (made for its device id) as one batch. */
export async function seedAndSend(server: TestServer, contacts: (deviceId: string) => Registration[]) {
  const tokens = await seedReportData(server);
  const tablet = await enrollTablet(server);
  const sent = contacts(tablet.deviceId);
  await sendAccepted(server, tablet, sent);
  return { tokens, tablet, sent };
}

/** GET a report endpoint with a bearer token (none when undefined). */
export function getReport(server: TestServer, url: string, token: string | undefined) {
  return server.app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

/** GET /api/v1/stats and expect 200. */
export async function stats(server: TestServer, token: string, query: string): Promise<StatsResponse> {
  const response = await getReport(server, `/api/v1/stats?${query}`, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The rows of a stats answer as "key|key → contacts/questions", easy to compare with hand-computed numbers. */
export function counts(answer: StatsResponse): string[] {
  return answer.rows.map((row) => `${answer.groupBy.map((d) => row.keys[d] ?? '-').join('|')} → ${row.contacts}/${row.questions}`);
}

/**
 * The rollups that sum the hour rollup (the organisations' hour and heat rollups, migration 026; the scenario month
 * rollup, migration 027) as stored, and as counted afresh from the question rows (not through the rollups they sum).
 * Read them after a fold (rollupsCurrent) to compare.
 */
export async function hourSumRollupsAndRecount(db: Queryable) {
  const [orgHour, orgHourRecount, orgHeat, orgHeatRecount, scenarioMonth, scenarioMonthRecount] = await Promise.all([
    db.query('SELECT organisation_id::text AS organisation_id, day::text AS day, hour::int AS hour, contacts, questions FROM report_org_hour_rollup ORDER BY 1, 2, 3'),
    db.query(`SELECT organisation_id::text AS organisation_id, day::text AS day, hour::int AS hour, count(DISTINCT registration_id)::int AS contacts,
        count(*)::int AS questions FROM report_hour_facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    db.query('SELECT organisation_id::text AS organisation_id, month::text AS month, weekday::int AS weekday, hour::int AS hour, contacts, questions FROM report_org_heat_rollup ORDER BY 1, 2, 3, 4'),
    db.query(`SELECT organisation_id::text AS organisation_id, date_trunc('month', day::timestamp)::date::text AS month, extract(isodow FROM day)::int AS weekday,
        hour::int AS hour, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_hour_facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
    db.query('SELECT location_id, month::text AS month, scenario, organisation_id::text AS organisation_id, contacts, questions FROM report_scenario_month_rollup ORDER BY 1, 2, 3'),
    db.query(`SELECT location_id, date_trunc('month', day::timestamp)::date::text AS month, scenario, organisation_id::text AS organisation_id,
        count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_hour_facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3`),
  ]);
  return {
    stored: { orgHour, orgHeat, scenarioMonth },
    recounted: { orgHour: orgHourRecount, orgHeat: orgHeatRecount, scenarioMonth: scenarioMonthRecount },
  };
}
