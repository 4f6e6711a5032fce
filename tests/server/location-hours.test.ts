import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { CLI_ACTOR } from '../../src/server/admin/actor';
import { updateLocation } from '../../src/server/admin/locations';
import { amsterdamDay } from '../../src/shared/time';
import { call, ORG } from './admin-fixtures';
import { LOCATIONS, ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, seedTestOrganisations, useDatabaseBefore, useTestServer } from './test-server';

const MIGRATION = '012_location_hours.sql';
const NEW_LOCATION = { name: 'Bibliotheek Berghem', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: '2025-01-06' };
const dayFromNow = (days: number) => amsterdamDay(new Date(Date.now() + days * 86_400_000));

interface Location { id: string; idoHoursPerWeek: number; openedOn: string; hoursHistory: Array<{ from: string; hoursPerWeek: number }> }

describe.each(DATABASE_KINDS)('IDO hours with the date they change on %s', (kind) => {
  const server = useTestServer(kind);
  let coordinator = '';
  beforeAll(async () => {
    coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
  });
  const patch = (id: string, body: unknown) => call(server, coordinator, 'PATCH', `${ORG}/locations/${id}`, body);
  const listed = async (id: string): Promise<Location> => ((await call(server, coordinator, 'GET', `${ORG}/locations`)).json().locations as Location[]).find((l) => l.id === id)!;
  async function newLocation(): Promise<Location> {
    const made = await call(server, coordinator, 'POST', `${ORG}/locations`, NEW_LOCATION);
    expect(made.statusCode, made.body).toBe(201);
    return made.json();
  }

  it('starts a new location\'s history with its hours from the day it opens', async () => {
    const made = await newLocation();
    expect(made).toMatchObject({ idoHoursPerWeek: 4, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }] });
    expect(await listed(made.id)).toMatchObject({ hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }] });
  });

  it('gives a location stored without history its hours from its opening day', async () => {
    expect(await listed('test-wijk')).toMatchObject({ idoHoursPerWeek: 2.5, hoursHistory: [{ from: '2024-02-01', hoursPerWeek: 2.5 }] });
  });

  it('changes the hours from the day given; from a day past, they are the hours in force now', async () => {
    const made = await newLocation();
    const response = await patch(made.id, { idoHoursPerWeek: 6, hoursFrom: '2025-09-01' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ idoHoursPerWeek: 6, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: '2025-09-01', hoursPerWeek: 6 }] });
  });

  it('plans hours from a day ahead: today\'s hours stay, for management, the tablets and the reports', async () => {
    const made = await newLocation();
    const ahead = dayFromNow(30);
    const response = await patch(made.id, { idoHoursPerWeek: 10, hoursFrom: ahead });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ idoHoursPerWeek: 4, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: ahead, hoursPerWeek: 10 }] });
    const tablet = await enrollTablet(server);
    const delivered = (await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}` } })).json();
    expect(delivered.locations.find((l: { id: string }) => l.id === made.id)).toMatchObject({ idoHoursPerWeek: 4 });
    const reported = (await server.app.inject({ method: 'GET', url: '/api/v1/report-locations', headers: { authorization: `Bearer ${coordinator}` } })).json();
    expect(reported.locations.find((l: { id: string }) => l.id === made.id)).toMatchObject({ idoHoursPerWeek: 4 });
    // The day comes: that step is in force (the day moved, as the clock would move it).
    await server.db.query('UPDATE location_hours SET valid_from = $2 WHERE location_id = $1 AND valid_from = $3', [made.id, dayFromNow(-1), ahead]);
    expect(await listed(made.id)).toMatchObject({ idoHoursPerWeek: 10 });
  });

  it('changes the hours from today when no day is given, and a second change that day replaces the first', async () => {
    const made = await newLocation();
    const today = amsterdamDay(new Date());
    expect((await patch(made.id, { idoHoursPerWeek: 5 })).json()).toMatchObject({ idoHoursPerWeek: 5, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: today, hoursPerWeek: 5 }] });
    expect((await patch(made.id, { idoHoursPerWeek: 7, hoursFrom: today })).json()).toMatchObject({ idoHoursPerWeek: 7, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: today, hoursPerWeek: 7 }] });
  });

  it('keeps a later planned step when an earlier day is changed', async () => {
    const made = await newLocation();
    const ahead = dayFromNow(60);
    await patch(made.id, { idoHoursPerWeek: 12, hoursFrom: ahead });
    const response = await patch(made.id, { idoHoursPerWeek: 3, hoursFrom: '2025-06-01' });
    expect(response.json()).toMatchObject({ idoHoursPerWeek: 3, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: '2025-06-01', hoursPerWeek: 3 }, { from: ahead, hoursPerWeek: 12 }] });
  });

  it('adds no step when a change sends the hours already in force that day (a form that sends every field)', async () => {
    const made = await newLocation();
    const response = await patch(made.id, { name: 'Bibliotheek Berghem-Oost', idoHoursPerWeek: 4 });
    expect(response.json()).toMatchObject({ name: 'Bibliotheek Berghem-Oost', idoHoursPerWeek: 4, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }] });
    expect((await patch(made.id, { idoHoursPerWeek: 4, hoursFrom: '2025-08-01' })).json().hoursHistory).toEqual([{ from: '2025-01-06', hoursPerWeek: 4 }]);
  });

  it('writes the hours before and after into the audit log', async () => {
    const made = await newLocation();
    await patch(made.id, { idoHoursPerWeek: 8, hoursFrom: '2025-03-03' });
    const entries = (await call(server, coordinator, 'GET', `${ORG}/audit`)).json().entries as Array<{ action: string; target: string; before: unknown; after: unknown }>;
    const update = entries.find((e) => e.action === 'location.update' && e.target === made.id)!;
    expect(update.before).toMatchObject({ idoHoursPerWeek: 4, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }] });
    expect(update.after).toMatchObject({ idoHoursPerWeek: 8, hoursHistory: [{ from: '2025-01-06', hoursPerWeek: 4 }, { from: '2025-03-03', hoursPerWeek: 8 }] });
  });

  it.each([
    ['a day without new hours', { hoursFrom: '2025-09-01' }, 'hoursFrom'],
    ['a day before the location opened', { idoHoursPerWeek: 6, hoursFrom: '2024-12-31' }, 'hoursFrom'],
    ['a day more than a year ahead', { idoHoursPerWeek: 6, hoursFrom: dayFromNow(400) }, 'hoursFrom'],
    ['a day that does not exist', { idoHoursPerWeek: 6, hoursFrom: '2025-02-30' }, 'hoursFrom'],
    ['a day in another format', { idoHoursPerWeek: 6, hoursFrom: '1-9-2025' }, 'hoursFrom'],
    ['a day as a number', { idoHoursPerWeek: 6, hoursFrom: 20250901 }, 'hoursFrom'],
    ['hostile text as the day', { idoHoursPerWeek: 6, hoursFrom: "2025-09-01'; DROP TABLE location_hours;--" }, 'hoursFrom'],
  ])('refuses %s with a Dutch message and changes nothing', async (_what, body, field) => {
    const made = await newLocation();
    const before = await listed(made.id);
    const response = await patch(made.id, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
    expect(response.json().message).toContain(field);
    expect(await listed(made.id)).toEqual(before);
  });

  it('does the same for every face of the service layer (the admin command\'s actor too)', async () => {
    const made = await newLocation();
    const changed = await updateLocation(server.db, CLI_ACTOR, ORGANISATION.id, made.id, { idoHoursPerWeek: 9, hoursFrom: '2025-04-07' });
    expect(changed.hoursHistory).toEqual([{ from: '2025-01-06', hoursPerWeek: 4 }, { from: '2025-04-07', hoursPerWeek: 9 }]);
    await expect(updateLocation(server.db, CLI_ACTOR, ORGANISATION.id, made.id, { hoursFrom: '2025-04-07' })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe.each(DATABASE_KINDS)('the hours migration on %s', (kind) => {
  const database = useDatabaseBefore(kind, MIGRATION);

  it('gives every existing location its current hours from the day it opened', async () => {
    const { db } = database;
    await seedTestOrganisations(db);
    expect(await database.apply()).toEqual([MIGRATION]);
    const rows = await db.query<{ location_id: string; valid_from: string; hours_per_week: number }>(
      'SELECT location_id, valid_from::text AS valid_from, hours_per_week FROM location_hours ORDER BY location_id',
    );
    const expected = [...LOCATIONS].map((l) => ({ location_id: l.id, valid_from: l.openedOn, hours_per_week: l.idoHoursPerWeek }));
    expect(rows.filter((r) => LOCATIONS.some((l) => l.id === r.location_id))).toEqual(expected.sort((a, b) => a.location_id.localeCompare(b.location_id)));
    expect(rows).toHaveLength(LOCATIONS.length + 1);
  });
});
