import { beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/server/api-tokens';
import { issueEnrollmentCode } from '../../src/server/enrollment/codes';
import { lastLocationDay } from '../../src/shared/location-days';
import { addDays } from '../../src/shared/calendar';
import { dayText, fullDayText } from '../../src/shared/date-text';
import { amsterdamDay } from '../../src/shared/time';
import { ADMIN, call, makeRoles, ORG, type Role, snapshot } from './admin-fixtures';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

const OTHER_ORG = `${ADMIN}/organisations/${OTHER_ORGANISATION.id}`;
const UNKNOWN_ORG = `${ADMIN}/organisations/00000000-0000-4000-8000-000000000000`;
const LOCATION = { name: 'Bibliotheek Berghem', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 };

/** Bad bodies: [what, method, url, body, the field the Dutch message names]. */
const BAD_INPUT: [string, string, string, unknown, string][] = [
  ['location without name', 'POST', `${ORG}/locations`, { ...LOCATION, name: undefined }, 'name'],
  ['location name too long', 'POST', `${ORG}/locations`, { ...LOCATION, name: 'x'.repeat(201) }, 'name'],
  ['location name with a line break', 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bieb\nBerghem' }, 'name'],
  ['location name with a NUL', 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bieb\u0000' }, 'name'],
  ['location name with a direction override', 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bieb \u202egnal' }, 'name'],
  ['location name as a number', 'POST', `${ORG}/locations`, { ...LOCATION, name: 42 }, 'name'],
  ['location wrong municipality code', 'POST', `${ORG}/locations`, { ...LOCATION, municipalityCode: 'GM85' }, 'municipalityCode'],
  ['location unknown province', 'POST', `${ORG}/locations`, { ...LOCATION, province: 'Brabant' }, 'province'],
  ['location unknown kind', 'POST', `${ORG}/locations`, { ...LOCATION, kind: 'kasteel' }, 'kind'],
  ['location unknown scenario', 'POST', `${ORG}/locations`, { ...LOCATION, scenarios: ['spreekuur', 'toveren'] }, 'scenarios'],
  ['location no scenarios', 'POST', `${ORG}/locations`, { ...LOCATION, scenarios: [] }, 'scenarios'],
  ['location hours past a week', 'POST', `${ORG}/locations`, { ...LOCATION, idoHoursPerWeek: 169 }, 'idoHoursPerWeek'],
  ['location hours as text', 'POST', `${ORG}/locations`, { ...LOCATION, idoHoursPerWeek: '4' }, 'idoHoursPerWeek'],
  ['location catchment not whole', 'POST', `${ORG}/locations`, { ...LOCATION, catchmentPopulation: 1.5 }, 'catchmentPopulation'],
  ['location latitude without longitude', 'POST', `${ORG}/locations`, { ...LOCATION, latitude: 51.7 }, 'latitude'],
  ['location latitude off the globe', 'POST', `${ORG}/locations`, { ...LOCATION, latitude: 91, longitude: 5 }, 'latitude'],
  ['location impossible date', 'POST', `${ORG}/locations`, { ...LOCATION, openedOn: '2025-02-30' }, 'openedOn'],
  ['location opened in the year 202 (a typo)', 'POST', `${ORG}/locations`, { ...LOCATION, openedOn: '0202-03-01' }, 'openedOn'],
  ['location opened before the first IDOs', 'POST', `${ORG}/locations`, { ...LOCATION, openedOn: '2018-12-31' }, 'openedOn'],
  ['location opened in 2206 (a typo)', 'POST', `${ORG}/locations`, { ...LOCATION, openedOn: '2206-03-01' }, 'openedOn'],
  ['location with an organisationId field', 'POST', `${ORG}/locations`, { ...LOCATION, organisationId: OTHER_ORGANISATION.id }, 'organisationId'],
  ['location with an id field', 'POST', `${ORG}/locations`, { ...LOCATION, id: 'elders-centrum' }, 'id'],
  ['location change without fields', 'PATCH', `${ORG}/locations/test-centrum`, {}, 'veld'],
  ['location change to an empty name', 'PATCH', `${ORG}/locations/test-centrum`, { name: '   ' }, 'name'],
  ['location change of its organisation', 'PATCH', `${ORG}/locations/test-centrum`, { organisationId: OTHER_ORGANISATION.id }, 'organisationId'],
  ['location close on no date', 'POST', `${ORG}/locations/test-centrum/close`, { closedOn: 'gisteren' }, 'closedOn'],
  ['location close in 2206 (a typo)', 'POST', `${ORG}/locations/test-centrum/close`, { closedOn: '2206-06-30' }, 'closedOn'],
  ['code with an unknown role', 'POST', `${ORG}/codes`, { role: 'beheerder' }, 'role'],
  ['code without role', 'POST', `${ORG}/codes`, { days: 3 }, 'role'],
  ['code valid 0 days', 'POST', `${ORG}/codes`, { role: 'medewerker', days: 0 }, 'days'],
  ['code valid over a year', 'POST', `${ORG}/codes`, { role: 'medewerker', days: 366 }, 'days'],
  ['code chosen by the caller', 'POST', `${ORG}/codes`, { role: 'medewerker', code: 'AAAA-BBBB' }, 'code'],
  ['device label too long', 'PATCH', `${ORG}/devices/{device}`, { label: 'x'.repeat(101) }, 'label'],
  ['device label a tab', 'PATCH', `${ORG}/devices/{device}`, { label: 'Balie\t1' }, 'label'],
  ['device without label', 'PATCH', `${ORG}/devices/{device}`, {}, 'label'],
  ['device role change', 'PATCH', `${ORG}/devices/{device}`, { label: 'Balie', role: 'coordinator' }, 'role'],
  ['token for 0 days', 'POST', `${ORG}/tokens`, { days: 0 }, 'days'],
  ['token days as text', 'POST', `${ORG}/tokens`, { days: 'veel' }, 'days'],
  ['token with a national role', 'POST', `${ORG}/tokens`, { role: 'national' }, 'role'],
  ['a list as body', 'POST', `${ORG}/codes`, [{ role: 'medewerker' }], 'JSON-object'],
];

/** Bad bodies on national routes, with a national token. */
const BAD_NATIONAL_INPUT: [string, string, string, unknown, string][] = [
  ['organisation without name', 'POST', `${ADMIN}/organisations`, {}, 'name'],
  ['organisation name too long', 'POST', `${ADMIN}/organisations`, { name: 'x'.repeat(201) }, 'name'],
  ['organisation wrong municipality', 'POST', `${ADMIN}/organisations`, { name: 'Bieb', municipalityCode: 'XX1' }, 'municipalityCode'],
  ['organisation rename to isolate marks', 'PATCH', ORG, { name: 'Bieb \u2066x\u2069' }, 'name'],
  ['organisation rename with is_demo', 'PATCH', ORG, { name: 'Bieb', demo: false }, 'demo'],
  ['municipalities without csv', 'POST', `${ADMIN}/municipalities`, {}, 'csv'],
  ['municipalities with a bad line', 'POST', `${ADMIN}/municipalities`, { csv: 'code;name;province;population\nGM0828;Oss;Noord-Brabant;veel\n' }, 'regel'],
  // More than 5 bad lines: the first 5 named, the rest counted (the message said nothing of them).
  ['municipalities with 6 bad lines', 'POST', `${ADMIN}/municipalities`, { csv: `code;name;province;population\n${'GM0828;Oss;Noord-Brabant;veel\n'.repeat(6)}` }, 'En nog 1 regel met een fout.'],
  ['municipalities with 17 bad lines', 'POST', `${ADMIN}/municipalities`, { csv: `code;name;province;population\n${'GM0828;Oss;Noord-Brabant;veel\n'.repeat(17)}` }, 'En nog 12 regels met een fout.'],
  ['national token for 0 days', 'POST', `${ADMIN}/national-tokens`, { days: 0 }, 'days'],
];

describe.each(DATABASE_KINDS)('admin API rules on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  let deviceId: string;

  beforeAll(async () => {
    roles = await makeRoles(server);
    deviceId = (await enrollTablet(server)).deviceId;
  });

  it.each(BAD_INPUT)('%s: 400 in Dutch naming the field, nothing changed', async (_what, method, url, body, field) => {
    const before = await snapshot(server.db);
    const response = await call(server, roles.coordinator, method as 'POST', url.replace('{device}', deviceId), body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_request');
    expect(response.json().message).toContain(field);
    expect(await snapshot(server.db)).toBe(before);
  });

  it.each(BAD_NATIONAL_INPUT)('%s (national): 400 in Dutch naming the field, nothing changed', async (_what, method, url, body, field) => {
    const before = await snapshot(server.db);
    const response = await call(server, roles.national, method as 'POST', url, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining(field) });
    expect(await snapshot(server.db)).toBe(before);
  });

  it('counts an emoji in a name as one character, as Beheer and koppelen do: at the limit stored whole, one more refused with the count', async () => {
    const emoji = (n: number) => '😀'.repeat(n);
    const location = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: emoji(200) });
    expect(location.statusCode, location.body).toBeLessThan(300);
    const organisation = await call(server, roles.national, 'POST', `${ADMIN}/organisations`, { name: ` ${emoji(200)} ` });
    expect(organisation.statusCode, organisation.body).toBeLessThan(300);
    const device = await call(server, roles.coordinator, 'PATCH', `${ORG}/devices/${deviceId}`, { label: emoji(100) });
    expect(device.statusCode, device.body).toBe(200);
    const lengths = async (table: string, column: string, value: string) =>
      (await server.db.query<{ n: number }>(`SELECT char_length(${column})::int AS n FROM ${table} WHERE ${column} = $1`, [value])).map((row) => row.n);
    expect(await lengths('locations', 'name', emoji(200))).toEqual([200]);
    expect(await lengths('organisations', 'name', emoji(200))).toEqual([200]);
    expect(await lengths('devices', 'label', emoji(100))).toEqual([100]);

    const before = await snapshot(server.db);
    for (const [token, method, url, body, message] of [
      [roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: emoji(201) }, 'Het veld "name" is te lang: hoogstens 200 tekens. Nu zijn het er 201.'],
      [roles.national, 'POST', `${ADMIN}/organisations`, { name: emoji(201) }, 'Het veld "name" is te lang: hoogstens 200 tekens. Nu zijn het er 201.'],
      [roles.coordinator, 'PATCH', `${ORG}/devices/${deviceId}`, { label: emoji(101) }, 'Het veld "label" is te lang: hoogstens 100 tekens. Nu zijn het er 101.'],
    ] as const) {
      const response = await call(server, token, method, url, body);
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message });
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('another organisation\'s ids are answered like unknown ids, and nothing changes', async () => {
    const code = await issueEnrollmentCode(server.db, ORGANISATION.id);
    const token = await issueApiToken(server.db, 'coordinator', ORGANISATION.id);
    const national = await issueApiToken(server.db, 'national', null);
    const before = await snapshot(server.db);
    const unknown = await call(server, roles.otherCoordinator, 'PATCH', `${OTHER_ORG}/locations/bestaat-niet`, { name: 'x' });
    expect(unknown.statusCode).toBe(404);
    const attempts: [string, string, unknown?][] = [
      ['PATCH', `${OTHER_ORG}/locations/test-centrum`, { name: 'Overgenomen' }],
      ['POST', `${OTHER_ORG}/locations/test-centrum/close`],
      ['POST', `${OTHER_ORG}/codes/${code.id}/revoke`],
      ['PATCH', `${OTHER_ORG}/devices/${deviceId}`, { label: 'Overgenomen' }],
      ['POST', `${OTHER_ORG}/devices/${deviceId}/revoke`],
      ['POST', `${OTHER_ORG}/tokens/${token.id}/revoke`],
      ['PATCH', `${ORG}/locations/test-centrum`, { name: 'Overgenomen' }],
      ['POST', `${ORG}/codes`, { role: 'coordinator' }],
      ['GET', `${ORG}/devices`],
      ['GET', `${ORG}/audit`],
    ];
    for (const [method, url, body] of attempts) {
      const response = await call(server, roles.otherCoordinator, method as 'POST', url, body);
      expect([url, response.statusCode, response.json().error]).toEqual([url, 404, 'not_found']);
    }
    // Our own coordinator cannot reach a national token through its organisation's path either.
    const national404 = await call(server, roles.coordinator, 'POST', `${ORG}/tokens/${national.id}/revoke`);
    expect(national404.statusCode).toBe(404);
    // An existing other organisation looks exactly like one that does not exist.
    const other = await call(server, roles.coordinator, 'GET', `${OTHER_ORG}/locations`);
    const nowhere = await call(server, roles.coordinator, 'GET', `${UNKNOWN_ORG}/locations`);
    expect([other.statusCode, other.body]).toEqual([nowhere.statusCode, nowhere.body]);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('the scope comes before the body: a bad body on another organisation\'s id is 404, not 400, and nothing changes', async () => {
    const code = await issueEnrollmentCode(server.db, ORGANISATION.id);
    const token = await issueApiToken(server.db, 'coordinator', ORGANISATION.id);
    const otherCode = await issueEnrollmentCode(server.db, OTHER_ORGANISATION.id);
    const otherToken = await issueApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id);
    const otherDevice = (await enrollTablet(server, OTHER_ORGANISATION.id)).deviceId;
    const before = await snapshot(server.db);
    const attempts: [string | undefined, string][] = [
      // another organisation in the path
      [roles.coordinator, `${OTHER_ORG}/codes/${otherCode.id}/revoke`],
      [roles.coordinator, `${OTHER_ORG}/devices/${otherDevice}/revoke`],
      [roles.coordinator, `${OTHER_ORG}/tokens/${otherToken.id}/revoke`],
      [roles.otherCoordinator, `${ORG}/codes/${code.id}/revoke`],
      [roles.otherCoordinator, `${ORG}/devices/${deviceId}/revoke`],
      [roles.otherCoordinator, `${ORG}/tokens/${token.id}/revoke`],
      // the own organisation in the path, another organisation's id
      [roles.coordinator, `${ORG}/codes/${otherCode.id}/revoke`],
      [roles.coordinator, `${ORG}/devices/${otherDevice}/revoke`],
      [roles.coordinator, `${ORG}/tokens/${otherToken.id}/revoke`],
      [roles.national, `${ADMIN}/national-tokens/${token.id}/revoke`],
    ];
    for (const [caller, url] of attempts) {
      const response = await call(server, caller, 'POST', url, { x: 1 });
      expect([url, response.statusCode, response.json().error]).toEqual([url, 404, 'not_found']);
    }
    expect(await snapshot(server.db)).toBe(before);
    // In scope, the same body is 400 naming the field, and nothing is revoked.
    for (const url of [`${ORG}/codes/${code.id}/revoke`, `${ORG}/devices/${deviceId}/revoke`, `${ORG}/tokens/${token.id}/revoke`]) {
      const response = await call(server, roles.coordinator, 'POST', url, { x: 1 });
      expect([url, response.statusCode, response.json().message]).toEqual([url, 400, expect.stringContaining('"x"')]);
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('a JSON null is a body, not "no body": every route that takes none or {} refuses it with 400, and nothing is done', async () => {
    const code = await issueEnrollmentCode(server.db, ORGANISATION.id);
    const token = await issueApiToken(server.db, 'coordinator', ORGANISATION.id);
    const national = await issueApiToken(server.db, 'national', null);
    const before = await snapshot(server.db);
    // Each would be carried out with no body at all: deactivate, reactivate, a new token, a revoke, a closing today.
    const attempts: [string | undefined, string][] = [
      [roles.national, `${ORG}/deactivate`],
      [roles.national, `${ORG}/reactivate`],
      [roles.coordinator, `${ORG}/tokens`],
      [roles.national, `${ADMIN}/national-tokens`],
      [roles.coordinator, `${ORG}/codes/${code.id}/revoke`],
      [roles.coordinator, `${ORG}/devices/${deviceId}/revoke`],
      [roles.coordinator, `${ORG}/tokens/${token.id}/revoke`],
      [roles.national, `${ADMIN}/national-tokens/${national.id}/revoke`],
      [roles.coordinator, `${ORG}/locations/test-centrum/close`],
    ];
    for (const [caller, url] of attempts) {
      const response = await call(server, caller, 'POST', url, null);
      expect([url, response.statusCode, response.json()]).toEqual([url, 400, { error: 'invalid_request', message: expect.stringContaining('JSON-object') }]);
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('a national token made for an organisation (create-token --role national --organisation) is not that organisation\'s to see or revoke', async () => {
    const national = await issueApiToken(server.db, 'national', ORGANISATION.id);
    const listed = (await call(server, roles.coordinator, 'GET', `${ORG}/tokens`)).json().tokens;
    expect(listed.map((t: { id: string }) => t.id)).not.toContain(national.id);
    expect(listed.every((t: { role: string }) => t.role === 'coordinator')).toBe(true);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/tokens/${national.id}/revoke`)).statusCode).toBe(404);
    const [row] = await server.db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1', [national.id]);
    expect(row.revoked).toBe(false);
  });

  it('a coordinator lists only its own organisation, national all', async () => {
    const own = (await call(server, roles.coordinator, 'GET', `${ADMIN}/organisations`)).json().organisations;
    expect(own.map((o: { id: string }) => o.id)).toEqual([ORGANISATION.id]);
    const all = (await call(server, roles.national, 'GET', `${ADMIN}/organisations`)).json().organisations;
    expect(all.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([ORGANISATION.id, OTHER_ORGANISATION.id]));
  });

  it('a coordinator tablet cannot revoke itself', async () => {
    const me = await call(server, roles.coordinatorTablet, 'GET', `${ORG}/devices`);
    const self = me.json().devices.find((d: { role: string; revokedAt: string | null }) => d.role === 'coordinator' && d.revokedAt === null);
    const response = await call(server, roles.coordinatorTablet, 'POST', `${ORG}/devices/${self.id}/revoke`);
    expect(response.statusCode).toBe(400);
  });

  it('takes a location\'s days from 2019 up to a year ahead, and says in Dutch what to fill in outside them', async () => {
    const last = lastLocationDay();
    const post = (openedOn: string) => call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: `Bibliotheek ${openedOn}`, openedOn });
    const first = await post('2019-01-01');
    expect(first.statusCode, first.body).toBe(201);
    const planned = await post(last);
    expect(planned.statusCode, planned.body).toBe(201);
    expect((await call(server, roles.coordinator, 'POST', `${ORG}/locations/${first.json().id}/close`, { closedOn: last })).json()).toMatchObject({ closedOn: last });

    const before = await snapshot(server.db);
    const early = await post('2018-12-31');
    expect(early.json()).toEqual({ error: 'invalid_request', message: 'Het veld "openedOn" ligt vóór 2019, toen de eerste IDO\'s opengingen. Vul de dag in waarop de locatie openging of opengaat.' });
    const late = await post(addDays(last, 1));
    expect(late.json()).toEqual({ error: 'invalid_request', message: `Het veld "openedOn" ligt te ver vooruit: hoogstens een jaar, tot en met ${fullDayText(last)}. Vul de dag in waarop de locatie openging of opengaat.` });
    const closing = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${planned.json().id}/close`, { closedOn: addDays(last, 1) });
    expect(closing.json()).toEqual({ error: 'invalid_request', message: `Het veld "closedOn" ligt te ver vooruit: hoogstens een jaar, tot en met ${fullDayText(last)}. Vul de dag in waarop de locatie sluit, of laat het weg voor vandaag.` });
    expect(await snapshot(server.db)).toBe(before);
  });

  it('clears a location\'s inhabitants, or its latitude and longitude together, with null in a change (Beheer\'s emptied "(mag leeg)" fields)', async () => {
    const made = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bibliotheek Leeg', catchmentPopulation: 25000, latitude: 51.7, longitude: 5.3 });
    expect(made.statusCode, made.body).toBe(201);
    const path = `${ORG}/locations/${made.json().id}`;
    const before = await snapshot(server.db);
    for (const [body, field] of [[{ latitude: null }, 'latitude'], [{ name: null }, 'name'], [{ idoHoursPerWeek: null }, 'idoHoursPerWeek']] as const) {
      const refused = await call(server, roles.coordinator, 'PATCH', path, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().message).toContain(`"${field}"`);
    }
    const newWithNull = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bibliotheek Nul', catchmentPopulation: null });
    expect(newWithNull.statusCode).toBe(400);
    expect(await snapshot(server.db)).toBe(before);
    const cleared = await call(server, roles.coordinator, 'PATCH', path, { catchmentPopulation: null, latitude: null, longitude: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).not.toHaveProperty('catchmentPopulation');
    expect(cleared.json()).not.toHaveProperty('latitude');
    expect((await call(server, roles.coordinator, 'GET', `${ORG}/locations`)).json().locations.find((l: { id: string }) => l.id === made.json().id))
      .toMatchObject({ name: 'Bibliotheek Leeg', idoHoursPerWeek: 4 });
    const [row] = await server.db.query('SELECT catchment_population, latitude, longitude FROM locations WHERE id = $1', [made.json().id]);
    expect(row).toEqual({ catchment_population: null, latitude: null, longitude: null });
  });

  it('refuses "Sluiten" (no day: today) of a location that opens later with both days and what to do, naming no field', async () => {
    const opens = addDays(amsterdamDay(new Date()), 30);
    const planned = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bibliotheek Later', openedOn: opens });
    expect(planned.statusCode, planned.body).toBe(201);
    const before = await snapshot(server.db);
    const today = amsterdamDay(new Date());
    const closing = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${planned.json().id}/close`);
    expect(closing.statusCode).toBe(400);
    expect(closing.json()).toEqual({ error: 'invalid_request', message: `Bibliotheek Later gaat pas open op ${dayText(opens)}. Vandaag is het ${dayText(today)}: `
      + `een locatie kan niet sluiten voordat hij opengaat. Sluit de locatie op ${dayText(opens)} of later.` });
    // A day sent before the opening names the field that carried it, as before.
    const early = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${planned.json().id}/close`, { closedOn: addDays(opens, -1) });
    expect(early.json()).toEqual({ error: 'invalid_request', message: `Het veld "closedOn" ligt vóór de opening van de locatie (${fullDayText(opens)}). Kies die dag of later.` });
    expect(await snapshot(server.db)).toBe(before);
    const onOpening = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${planned.json().id}/close`, { closedOn: opens });
    expect(onOpening.json()).toMatchObject({ closedOn: opens });
  });

  it('holds a location stored with an opening day before the range (0202) to the range too: no hours or closing in the year 202', async () => {
    const made = await call(server, roles.coordinator, 'POST', `${ORG}/locations`, { ...LOCATION, name: 'Bibliotheek Oud' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    await server.db.query("UPDATE locations SET opened_on = '0202-03-01' WHERE id = $1", [id]);
    await server.db.query("UPDATE location_hours SET valid_from = '0202-03-01' WHERE location_id = $1", [id]);
    const hoursBefore = await server.db.query('SELECT valid_from::text, hours_per_week FROM location_hours WHERE location_id = $1 ORDER BY valid_from', [id]);
    const before = await snapshot(server.db);
    const hours = await call(server, roles.coordinator, 'PATCH', `${ORG}/locations/${id}`, { idoHoursPerWeek: 6, hoursFrom: '0202-09-01' });
    expect(hours.json()).toEqual({ error: 'invalid_request', message: 'Het veld "hoursFrom" ligt vóór 2019, toen de eerste IDO\'s opengingen. Vul de dag in waarop de nieuwe uren ingaan, of laat het weg voor vandaag.' });
    const closing = await call(server, roles.coordinator, 'POST', `${ORG}/locations/${id}/close`, { closedOn: '0202-09-01' });
    expect(closing.json()).toEqual({ error: 'invalid_request', message: 'Het veld "closedOn" ligt vóór 2019, toen de eerste IDO\'s opengingen. Vul de dag in waarop de locatie sluit, of laat het weg voor vandaag.' });
    expect(await snapshot(server.db)).toBe(before);
    expect(await server.db.query('SELECT valid_from::text, hours_per_week FROM location_hours WHERE location_id = $1 ORDER BY valid_from', [id])).toEqual(hoursBefore);
  });

  // Last: it deactivates the other organisation.
  it('a deactivated organisation\'s coordinator can no longer manage it; national still can', async () => {
    expect((await call(server, roles.otherCoordinator, 'GET', `${OTHER_ORG}/locations`)).statusCode).toBe(200);
    expect((await call(server, roles.national, 'POST', `${OTHER_ORG}/deactivate`)).json().deactivatedAt).toEqual(expect.any(String));
    const before = await snapshot(server.db);
    const refused = await call(server, roles.otherCoordinator, 'POST', `${OTHER_ORG}/codes`, { role: 'coordinator' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'organisation_deactivated', message: 'Deze organisatie is gedeactiveerd door het landelijk team.' });
    expect(await snapshot(server.db)).toBe(before);
    expect((await call(server, roles.national, 'GET', `${OTHER_ORG}/locations`)).statusCode).toBe(200);
  });
});
