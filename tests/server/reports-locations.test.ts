import { beforeAll, describe, expect, it } from 'vitest';
import { LOCATIONS, ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION } from './fixtures';
import { getReport, type ReportTokens, seedReportData } from './reports-fixtures';
import { DATABASE_KINDS, useTestServer } from './test-server';

describe.each(DATABASE_KINDS)('the locations beside the dashboard table, on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  beforeAll(async () => {
    tokens = await seedReportData(server);
  });
  const ids = async (token: string, query = '') => {
    const response = await getReport(server, `/api/v1/report-locations?${query}`, token);
    expect(response.statusCode).toBe(200);
    return (response.json() as { locations: Array<{ id: string; organisationId: string; idoHoursPerWeek: number | null }> }).locations;
  };

  it('gives a coordinator its own locations with their IDO hours, and nothing of another organisation', async () => {
    const own = await ids(tokens.coordinator);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((l) => l.organisationId === ORGANISATION.id)).toBe(true);
    const first = own.find((l) => l.id === LOCATIONS[0].id);
    expect(first?.idoHoursPerWeek).toBe(LOCATIONS[0].idoHoursPerWeek);
    expect(own.some((l) => l.id === OTHER_LOCATION.id)).toBe(false);
  });

  it('gives the national view every organisation\'s locations, narrowed by the filters', async () => {
    const all = await ids(tokens.national);
    expect(new Set(all.map((l) => l.organisationId))).toEqual(new Set([ORGANISATION.id, OTHER_ORGANISATION.id]));
    expect((await ids(tokens.national, `organisation=${OTHER_ORGANISATION.id}`)).map((l) => l.id)).toEqual([OTHER_LOCATION.id]);
  });

  it('answers 401 without a token and 403 for another organisation', async () => {
    expect((await getReport(server, '/api/v1/report-locations', undefined)).statusCode).toBe(401);
    const other = await getReport(server, `/api/v1/report-locations?organisation=${OTHER_ORGANISATION.id}`, tokens.coordinator);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'forbidden', message: expect.any(String) });
  });
});
