import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { applyKaartChanges } from '../../src/server/kaart/apply';
import { validateKaartRecord } from '../../src/shared/kaart/validate';
import type { KaartChangeItem, KaartChangeItemsPage } from '../../src/server/kaart/store';
import { createOrganisation } from '../../src/server/organisations/organisations';
import { OTHER_ORGANISATION, ORGANISATION } from './fixtures';
import { DATABASE_KINDS, countRows, enrollTablet, type TestServer, useTestServer } from './test-server';

const CHANGES = '/api/v1/kaart/changes';

interface PushResult { id: string; entity: string; status: string; version: number; current?: KaartChangeItem; code?: string; field?: string; message?: string }
type Data = Record<string, unknown> & { id: string };

const organization = (owner: string | null, overrides: Partial<Data> = {}): Data =>
  ({ id: randomUUID(), name: 'Schuldhulp Maasland', owner_organisation_id: owner, ...overrides });
const service = (organizationId: string, overrides: Partial<Data> = {}): Data =>
  ({ id: randomUUID(), organization_id: organizationId, name: 'Spreekuur geldzaken', status: 'active', ...overrides });
const location = (organizationId: string): Data => ({ id: randomUUID(), organization_id: organizationId, address_1: 'Kerkstraat 1', city: 'Oss' });
const feedback = (serviceId: string, note = 'Het spreekuur is verhuisd naar de maandag.'): Data =>
  ({ id: randomUUID(), service_id: serviceId, note, created_at: '2026-11-24T10:15:00+01:00', resolved: false });
const create = (entity: string, data: Data) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });
const edit = (entity: string, data: Data, baseVersion: number) => ({ entity, id: data.id, baseVersion, deleted: false, data });

