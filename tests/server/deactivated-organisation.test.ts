import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { createApiToken } from '../../src/server/api-tokens';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { ADMIN, call, snapshot } from './admin-fixtures';
import { ORGANISATION, batch, registration } from './fixtures';
import { DATABASE_KINDS, countRows, enrollTablet, expectApiError, postBatch, type TestServer, useTestServer } from './test-server';

const DEACTIVATED = /gedeactiveerd door het landelijk team/;

async function enrollWithRole(server: TestServer, role: 'medewerker' | 'coordinator'): Promise<EnrollResponse> {
  const code = await createEnrollmentCode(server.db, ORGANISATION.id, 7, role);
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: `Tablet ${role}` } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const organisationOf = (serviceId: string) => ({ id: serviceId, name: 'Schuldhulp Maasland', owner_organisation_id: ORGANISATION.id });
const create = (entity: string, data: Record<string, unknown> & { id: string }) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });

describe.each(DATABASE_KINDS)('a deactivated organisation on %s', (kind) => {
  const server = useTestServer(kind);
  let coordinator = '';
  let national = '';
  let staffTablet: EnrollResponse;
  let coordinatorTablet: EnrollResponse;
  let codeFromBefore = '';
  let serviceId = '';

  beforeAll(async () => {
    coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    national = await createApiToken(server.db, 'national', null);
    staffTablet = await enrollTablet(server);
    coordinatorTablet = await enrollWithRole(server, 'coordinator');
    codeFromBefore = await createEnrollmentCode(server.db, ORGANISATION.id, 7, 'medewerker');
    // A service of the organisation's kaart, made while it was active.
    const organisation = organisationOf(randomUUID());
    serviceId = randomUUID();
    const made = await call(server, coordinator, 'POST', '/api/v1/kaart/changes', {
      changes: [create('organization', organisation), create('service', { id: serviceId, organization_id: organisation.id, name: 'Spreekuur geldzaken', status: 'active' })],
    });
    expect(made.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const deactivated = await call(server, national, 'POST', `${ADMIN}/organisations/${ORGANISATION.id}/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);
  });

  it('still tells its coordinators who they are and that the organisation is deactivated: the beheer page says so, once', async () => {
    for (const [caller, kind] of [[coordinator, 'coordinator'], [coordinatorTablet.token, 'coordinator_device']] as const) {
      const me = await call(server, caller, 'GET', `${ADMIN}/me`);
      expect([me.statusCode, me.json()]).toEqual([200, { kind, organisationId: ORGANISATION.id }]);
      const listed = await call(server, caller, 'GET', `${ADMIN}/organisations`);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json().organisations).toEqual([expect.objectContaining({ id: ORGANISATION.id, deactivatedAt: expect.any(String) })]);
    }
  });

  it('refuses its coordinators on every admin route of it with a code of its own, organisation_deactivated, so an open page knows why', async () => {
    const org = `${ADMIN}/organisations/${ORGANISATION.id}`;
    const refusedCalls: Array<['GET' | 'POST', string, unknown?]> = [
      ['GET', `${org}/locations`], ['POST', `${org}/codes`, { role: 'medewerker' }], ['GET', `${org}/devices`],
      ['POST', `${org}/devices/${staffTablet.deviceId}/revoke`], ['GET', `${org}/tokens`], ['POST', `${org}/tokens`, {}],
      ['GET', `${org}/audit`], ['GET', `${org}/snelwijzer`],
    ];
    for (const caller of [coordinator, coordinatorTablet.token]) {
      for (const [method, url, body] of refusedCalls) {
        expectApiError(await call(server, caller, method, url, body), 403, 'organisation_deactivated', DEACTIVATED);
      }
    }
    // Nothing of it happened, and a refusal for another reason keeps its own code.
    expect(await countRows(server.db, 'devices', 'revoked_at IS NOT NULL')).toBe(0);
    expectApiError(await call(server, coordinator, 'GET', `${ADMIN}/national-tokens`), 403, 'forbidden', /alleen het landelijk team/);
  });

  it('refuses its coordinator token on the kaart, as the admin routes do', async () => {
    const change = create('organization', organisationOf(randomUUID()));
    expectApiError(await call(server, coordinator, 'POST', '/api/v1/kaart/changes', { changes: [change] }), 403, 'organisation_deactivated', DEACTIVATED);
    expectApiError(await call(server, coordinator, 'GET', '/api/v1/kaart/changes'), 403, 'organisation_deactivated', DEACTIVATED);
    expectApiError(await call(server, coordinator, 'GET', `${ADMIN}/organisations/${ORGANISATION.id}/devices`), 403, 'organisation_deactivated', DEACTIVATED);
    expect(await countRows(server.db, 'kaart_records', 'id = $1', [change.id])).toBe(0);
  });

  it('refuses its coordinator token on the reports and the annual report\'s text; national still reads them', async () => {
    expectApiError(await call(server, coordinator, 'PUT', '/api/v1/reports/annual/text', { year: 2025, text: 'Na de deactivering.' }), 403, 'organisation_deactivated', DEACTIVATED);
    expectApiError(await call(server, coordinator, 'GET', '/api/v1/stats'), 403, 'organisation_deactivated', DEACTIVATED);
    expect(await countRows(server.db, 'annual_report_texts')).toBe(0);
    expect((await call(server, national, 'GET', `/api/v1/stats?organisation=${ORGANISATION.id}`)).statusCode).toBe(200);
  });

  it('refuses an enrollment code made before the deactivation with a Dutch message, and makes no tablet', async () => {
    const devices = await countRows(server.db, 'devices');
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: codeFromBefore, label: 'Nieuwe tablet' } });
    expectApiError(response, 403, 'forbidden', /organisatie die het landelijk team heeft gedeactiveerd/);
    expect(await countRows(server.db, 'devices')).toBe(devices);
    expect(await countRows(server.db, 'enrollment_codes', 'used_at IS NOT NULL AND device_id IS NULL')).toBe(0);
  });

  it('still stores the registrations of its tablets: the contacts happened', async () => {
    for (const tablet of [staffTablet, coordinatorTablet]) {
      const response = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted']);
    }
  });

  it('lets its tablets pull the kaart and send "klopt niet", but a coordinator tablet edits no more: each edit is refused with the code organisation_deactivated', async () => {
    expect((await call(server, coordinatorTablet.token, 'GET', '/api/v1/kaart/changes')).statusCode).toBe(200);
    const feedback = { id: randomUUID(), service_id: serviceId, note: 'Verhuisd.', created_at: '2026-11-24T10:15:00+01:00', resolved: false };
    const edit = create('organization', organisationOf(randomUUID()));
    const card = create('snelwijzer_card', { id: randomUUID(), title: 'DigiD', topics: ['digid'], body: 'Stap 1.', bring: '', links: [], service_id: null, checked_on: '2026-11-20', owner_organisation_id: ORGANISATION.id, copied_from: null });
    const response = await call(server, coordinatorTablet.token, 'POST', '/api/v1/kaart/changes', { changes: [create('feedback', feedback), edit, card] });
    expect(response.statusCode, response.body).toBe(200);
    const [sent, ...refused] = response.json().results as { status: string; code?: string; message?: string }[];
    expect(sent.status).toBe('applied');
    // The same code as the whole-request refusal of the admin routes, so the tablet knows it is not the edit's fault.
    for (const result of refused) expect(result).toMatchObject({ status: 'rejected', code: 'organisation_deactivated', message: expect.stringMatching(DEACTIVATED) });
    expect(refused).toHaveLength(2);
    // Closing the mark is an edit too; a staff tablet's refusal keeps its own code.
    const close = await call(server, coordinatorTablet.token, 'POST', '/api/v1/kaart/changes', { changes: [{ ...create('feedback', { ...feedback, resolved: true }), baseVersion: 1 }] });
    expect(close.json().results).toEqual([expect.objectContaining({ status: 'rejected', code: 'organisation_deactivated' })]);
    const staffEdit = await call(server, staffTablet.token, 'POST', '/api/v1/kaart/changes', { changes: [create('organization', organisationOf(randomUUID()))] });
    expect(staffEdit.json().results).toEqual([expect.objectContaining({ status: 'rejected', code: 'forbidden_scope' })]);
    expect(await countRows(server.db, 'kaart_records', 'id = ANY($1::uuid[])', [[edit.id, card.id]])).toBe(0);
  });

  // Last: the national team activates it again.
  it('takes POST ORG/reactivate from the national team only, with the refusals of deactivate, and changes nothing on a refusal', async () => {
    const municipality = await createApiToken(server.db, 'municipality', null, 365, ORGANISATION.municipalityCode);
    const before = await snapshot(server.db);
    const org = `${ADMIN}/organisations/${ORGANISATION.id}`;
    const refusals: Array<[string | undefined, number, string, RegExp]> = [
      [coordinator, 403, 'forbidden', /alleen het landelijk team/], [coordinatorTablet.token, 403, 'forbidden', /alleen het landelijk team/],
      [municipality, 403, 'forbidden', /alleen rapportages bekijken/], [staffTablet.token, 403, 'forbidden', /./], [undefined, 401, 'unauthorized', /./],
    ];
    for (const [caller, status, code, message] of refusals) {
      const reactivate = await call(server, caller, 'POST', `${org}/reactivate`);
      expectApiError(reactivate, status, code, message);
      const deactivate = await call(server, caller, 'POST', `${org}/deactivate`);
      expect([reactivate.statusCode, reactivate.json()]).toEqual([deactivate.statusCode, deactivate.json()]);
    }
    // An unknown id, or none at all, as deactivate answers it.
    for (const unknown of [randomUUID(), 'geen-id']) {
      const reactivate = await call(server, national, 'POST', `${ADMIN}/organisations/${unknown}/reactivate`);
      expectApiError(reactivate, 404, 'not_found', /Deze organisatie bestaat niet/);
      expect(reactivate.json()).toEqual((await call(server, national, 'POST', `${ADMIN}/organisations/${unknown}/deactivate`)).json());
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('is active again once the national team reactivates it: one audit row, and its coordinators, tablets and codes work again', async () => {
    const org = `${ADMIN}/organisations/${ORGANISATION.id}`;
    const reactivated = await call(server, national, 'POST', `${org}/reactivate`, {});
    expect(reactivated.statusCode, reactivated.body).toBe(200);
    expect(reactivated.json()).toMatchObject({ id: ORGANISATION.id, deactivatedAt: null });
    const [entry] = (await call(server, national, 'GET', `${org}/audit`)).json().entries;
    expect(entry).toMatchObject({
      action: 'organisation.reactivate', actorKind: 'national_token', organisationId: ORGANISATION.id, target: ORGANISATION.id,
      targetName: ORGANISATION.name, before: { active: false }, after: { active: true },
    });
    expect(await countRows(server.db, 'audit_log', "action = 'organisation.reactivate'")).toBe(1);

    // The coordinator token and tablet that were refused manage it again, and the tablet's kaart edit applies.
    for (const caller of [coordinator, coordinatorTablet.token]) {
      const locations = await call(server, caller, 'GET', `${org}/locations`);
      expect(locations.statusCode, locations.body).toBe(200);
    }
    expect((await call(server, coordinator, 'GET', '/api/v1/stats')).statusCode).toBe(200);
    const edit = create('organization', organisationOf(randomUUID()));
    const pushed = await call(server, coordinatorTablet.token, 'POST', '/api/v1/kaart/changes', { changes: [edit] });
    expect(pushed.json().results).toEqual([expect.objectContaining({ status: 'applied' })]);
    // The enrollment code made before the deactivation (still valid, unused) makes a tablet now.
    const enrolled = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: codeFromBefore, label: 'Nieuwe tablet' } });
    expect(enrolled.statusCode, enrolled.body).toBe(201);

    // Once more: active already, so it answers the organisation as it is and writes no audit row, as a second deactivate.
    const before = await snapshot(server.db);
    const again = await call(server, national, 'POST', `${org}/reactivate`);
    expect([again.statusCode, again.json()]).toEqual([200, reactivated.json()]);
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe.each(DATABASE_KINDS)("a coordinator tablet's kaart pull on %s", (kind) => {
  const server = useTestServer(kind);
  const pull = async (token: string) => {
    const response = await call(server, token, 'GET', '/api/v1/kaart/changes');
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Record<string, unknown>;
  };

  it("says whether its own organisation is deactivated, both ways, and to no one else; a revoked tablet still learns nothing", async () => {
    const national = await createApiToken(server.db, 'national', null);
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const staffTablet = await enrollTablet(server);
    const coordinatorTablet = await enrollWithRole(server, 'coordinator');
    const revokedTablet = await enrollWithRole(server, 'coordinator');
    const revoked = await call(server, national, 'POST', `${ADMIN}/organisations/${ORGANISATION.id}/devices/${revokedTablet.deviceId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);

    // Active: the coordinator's tablet is told so, before it ever edits; a staff tablet and the tokens get no such field.
    expect(await pull(coordinatorTablet.token)).toMatchObject({ hasMore: false, organisationDeactivated: false });
    for (const other of [staffTablet.token, coordinator, national]) expect(await pull(other)).not.toHaveProperty('organisationDeactivated');

    await call(server, national, 'POST', `${ADMIN}/organisations/${ORGANISATION.id}/deactivate`);
    expect(await pull(coordinatorTablet.token)).toMatchObject({ organisationDeactivated: true });
    expect(await pull(staffTablet.token)).not.toHaveProperty('organisationDeactivated');
    expectApiError(await call(server, revokedTablet.token, 'GET', '/api/v1/kaart/changes'), 403, 'device_revoked');

    // Active again (the stored deactivation cleared): the next pull says so.
    await server.db.query('UPDATE organisations SET deactivated_at = NULL WHERE id = $1', [ORGANISATION.id]);
    expect(await pull(coordinatorTablet.token)).toMatchObject({ organisationDeactivated: false });
    expectApiError(await call(server, revokedTablet.token, 'GET', '/api/v1/kaart/changes'), 403, 'device_revoked');
  });
});
