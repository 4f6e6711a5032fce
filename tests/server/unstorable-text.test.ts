import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { serviceDocument } from '../unit/fixtures/hsds-published';
import { ADMIN, call, makeRoles, ORG, type Role } from './admin-fixtures';
import { ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, expectApiError, useTestServer } from './test-server';

const CHANGES = '/api/v1/kaart/changes';
const NUL = 'a\u0000b';
const HIGH = 'a\ud800b';
const LOW = 'a\udc00b';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const create = (entity: string, data: { id: string } & Record<string, unknown>) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });
const organization = (name: string) => create('organization', { id: randomUUID(), name, owner_organisation_id: ORGANISATION.id });
const card = (extra: Record<string, unknown> = {}) => ({ title: 'DigiD aanvragen', topics: ['digid'], body: 'Ga naar digid.nl', bring: '', checked_on: '2026-11-01', ...extra });

/** Text PostgreSQL cannot store (NUL, a lone surrogate) is refused where it comes in, never a 500 and never at the cost of other changes. */
describe.each(DATABASE_KINDS)('text PostgreSQL cannot store, on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  let staff: EnrollResponse;
  const service = { id: randomUUID(), organization_id: '', name: 'Schuldhulp spreekuur', status: 'active' };

  const push = (token: string, changes: unknown[]) => call(server, token, 'POST', CHANGES, { changes });
  const results = async (token: string, changes: unknown[]) => {
    const response = await push(token, changes);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { results: { status: string; code?: string; field?: string; message?: string }[] }).results;
  };

  beforeAll(async () => {
    roles = await makeRoles(server);
    staff = await enrollTablet(server);
    const owner = organization('Schuldhulp Maasland');
    service.organization_id = owner.id;
    expect((await results(roles.coordinator!, [owner, create('service', service)])).map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('a kaart change with NUL or a lone surrogate is rejected as invalid_text and the valid change beside it is applied', async () => {
    for (const bad of [NUL, HIGH, LOW]) {
      const good = organization('Taalhuis Maasland');
      const got = await results(roles.coordinator!, [organization(bad), good]);
      expect(got.map((r) => [r.status, r.code, r.field])).toEqual([['rejected', 'invalid_text', 'name'], ['applied', undefined, undefined]]);
      expect(got[0].message).toMatch(/Haal ze weg/);
      expect(await server.db.query('SELECT 1 FROM kaart_records WHERE id = $1', [good.id])).toHaveLength(1);
    }
  });

  it('a list value of a kaart record with NUL is rejected with its path', async () => {
    const bad = create('service', { ...service, id: randomUUID(), keywords: ['schulden', NUL] });
    const got = await results(roles.coordinator!, [bad]);
    expect(got.map((r) => [r.status, r.code, r.field])).toEqual([['rejected', 'invalid_text', 'keywords[1]']]);
  });

  it('a "Klopt niet" note with NUL from a staff tablet is rejected and the other note is applied', async () => {
    const note = (text: string) => create('feedback', { id: randomUUID(), service_id: service.id, note: text, created_at: '2026-11-01T10:00:00Z', resolved: false });
    const got = await results(staff.token, [note(NUL), note('Het telefoonnummer klopt niet meer')]);
    expect(got.map((r) => [r.status, r.code, r.field])).toEqual([['rejected', 'invalid_text', 'note'], ['applied', undefined, undefined]]);
  });

  it('a Snelwijzer card with NUL or a lone surrogate in its text is refused with 400, for an organisation and nationally', async () => {
    for (const field of ['title', 'body', 'bring']) {
      expectApiError(await call(server, roles.coordinator, 'POST', `${ORG}/snelwijzer`, card({ [field]: NUL })), 400, 'invalid_request', new RegExp(`"${field}".*Haal ze weg`));
      expectApiError(await call(server, roles.national, 'POST', `${ADMIN}/snelwijzer`, card({ [field]: HIGH })), 400, 'invalid_request', /Haal ze weg/);
    }
    const made = await call(server, roles.coordinator, 'POST', `${ORG}/snelwijzer`, card());
    expect(made.statusCode, made.body).toBe(201);
    const { id, version } = made.json() as { id: string; version: number };
    expectApiError(await call(server, roles.coordinator, 'PUT', `${ORG}/snelwijzer/${id}`, { ...card({ bring: LOW }), baseVersion: version }), 400, 'invalid_request', /"bring"/);
  });

  it('a kaart import (HSDS JSON or a spreadsheet) whose organisation name holds NUL names the record and field and imports nothing', async () => {
    const fresh = new Map<string, string>();
    const doc = JSON.parse(JSON.stringify(serviceDocument()).replace(UUID, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!)) as { organization: { name: string } };
    doc.organization.name = NUL;
    const response = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'regio.json', text: JSON.stringify(doc) }] });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', imported: false });
    expect(JSON.stringify(response.json())).toMatch(/regio\.json, organisatie nr\. 1, veld naam \(name\): Dit veld bevat tekens die niet opgeslagen kunnen worden/);
    const sheet = await call(server, roles.coordinator, 'POST', `${ORG}/kaart-import`, { files: [{ name: 'kaart.csv', text: `Organisatie;Dienst\nBieb ${NUL};Spreekuur\n` }] });
    expect(sheet.statusCode, sheet.body).toBe(400);
    expect(sheet.json().errors).toEqual(['kaart.csv, rij 2: Kolom Organisatie: Dit veld bevat tekens die niet opgeslagen kunnen worden. Haal ze weg.']);
  });

  it('a partner search for NUL is 400', async () => {
    for (const url of [`${ORG}/snelwijzer/partners?q=%00`, `${ADMIN}/snelwijzer/partners?q=%00`]) {
      expectApiError(await call(server, roles.national, 'GET', url), 400, 'invalid_request', /"q"/);
    }
  });

  it('a location id with NUL is not found', async () => {
    expectApiError(await call(server, roles.coordinator, 'PATCH', `${ORG}/locations/%00`, { idoHoursPerWeek: 3 }), 404, 'not_found');
    expectApiError(await call(server, roles.coordinator, 'POST', `${ORG}/locations/%00/close`, { closedOn: '2026-01-01' }), 404, 'not_found');
  });

  it('year 0000 is no date, and a location does not close before it opened', async () => {
    const location = { name: 'Bibliotheek Nul', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 };
    expectApiError(await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...location, openedOn: '0000-01-01' }), 400, 'invalid_request', /"openedOn"/);
    const made = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...location, openedOn: '2026-03-01' });
    expect(made.statusCode, made.body).toBe(201);
    const id = (made.json() as { id: string }).id;
    expectApiError(await call(server, roles.coordinator, 'POST', `${ORG}/locations/${id}/close`, { closedOn: '0000-01-01' }), 400, 'invalid_request', /"closedOn"/);
    expectApiError(await call(server, roles.coordinator, 'POST', `${ORG}/locations/${id}/close`, { closedOn: '2026-02-28' }), 400, 'invalid_request', /\(zondag 1 maart 2026\)/);
    const closed = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${id}/close`, { closedOn: '2026-03-01' });
    expect(closed.statusCode, closed.body).toBe(200);
  });

  it('a municipalities file with NUL or a very long name is refused naming the line, and nothing is imported', async () => {
    const before = await server.db.query('SELECT * FROM municipalities ORDER BY code');
    const csv = (name: string) => `code;name;province;population\nGM0828;Oss;Noord-Brabant;95000\nGM0001;${name};Utrecht;100\n`;
    expectApiError(await call(server, roles.national, 'POST', `${ADMIN}/municipalities`, { csv: csv(NUL) }), 400, 'invalid_request', /^Niets ingelezen: 1 regel heeft een fout\. regel 3: GM0001/);
    expectApiError(await call(server, roles.national, 'POST', `${ADMIN}/municipalities`, { csv: csv(LOW) }), 400, 'invalid_request', /regel 3: GM0001/);
    expectApiError(await call(server, roles.national, 'POST', `${ADMIN}/municipalities`, { csv: csv('x'.repeat(500_000)) }), 400, 'invalid_request', /regel 3: GM0001.*100 tekens/);
    expect(await server.db.query('SELECT * FROM municipalities ORDER BY code')).toEqual(before);
  });
});
