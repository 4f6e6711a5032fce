import { beforeAll, describe, expect, it } from 'vitest';
import type { BusyHoursResponse } from '../../src/shared/hours-insight';
import { createApiToken } from '../../src/server/api-tokens';
import { createLocation } from '../../src/server/organisations/organisations';
import { OTHER_ORGANISATION, question, registration } from './fixtures';
import { getReport, seedReportData, sendAccepted } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/*
 * The municipality role on the insight endpoints that came with it (issue 13): "Opvallend", the hours and
 * busy-times views and the group sessions' figures read through the same scope as the stats, so a token for
 * Oss (GM0828) sees the locations in Oss of every organisation and nothing else, and cannot widen it by a
 * filter. The data set is reports-fixtures.ts plus elders-oss (the other organisation, in Oss, one contact):
 * Oss holds 5 contacts, Utrecht (GM0344, elders-centrum) 2.
 */

const YEAR = 'from=2025-01-01&to=2025-12-31';
const ENDPOINTS = [
  '/api/v1/stats/rising?month=2025-06',
  `/api/v1/busy-hours?${YEAR}`,
  `/api/v1/scenario-comparison?${YEAR}`,
  `/api/v1/group-sessions/summary?${YEAR}`,
  `/api/v1/group-sessions.csv?${YEAR}`,
] as const;

describe.each(DATABASE_KINDS)('the municipality role on the insight endpoints, on %s', (kind) => {
  const server = useTestServer(kind);
  let oss: string;
  let utrecht: string;
  beforeAll(async () => {
    await seedReportData(server);
    await createLocation(server.db, {
      id: 'elders-oss', organisationId: OTHER_ORGANISATION.id, name: 'Bibliotheek Elders in Oss', municipalityCode: 'GM0828', province: 'Noord-Brabant',
      insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 7, openedOn: '2020-01-01',
    });
    const other = await enrollTablet(server, OTHER_ORGANISATION.id);
    await sendAccepted(server, other, [registration(other.deviceId, {
      organisationId: OTHER_ORGANISATION.id, locationId: 'elders-oss', scenario: 'balie', startedAt: '2025-04-02T10:00:00+02:00',
      questions: [question({ topics: ['toeslagen'] })],
    })]);
    oss = await createApiToken(server.db, 'municipality', null, 365, 'GM0828');
    utrecht = await createApiToken(server.db, 'municipality', null, 365, 'GM0344');
  });

  it.each(ENDPOINTS)('%s answers a municipality token, and refuses it another municipality or a location elsewhere', async (endpoint) => {
    const join = endpoint.includes('?') ? '&' : '?';
    expect((await getReport(server, endpoint, oss)).statusCode).toBe(200);
    expect((await getReport(server, `${endpoint}${join}municipality=GM0344`, oss)).statusCode).toBe(403);
    expect((await getReport(server, `${endpoint}${join}location=elders-centrum`, oss)).statusCode).toBe(403);
    expect((await getReport(server, `${endpoint}${join}province=Utrecht`, oss)).statusCode).toBe(403);
    expect((await getReport(server, endpoint, undefined)).statusCode).toBe(401);
  });

  it('counts only the municipality\'s contacts in the busy-hours heat map, of every organisation there', async () => {
    const busy = async (token: string) => (await getReport(server, `/api/v1/busy-hours?${YEAR}`, token)).json() as BusyHoursResponse;
    expect((await busy(oss)).total).toBe(5);
    expect((await busy(utrecht)).total).toBe(2);
  });

  it('gives hours-effect for a location in the municipality, of another organisation too, and refuses one elsewhere', async () => {
    expect((await getReport(server, `/api/v1/hours-effect?location=elders-oss&${YEAR}`, oss)).statusCode).toBe(200);
    expect((await getReport(server, `/api/v1/hours-effect?location=test-centrum&${YEAR}`, oss)).statusCode).toBe(200);
    expect((await getReport(server, `/api/v1/hours-effect?location=elders-centrum&${YEAR}`, oss)).statusCode).toBe(403);
    expect((await getReport(server, `/api/v1/hours-effect?location=elders-oss&${YEAR}`, utrecht)).statusCode).toBe(403);
  });
});
