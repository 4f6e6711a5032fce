import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/server/api-tokens';
import { issueEnrollmentCode } from '../../src/server/enrollment/codes';
import { createOrganisation } from '../../src/server/organisations/organisations';
import { ADMIN, call, makeRoles, ORG, ROLES, type Role, snapshot, THIRD_ORGANISATION } from './admin-fixtures';
import { ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/** What a role gets: org-scoped routes are the own organisation's; national routes the national team's only. */
const EXPECTED: Record<'org' | 'national' | 'any', (ok: number) => Record<Role, number>> = {
  org: (ok) => ({ none: 401, staffTablet: 403, otherCoordinator: 404, coordinatorTablet: ok, coordinator: ok, national: ok }),
  national: (ok) => ({ none: 401, staffTablet: 403, otherCoordinator: 403, coordinatorTablet: 403, coordinator: 403, national: ok }),
  any: (ok) => ({ none: 401, staffTablet: 403, otherCoordinator: ok, coordinatorTablet: ok, coordinator: ok, national: ok }),
};

/** Targets the writes act on, made per database. */
interface Targets { codeId: string; deviceId: string; tokenId: string; nationalTokenId: string }

interface Endpoint { name: string; method: InjectOptions['method']; url: (t: Targets) => string; body?: unknown; scope: keyof typeof EXPECTED; ok: number }

const NEW_LOCATION = { name: 'Bibliotheek Berghem', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 };

const ENDPOINTS: Endpoint[] = [
  { name: 'GET me', method: 'GET', url: () => `${ADMIN}/me`, scope: 'any', ok: 200 },
  { name: 'GET organisations', method: 'GET', url: () => `${ADMIN}/organisations`, scope: 'any', ok: 200 },
  { name: 'POST organisations', method: 'POST', url: () => `${ADMIN}/organisations`, body: { name: 'Bibliotheek Nieuw', municipalityCode: 'GM0855' }, scope: 'national', ok: 201 },
  { name: 'PATCH organisation', method: 'PATCH', url: () => `${ADMIN}/organisations/${THIRD_ORGANISATION.id}`, body: { name: 'Bibliotheek Derde en Vierde' }, scope: 'national', ok: 200 },
  { name: 'POST organisation deactivate', method: 'POST', url: () => `${ADMIN}/organisations/${THIRD_ORGANISATION.id}/deactivate`, scope: 'national', ok: 200 },
  { name: 'POST organisation reactivate', method: 'POST', url: () => `${ADMIN}/organisations/${THIRD_ORGANISATION.id}/reactivate`, scope: 'national', ok: 200 },
  { name: 'GET locations', method: 'GET', url: () => `${ORG}/locations`, scope: 'org', ok: 200 },
  { name: 'POST locations', method: 'POST', url: () => `${ORG}/locations`, body: NEW_LOCATION, scope: 'org', ok: 201 },
  { name: 'PATCH location', method: 'PATCH', url: () => `${ORG}/locations/test-wijk`, body: { idoHoursPerWeek: 3, catchmentPopulation: 9000 }, scope: 'org', ok: 200 },
  { name: 'POST location close', method: 'POST', url: () => `${ORG}/locations/test-wijk/close`, body: { closedOn: '2026-01-01' }, scope: 'org', ok: 200 },
  { name: 'GET codes', method: 'GET', url: () => `${ORG}/codes`, scope: 'org', ok: 200 },
  { name: 'POST codes', method: 'POST', url: () => `${ORG}/codes`, body: { role: 'medewerker', days: 3 }, scope: 'org', ok: 201 },
  { name: 'POST code revoke', method: 'POST', url: (t) => `${ORG}/codes/${t.codeId}/revoke`, scope: 'org', ok: 200 },
  { name: 'GET devices', method: 'GET', url: () => `${ORG}/devices`, scope: 'org', ok: 200 },
  { name: 'PATCH device', method: 'PATCH', url: (t) => `${ORG}/devices/${t.deviceId}`, body: { label: 'Balie 1' }, scope: 'org', ok: 200 },
  { name: 'POST device revoke', method: 'POST', url: (t) => `${ORG}/devices/${t.deviceId}/revoke`, scope: 'org', ok: 200 },
  { name: 'GET tokens', method: 'GET', url: () => `${ORG}/tokens`, scope: 'org', ok: 200 },
  { name: 'POST tokens', method: 'POST', url: () => `${ORG}/tokens`, body: { days: 30 }, scope: 'org', ok: 201 },
  { name: 'POST token revoke', method: 'POST', url: (t) => `${ORG}/tokens/${t.tokenId}/revoke`, scope: 'org', ok: 200 },
  { name: 'GET national-tokens', method: 'GET', url: () => `${ADMIN}/national-tokens`, scope: 'national', ok: 200 },
  { name: 'POST national-tokens', method: 'POST', url: () => `${ADMIN}/national-tokens`, body: { days: 30 }, scope: 'national', ok: 201 },
  { name: 'POST national-token revoke', method: 'POST', url: (t) => `${ADMIN}/national-tokens/${t.nationalTokenId}/revoke`, scope: 'national', ok: 200 },
  { name: 'POST municipalities', method: 'POST', url: () => `${ADMIN}/municipalities`, body: { csv: 'code;name;province;population\nGM0828;Oss;Noord-Brabant;95000\n' }, scope: 'national', ok: 200 },
  { name: 'GET audit (all)', method: 'GET', url: () => `${ADMIN}/audit`, scope: 'national', ok: 200 },
  { name: 'GET audit.csv (all)', method: 'GET', url: () => `${ADMIN}/audit.csv`, scope: 'national', ok: 200 },
  { name: 'GET organisation audit', method: 'GET', url: () => `${ORG}/audit`, scope: 'org', ok: 200 },
  { name: 'GET organisation audit.csv', method: 'GET', url: () => `${ORG}/audit.csv`, scope: 'org', ok: 200 },
];

describe.each(DATABASE_KINDS)('admin API on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  let targets: Targets;

  beforeAll(async () => {
    await createOrganisation(server.db, THIRD_ORGANISATION);
    roles = await makeRoles(server);
    targets = {
      codeId: (await issueEnrollmentCode(server.db, ORGANISATION.id)).id,
      deviceId: (await enrollTablet(server)).deviceId,
      tokenId: (await issueApiToken(server.db, 'coordinator', ORGANISATION.id)).id,
      nationalTokenId: (await issueApiToken(server.db, 'national', null)).id,
    };
  });

  it.each(ENDPOINTS)('$name: every role gets what its scope allows', async (endpoint) => {
    const expected = EXPECTED[endpoint.scope](endpoint.ok);
    const got: Record<string, number> = {};
    for (const role of ROLES) {
      const before = await snapshot(server.db);
      const response = await call(server, roles[role], endpoint.method, endpoint.url(targets), endpoint.body);
      got[role] = response.statusCode;
      if (response.statusCode >= 400) {
        expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
        expect(await snapshot(server.db)).toBe(before);
      }
    }
    expect(got).toEqual(expected);
  });
});