/** Enrolls a tablet with a code of that role, through the API. */
async function enrollWithRole(server: TestServer, organisationId: string, role: 'medewerker' | 'coordinator'): Promise<EnrollResponse> {
  const code = await createEnrollmentCode(server.db, organisationId, 7, role);
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: `Tablet ${role}` } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function kaartClient(server: TestServer) {
  const push = (token: string, changes: unknown[]): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'POST', url: CHANGES, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
  const pushed = async (token: string, changes: unknown[]): Promise<PushResult[]> => {
    const response = await push(token, changes);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  };
  const pull = (token: string, query = ''): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'GET', url: `${CHANGES}${query}`, headers: { authorization: `Bearer ${token}` } });
  const page = async (token: string, since: string, limit = 500): Promise<KaartChangeItemsPage> => {
    const response = await pull(token, `?since=${since}&limit=${limit}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** Pulls until hasMore is false; returns the pages. */
  const pullAll = async (token: string, since = '0', limit = 500): Promise<KaartChangeItemsPage[]> => {
    const pages = [await page(token, since, limit)];
    while (pages.at(-1)!.hasMore) {
      // A cursor that stops moving would loop forever (and starve the test's own timeout).
      if (pages.length > 100) throw new Error('more than 100 pages: the cursor does not advance');
      pages.push(await page(token, pages.at(-1)!.nextCursor, limit));
    }
    return pages;
  };
  const visibleIds = async (token: string) => new Set((await pullAll(token)).flatMap((p) => p.items.map((item) => item.id)));
  /** The cursor at the end of what this caller sees now. */
  const endCursor = async (token: string) => (await pullAll(token)).at(-1)!.nextCursor;
  return { push, pushed, pull, page, pullAll, visibleIds, endCursor };
}

describe.each(DATABASE_KINDS)('GET and POST /api/v1/kaart/changes on %s', (kind) => {
  const server = useTestServer(kind);
  const kaart = kaartClient(server);
  let coordinator: EnrollResponse;
  let staff: EnrollResponse;
  let otherCoordinator: EnrollResponse;
  let otherStaff: EnrollResponse;
  let coordinatorToken = '';
  let nationalToken = '';
  let ownOrganization: Data;
  let ownService: Data;
  let nationalOrganization: Data;
  let nationalService: Data;
  let otherOrganization: Data;

  beforeAll(async () => {
    coordinator = await enrollWithRole(server, ORGANISATION.id, 'coordinator');
    staff = await enrollTablet(server);
    otherCoordinator = await enrollWithRole(server, OTHER_ORGANISATION.id, 'coordinator');
    otherStaff = await enrollTablet(server, OTHER_ORGANISATION.id);
    coordinatorToken = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    nationalToken = await createApiToken(server.db, 'national', null);
    ownOrganization = organization(ORGANISATION.id);
    ownService = service(ownOrganization.id);
    nationalOrganization = organization(null, { name: 'Belastingdienst' });
    nationalService = service(nationalOrganization.id, { name: 'BelastingTelefoon' });
    otherOrganization = organization(OTHER_ORGANISATION.id, { name: 'Taalhuis Utrecht' });
    expect((await kaart.pushed(coordinator.token, [create('organization', ownOrganization), create('service', ownService)])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await kaart.pushed(nationalToken, [create('organization', nationalOrganization), create('service', nationalService)])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await kaart.pushed(otherCoordinator.token, [create('organization', otherOrganization)]))[0].status).toBe('applied');
  });

  describe('enrollment with a role', () => {
    it('a coordinator code enrolls a tablet that is told its role; a plain code a medewerker tablet that is not', async () => {
      expect(coordinator.role).toBe('coordinator');
      expect(staff).not.toHaveProperty('role');
      const roles = await server.db.query<{ id: string; role: string }>('SELECT id::text AS id, role FROM devices WHERE id IN ($1, $2) ORDER BY role', [coordinator.deviceId, staff.deviceId]);
      expect(roles).toEqual([{ id: coordinator.deviceId, role: 'coordinator' }, { id: staff.deviceId, role: 'medewerker' }]);
    });
  });

  describe('pulling with a cursor', () => {
    it('pulls 1,200 records in three pages of 500, every record once and in the order they were written', async () => {
      const library = await createOrganisation(server.db, { name: 'Bibliotheek Paginering' });
      const token = await createApiToken(server.db, 'coordinator', library.id);
      const start = await kaart.endCursor(token);
      const records = Array.from({ length: 1200 }, (_, i) => organization(library.id, { name: `Organisatie ${i + 1}` }));
      for (let i = 0; i < records.length; i += 400) {
        const results = await kaart.pushed(token, records.slice(i, i + 400).map((r) => create('organization', r)));
        expect(results.every((r) => r.status === 'applied' && r.version === 1)).toBe(true);
      }
      const pages = await kaart.pullAll(token, start);
      expect(pages.map((p) => [p.items.length, p.hasMore])).toEqual([[500, true], [500, true], [200, false]]);
      expect(pages.flatMap((p) => p.items.map((item) => item.id))).toEqual(records.map((r) => r.id));
      const cursors = pages.map((p) => BigInt(p.nextCursor));
      expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
      // Past the end: nothing, and the cursor stays.
      expect(await kaart.page(token, pages[2].nextCursor)).toEqual({ items: [], nextCursor: pages[2].nextCursor, hasMore: false });
    });

    it('a change made after a page was read appears on the next pull, with its new version', async () => {
      const start = await kaart.endCursor(coordinator.token);
      const records = Array.from({ length: 3 }, (_, i) => organization(ORGANISATION.id, { name: `Wijkteam ${i}` }));
      await kaart.pushed(coordinator.token, records.map((r) => create('organization', r)));
      const first = await kaart.page(coordinator.token, start, 2);
      expect(first.items.map((item) => item.id)).toEqual([records[0].id, records[1].id]);
      expect(first.hasMore).toBe(true);
      // records[0] was already read; it is edited now.
      const [result] = await kaart.pushed(coordinator.token, [edit('organization', { ...records[0], name: 'Wijkteam Noord' }, 1)]);
      expect(result).toMatchObject({ status: 'applied', version: 2 });
      const rest = await kaart.page(coordinator.token, first.nextCursor);
      expect(rest.items.map((item) => [item.id, item.version])).toEqual([[records[2].id, 1], [records[0].id, 2]]);
      expect(rest.items[1].data.name).toBe('Wijkteam Noord');
      expect(rest.items[1].updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('pulls a deletion as a tombstone that keeps the last data, and a resent delete changes nothing', async () => {
      const record = organization(ORGANISATION.id, { name: 'Opgeheven stichting' });
      await kaart.pushed(coordinator.token, [create('organization', record)]);
      const start = await kaart.endCursor(staff.token);
      const deletion = { entity: 'organization', id: record.id, baseVersion: 1, deleted: true, data: record };
      expect(await kaart.pushed(coordinator.token, [deletion])).toEqual([{ id: record.id, entity: 'organization', status: 'applied', version: 2 }]);
      const { items, nextCursor } = await kaart.page(staff.token, start);
      expect(items).toEqual([{ entity: 'organization', id: record.id, version: 2, deleted: true, data: record, updatedAt: expect.any(String) }]);
      expect(await kaart.pushed(coordinator.token, [deletion])).toEqual([{ id: record.id, entity: 'organization', status: 'applied', version: 2 }]);
      expect((await kaart.page(staff.token, nextCursor)).items).toEqual([]);
    });

    it('answers 400 for a cursor or a limit that is not a number in range', async () => {
      for (const query of ['?since=abc', '?since=-1', '?since=1.5', '?since=99999999999999999999', '?limit=0', '?limit=1001', '?limit=ten', '?since=1&since=2']) {
        const response = await kaart.pull(staff.token, query);
        expect(response.statusCode, query).toBe(400);
        expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
      }
      expect((await kaart.pull(staff.token, '?limit=1000')).statusCode).toBe(200);
    });

    it('answers 401 without a known token and 403 for a revoked tablet', async () => {
      expect((await server.app.inject({ method: 'GET', url: CHANGES })).statusCode).toBe(401);
      expect((await kaart.pull('onbekend-token')).json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
      const revoked = await enrollTablet(server);
      await revokeDevice(server.db, revoked.deviceId);
      const response = await kaart.pull(revoked.token);
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toBe('device_revoked');
      expect((await kaart.push(revoked.token, [])).statusCode).toBe(403);
    });
  });

  describe('organisation scoping', () => {
    it('a tablet never sees another organisation\'s entries; the national entries are visible to every organisation', async () => {
      const ours = await kaart.visibleIds(staff.token);
      const theirs = await kaart.visibleIds(otherStaff.token);
      expect(ours).toContain(ownOrganization.id);
      expect(ours).toContain(nationalService.id);
      expect(ours).not.toContain(otherOrganization.id);
      expect(theirs).toContain(otherOrganization.id);
      expect(theirs).toContain(nationalOrganization.id);
      expect(theirs).not.toContain(ownOrganization.id);
      expect(theirs).not.toContain(ownService.id);
    });

    it('a coordinator token sees its organisation and the national entries; a national token only the national ones', async () => {
      const coordinatorView = await kaart.visibleIds(coordinatorToken);
      expect(coordinatorView).toContain(ownService.id);
      expect(coordinatorView).toContain(nationalService.id);
      expect(coordinatorView).not.toContain(otherOrganization.id);
      const nationalView = await kaart.visibleIds(nationalToken);
      expect(nationalView).toContain(nationalService.id);
      expect(nationalView).not.toContain(ownService.id);
      expect(nationalView).not.toContain(otherOrganization.id);
    });
  });

  describe('pushing changes', () => {
    it('applies a new record at version 1 and an edit of it at version 2', async () => {
      const record = service(ownOrganization.id, { name: 'Formulierenhulp' });
      expect(await kaart.pushed(coordinator.token, [create('service', record)])).toEqual([{ id: record.id, entity: 'service', status: 'applied', version: 1 }]);
      expect(await kaart.pushed(coordinator.token, [edit('service', { ...record, description: 'Elke dinsdag' }, 1)])).toEqual([{ id: record.id, entity: 'service', status: 'applied', version: 2 }]);
      const [row] = await server.db.query<{ version: string; scope: string; data: Data }>("SELECT version::text AS version, scope::text AS scope, data FROM kaart_records WHERE entity = 'service' AND id = $1", [record.id]);
      expect(row).toEqual({ version: '2', scope: ORGANISATION.id, data: { ...record, description: 'Elke dinsdag' } });
    });

    it('answers conflict with the stored record when baseVersion is not the stored version, and changes nothing', async () => {
      const record = service(ownOrganization.id, { name: 'Thuisadministratie' });
      await kaart.pushed(coordinator.token, [create('service', record)]);
      await kaart.pushed(coordinatorToken, [edit('service', { ...record, name: 'Thuisadministratie (Humanitas)' }, 1)]);
      const [result] = await kaart.pushed(coordinator.token, [edit('service', { ...record, name: 'Thuisadministratie Oss' }, 1)]);
      expect(result).toEqual({
        id: record.id, entity: 'service', status: 'conflict', version: 2,
        current: { entity: 'service', id: record.id, version: 2, deleted: false, data: { ...record, name: 'Thuisadministratie (Humanitas)' }, updatedAt: expect.any(String) },
      });
      const [row] = await server.db.query<{ data: Data }>("SELECT data FROM kaart_records WHERE entity = 'service' AND id = $1", [record.id]);
      expect(row.data.name).toBe('Thuisadministratie (Humanitas)');
      // A new record whose id is already taken is a conflict too.
      expect((await kaart.pushed(coordinator.token, [create('service', record)]))[0]).toMatchObject({ status: 'conflict', version: 2 });
    });

    it('rejects a service checked ("assured_date") before 2000 or after tomorrow, with what to fill in; nothing is stored', async () => {
      const changes = ['0000-01-01', '1999-12-31', '2062-11-30'].map((day) => create('service', service(ownOrganization.id, { assured_date: day })));
      const results = await kaart.pushed(coordinator.token, changes);
      expect(results.map((r) => [r.status, r.code, r.field])).toEqual(changes.map(() => ['rejected', 'out_of_range', 'assured_date']));
      expect(results[0].message).toBe('De datum van de laatste controle ligt vóór het jaar 2000. Vul de dag in waarop het voor het laatst is gecontroleerd, zoals vandaag.');
      expect(results[2].message).toBe('De datum van de laatste controle ligt in de toekomst. Vul de dag in waarop het voor het laatst is gecontroleerd: vandaag of eerder.');
      for (const change of changes) expect(await countRows(server.db, 'kaart_records', 'id = $1', [change.id])).toBe(0);
    });

    it('rejects a schedule valid from or to a day before 2000 or more than five years ahead; one stored before the rule stays, and its next edit must mend the day', async () => {
      const hours = (overrides: Partial<Data> = {}): Data => ({ id: randomUUID(), service_id: ownService.id, freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00', ...overrides });
      const changes = [hours({ valid_from: '0001-01-01' }), hours({ valid_to: '9999-12-31' }), hours({ valid_from: '1999-12-31' })].map((data) => create('schedule', data));
      const results = await kaart.pushed(coordinator.token, changes);
      expect(results.map((r) => [r.status, r.code, r.field])).toEqual([['rejected', 'out_of_range', 'valid_from'], ['rejected', 'out_of_range', 'valid_to'], ['rejected', 'out_of_range', 'valid_from']]);
      expect(results[1].message).toMatch(/^"Geldig tot en met" ligt meer dan 5 jaar vooruit\. Vul een dag in tot en met \d+ \w+ \d{4}, of laat het leeg als er geen einddatum is\.$/);
      for (const change of changes) expect(await countRows(server.db, 'kaart_records', 'id = $1', [change.id])).toBe(0);

      // A schedule stored before the rule (valid_to 9999-12-31) is kept and pulled as it is …
      const old = hours({ valid_from: '2026-01-05' });
      expect((await kaart.pushed(coordinator.token, [create('schedule', old)]))[0]).toMatchObject({ status: 'applied', version: 1 });
      await server.db.query(`UPDATE kaart_records SET data = jsonb_set(data, '{valid_to}', '"9999-12-31"') WHERE entity = 'schedule' AND id = $1`, [old.id]);
      const pulled = (await kaart.pullAll(coordinator.token)).flatMap((p) => p.items).find((item) => item.id === old.id);
      expect(pulled?.data).toEqual({ ...old, valid_to: '9999-12-31' });
      // … an edit that keeps the day is refused with the message, and one that empties it is applied.
      const [kept] = await kaart.pushed(coordinator.token, [edit('schedule', { ...old, valid_to: '9999-12-31', closes_at: '13:00' }, 1)]);
      expect(kept).toMatchObject({ status: 'rejected', code: 'out_of_range', field: 'valid_to' });
      expect((await kaart.pushed(coordinator.token, [edit('schedule', { ...old, closes_at: '13:00' }, 1)]))[0]).toMatchObject({ status: 'applied', version: 2 });
    });

    it('rejects an invalid record with the first validation error, and applies the valid changes beside it', async () => {
      const invalid = service(ownOrganization.id, { name: undefined, url: 'geen adres' });
      const valid = service(ownOrganization.id);
      const results = await kaart.pushed(coordinator.token, [create('service', invalid), create('service', valid), { entity: 'wijk', id: randomUUID() }, 'onzin']);
      expect(results[0]).toEqual({ id: invalid.id, entity: 'service', status: 'rejected', version: 0, code: 'required', field: 'name', message: 'Vul naam in.' });
      expect(results[1]).toMatchObject({ id: valid.id, status: 'applied', version: 1 });
      expect(results[2]).toMatchObject({ entity: 'wijk', status: 'rejected', code: 'unknown_entity' });
      expect(results[3]).toMatchObject({ id: '', status: 'rejected', code: 'invalid_change' });
      expect(await countRows(server.db, 'kaart_records', 'id = $1', [invalid.id])).toBe(0);
    });

    it('counts an emoji as one character, as the form on the tablet does: a name of 200 emoji is stored, 201 are too long', async () => {
      const atLimit = service(ownOrganization.id, { name: '😀'.repeat(200), keywords: ['🇳🇱'.repeat(50)] });
      const over = service(ownOrganization.id, { name: `${'😀'.repeat(200)}!` });
      const results = await kaart.pushed(coordinator.token, [create('service', atLimit), create('service', over)]);
      expect(results[0]).toMatchObject({ status: 'applied', version: 1 });
      expect(results[1]).toMatchObject({ status: 'rejected', code: 'too_long', field: 'name', message: 'Gebruik voor naam hoogstens 200 tekens. Nu zijn het er 201.' });
      const [stored] = await server.db.query<{ length: number }>("SELECT char_length(data->>'name') AS length FROM kaart_records WHERE id = $1", [atLimit.id]);
      expect(Number(stored.length)).toBe(200);
      // the tablet's own check of the same records says the same
      expect(validateKaartRecord('service', atLimit)).toEqual([]);
      expect(validateKaartRecord('service', over)[0].message).toBe(results[1].message);
    });

    it('rejects any kaart edit from a staff tablet with forbidden_scope, and stores nothing', async () => {
      const record = service(ownOrganization.id);
      const results = await kaart.pushed(staff.token, [create('service', record), edit('organization', { ...ownOrganization, name: 'Anders' }, 1)]);
      expect(results.map((r) => [r.status, r.code])).toEqual([['rejected', 'forbidden_scope'], ['rejected', 'forbidden_scope']]);
      expect(results[0].message).toBe('Alleen een coördinator kan de sociale kaart wijzigen.');
      expect(await countRows(server.db, 'kaart_records', 'id = $1', [record.id])).toBe(0);
    });

    it('rejects a record of another organisation, and never shows it in the answer', async () => {
      const theirs = organization(OTHER_ORGANISATION.id);
      const results = await kaart.pushed(coordinator.token, [
        create('organization', theirs),
        edit('organization', { ...otherOrganization, name: 'Overgenomen' }, 1),
        create('service', service(otherOrganization.id)),
      ]);
      // Its own data names the other organisation: said plainly. Its stored record: the neutral id_in_use. Its record as a parent: like a missing one.
      expect(results.map((r) => [r.status, r.code, r.version])).toEqual([['rejected', 'forbidden_scope', 0], ['rejected', 'id_in_use', 0], ['rejected', 'unknown_reference', 0]]);
      expect(results.some((r) => 'current' in r)).toBe(false);
      expect(JSON.stringify(results)).not.toContain('Taalhuis');
    });

    it('rejects a national record from a tablet, even a coordinator\'s', async () => {
      const results = await kaart.pushed(coordinator.token, [
        create('organization', organization(null, { name: 'UWV' })),
        create('service', service(nationalOrganization.id)),
        edit('service', { ...nationalService, name: 'Gewijzigd' }, 1),
        create('taxonomy_term', { id: randomUUID(), code: 'wonen', name: 'Wonen', parent_id: null }),
      ]);
      expect(results.map((r) => [r.status, r.code])).toEqual([['rejected', 'forbidden_scope'], ['rejected', 'forbidden_scope'], ['rejected', 'id_in_use'], ['rejected', 'forbidden_scope']]);
    });

    it('lets the national token write national records and a coordinator token its own organisation\'s, and neither the other\'s', async () => {
      const national = organization(null, { name: 'SVB' });
      const own = organization(ORGANISATION.id, { name: 'Voedselbank Oss' });
      expect((await kaart.pushed(nationalToken, [create('organization', national), create('organization', organization(ORGANISATION.id))])).map((r) => r.code ?? r.status))
        .toEqual(['applied', 'forbidden_scope']);
      expect((await kaart.pushed(coordinatorToken, [create('organization', own), create('service', service(national.id))])).map((r) => r.code ?? r.status))
        .toEqual(['applied', 'forbidden_scope']);
    });

    it('accepts children whose parents were created earlier in the same push, down to a schedule of a service at a location', async () => {
      const org = organization(ORGANISATION.id, { name: 'Sociaal Raadslieden' });
      const svc = service(org.id);
      const loc = location(org.id);
      const sal = { id: randomUUID(), service_id: svc.id, location_id: loc.id };
      const schedule = { id: randomUUID(), service_at_location_id: sal.id, freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '12:00' };
      const phone = { id: randomUUID(), location_id: loc.id, number: '0412-123456' };
      const results = await kaart.pushed(coordinator.token, [
        create('organization', org), create('service', svc), create('location', loc), create('service_at_location', sal),
        create('schedule', schedule), create('phone', phone),
      ]);
      expect(results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
      const scopes = await server.db.query<{ scope: string }>('SELECT DISTINCT scope::text AS scope FROM kaart_records WHERE id IN ($1, $2, $3)', [sal.id, schedule.id, phone.id]);
      expect(scopes).toEqual([{ scope: ORGANISATION.id }]);
    });

    it('rejects a record whose parent does not exist or was deleted', async () => {
      const orphan = service(randomUUID());
      const gone = organization(ORGANISATION.id);
      await kaart.pushed(coordinator.token, [create('organization', gone), { entity: 'organization', id: gone.id, baseVersion: 1, deleted: true }]);
      const results = await kaart.pushed(coordinator.token, [create('service', orphan), create('service', service(gone.id))]);
      expect(results.map((r) => [r.code, r.field])).toEqual([['unknown_reference', 'organization_id'], ['unknown_reference', 'organization_id']]);
    });

    it('answers 413 for more than 500 changes, 400 for a body without a list of changes, 415 for another content type', async () => {
      const tooMany = Array.from({ length: 501 }, () => create('organization', organization(ORGANISATION.id)));
      const response = await kaart.push(coordinator.token, tooMany);
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ error: 'too_many_records', message: 'Stuur hoogstens 500 wijzigingen tegelijk.' });
      const headers = { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' };
      expect((await server.app.inject({ method: 'POST', url: CHANGES, headers, payload: '{"changes":{}}' })).json().error).toBe('invalid_request');
      expect((await server.app.inject({ method: 'POST', url: CHANGES, headers, payload: '{"changes":[' })).json().error).toBe('invalid_json');
      const big = JSON.stringify({ changes: [create('organization', organization(ORGANISATION.id, { description: 'x'.repeat(3 * 1_048_576) }))] });
      expect((await server.app.inject({ method: 'POST', url: CHANGES, headers, payload: big })).statusCode).toBe(413);
      const text = await server.app.inject({ method: 'POST', url: CHANGES, headers: { ...headers, 'content-type': 'text/plain' }, payload: '{}' });
      expect(text.statusCode).toBe(415);
    });
  });

  describe('"Klopt niet" feedback', () => {
    it('a staff tablet reports an entry as wrong; every tablet of its organisation pulls the note, no other organisation does', async () => {
      const note = feedback(nationalService.id);
      expect(await kaart.pushed(staff.token, [create('feedback', note)])).toEqual([{ id: note.id, entity: 'feedback', status: 'applied', version: 1 }]);
      const [pulled] = (await kaart.pullAll(coordinator.token)).flatMap((p) => p.items).filter((item) => item.id === note.id);
      expect(pulled).toMatchObject({ entity: 'feedback', version: 1, deleted: false, data: note });
      expect(await kaart.visibleIds(otherStaff.token)).not.toContain(note.id);
      expect(await kaart.visibleIds(nationalToken)).not.toContain(note.id);
    });

    it('a coordinator resolves the note; staff cannot, and nobody rewrites what the staff member wrote', async () => {
      const note = feedback(ownService.id);
      await kaart.pushed(staff.token, [create('feedback', note)]);
      expect((await kaart.pushed(staff.token, [edit('feedback', { ...note, resolved: true }, 1)]))[0]).toMatchObject({ status: 'rejected', code: 'forbidden_scope', version: 1 });
      expect((await kaart.pushed(coordinator.token, [edit('feedback', { ...note, note: 'Anders', resolved: true }, 1)]))[0]).toMatchObject({ status: 'rejected', code: 'read_only', field: 'note' });
      expect((await kaart.pushed(coordinator.token, [edit('feedback', { ...note, resolved: true }, 1)]))[0]).toMatchObject({ status: 'applied', version: 2 });
      expect((await kaart.pushed(otherCoordinator.token, [edit('feedback', { ...note, resolved: false }, 2)]))[0]).toMatchObject({ status: 'rejected', code: 'id_in_use', version: 0 });
    });

    it('takes a mark sent again after its answer was lost as the mark it has, also once the coordinator closed it', async () => {
      // The tablet never heard the first answer; meanwhile the coordinator closed the report. A staff tablet's resend
      // was refused ("Alleen een coördinator kan een melding afhandelen."), a coordinator tablet's was a conflict whose
      // "mine" reopened the report: it is the same mark.
      for (const tablet of [staff, coordinator]) {
        const note = feedback(ownService.id);
        await kaart.pushed(tablet.token, [create('feedback', note)]);
        await kaart.pushed(coordinatorToken, [edit('feedback', { ...note, resolved: true }, 1)]);
        expect(await kaart.pushed(tablet.token, [create('feedback', note)])).toEqual([{ id: note.id, entity: 'feedback', status: 'applied', version: 2 }]);
        const [stored] = (await kaart.pullAll(coordinatorToken)).flatMap((p) => p.items).filter((item) => item.id === note.id);
        expect(stored).toMatchObject({ version: 2, data: { ...note, resolved: true } });
        // not the same mark: what the staff member wrote is never rewritten, nor is a closed report reopened by an edit
        expect((await kaart.pushed(tablet.token, [create('feedback', { ...note, note: 'Anders' })]))[0]).toMatchObject({ status: tablet === staff ? 'rejected' : 'conflict' });
        expect((await kaart.pushed(coordinator.token, [edit('feedback', note, 1)]))[0]).toMatchObject({ status: 'conflict', version: 2 });
      }
    });

    it('accepts a mark without a note', async () => {
      expect((await kaart.pushed(staff.token, [create('feedback', feedback(ownService.id, ''))]))[0]).toMatchObject({ status: 'applied', version: 1 });
    });

    it('refuses a note that holds personal data or is too long, and one about a service the organisation cannot see', async () => {
      const results = await kaart.pushed(staff.token, [
        create('feedback', feedback(ownService.id, 'Mevrouw belde vanaf 06-12345678 en het nummer klopt niet')),
        create('feedback', feedback(ownService.id, 'x'.repeat(501))),
        create('feedback', feedback(randomUUID())),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', code: 'personal_data', field: 'note', message: expect.stringContaining('telefoonnummer') });
      expect(results[1]).toMatchObject({ status: 'rejected', code: 'too_long', field: 'note' });
      expect(results[2]).toMatchObject({ status: 'rejected', code: 'unknown_reference', field: 'service_id' });
      // an emoji is one character: 500 of them fit, 501 do not
      const [atLimit, over] = await kaart.pushed(staff.token, [create('feedback', feedback(ownService.id, '😀'.repeat(500))), create('feedback', feedback(ownService.id, '😀'.repeat(501)))]);
      expect(atLimit).toMatchObject({ status: 'applied' });
      expect(over).toMatchObject({ status: 'rejected', code: 'too_long', message: 'Gebruik hoogstens 500 tekens. Nu zijn het er 501.' });
      const theirService = service(otherOrganization.id);
      await kaart.pushed(otherCoordinator.token, [create('service', theirService)]);
      expect((await kaart.pushed(staff.token, [create('feedback', feedback(theirService.id))]))[0]).toMatchObject({ code: 'unknown_reference' });
      expect((await kaart.pushed(nationalToken, [create('feedback', feedback(nationalService.id))]))[0]).toMatchObject({ code: 'forbidden_scope' });
    });
  });

  describe('paging while others write', () => {
    // PGlite has one connection, so its transactions never overlap: this one needs two.
    it.runIf(kind === 'postgres')('a change whose transaction was still open when a reader passed by is not skipped (change numbers follow commit order)', async () => {
      const start = await kaart.endCursor(staff.token);
      const slow = organization(ORGANISATION.id, { name: 'Langzame schrijver' });
      const fast = organization(ORGANISATION.id, { name: 'Snelle schrijver' });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const another = server.database.openAnother!();
      const held = another.transaction(async (tx) => {
        const results = await applyKaartChanges(tx, { scope: ORGANISATION.id, editsKaart: true, updatedBy: 'test' }, [create('organization', slow)]);
        entered();
        await gate;
        return results;
      });
      await inside;
      const fastPush = kaart.pushed(coordinator.token, [create('organization', fast)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await kaart.page(staff.token, start);
      expect(during.items.map((item) => item.id)).toEqual([]);
      release();
      expect((await held)[0].result.status).toBe('applied');
      expect((await fastPush)[0].status).toBe('applied');
      const after = await kaart.page(staff.token, during.nextCursor);
      expect(after.items.map((item) => item.id)).toEqual([slow.id, fast.id]);
    });

    it('a reader paging during many concurrent pushes ends up with every record exactly once', async () => {
      const start = await kaart.endCursor(staff.token);
      const written: string[] = [];
      const seen: string[] = [];
      let writing = true;
      const writers = Array.from({ length: 6 }, async () => {
        for (let round = 0; round < 5; round++) {
          const records = Array.from({ length: 10 }, () => organization(ORGANISATION.id, { name: 'Gelijktijdig' }));
          const results = await kaart.pushed(coordinator.token, records.map((r) => create('organization', r)));
          expect(results.every((r) => r.status === 'applied')).toBe(true);
          written.push(...records.map((r) => r.id));
        }
      });
      const reader = (async () => {
        let cursor = start;
        for (let pulls = 0; pulls < 5_000; pulls++) {
          const done = !writing;
          await new Promise((resolve) => setTimeout(resolve, 2));
          const page = await kaart.page(staff.token, cursor, 7);
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
          if (done && !page.hasMore) return;
        }
        throw new Error('the reader never reached the end');
      })();
      const allWritten = Promise.all(writers).then(() => {
        writing = false;
      });
      await Promise.all([allWritten, reader]);
      expect(seen).toHaveLength(written.length);
      expect(new Set(seen)).toEqual(new Set(written));
    });
  });
});
