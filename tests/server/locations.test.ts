import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/server/admin/actor';
import { addLocation } from '../../src/server/admin/locations';
import { createApiToken } from '../../src/server/api-tokens';
import { ApiError } from '../../src/server/errors';
import { createLocation } from '../../src/server/organisations/organisations';
import { revokeDevice } from '../../src/server/devices';
import { LOCATIONS, ORGANISATION } from './fixtures';
import { whileWriteHeld } from './held-write';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

describe.each(DATABASE_KINDS)('GET /locations on %s', (kind) => {
  const server = useTestServer(kind);
  const get = (token?: string) => server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('gives a tablet its own organisation\'s locations, closed ones marked', async () => {
    const tablet = await enrollTablet(server);
    await server.db.query("UPDATE locations SET closed_on = '2026-06-30' WHERE id = 'test-wijk'");
    const response = await get(tablet.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body.organisation).toEqual({ id: ORGANISATION.id, name: ORGANISATION.name });
    expect(body.locations.map((l: { id: string }) => l.id).sort()).toEqual(LOCATIONS.map((l) => l.id).sort());
    expect(body.locations.find((l: { id: string }) => l.id === 'test-wijk').closedOn).toBe('2026-06-30');
    expect(body.locations.find((l: { id: string }) => l.id === 'test-centrum')).not.toHaveProperty('closedOn');
  });

  it('refuses no token (401), an api token (403) and a revoked tablet (403)', async () => {
    expect((await get()).statusCode).toBe(401);
    expect((await get(await createApiToken(server.db, 'coordinator', ORGANISATION.id))).json().error).toBe('forbidden');
    const tablet = await enrollTablet(server);
    await revokeDevice(server.db, tablet.deviceId);
    expect((await get(tablet.token)).json().error).toBe('device_revoked');
  });

  it.runIf(kind === 'postgres')('two adds of the same location id at once: the second gets the Dutch "al een locatie" answer, not a 500', async () => {
    const location = { ...LOCATIONS[0], id: 'tegelijk-toegevoegd', name: 'Tegelijk' };
    // The first add has written the row and not committed yet, so the second's check finds nothing, and its insert
    // waits on the unique key.
    const outcome = await whileWriteHeld(server.database.openAnother!(), (tx) => createLocation(tx, location).then(() => {}),
      () => addLocation(server.db, CLI_ACTOR, ORGANISATION.id, { ...location, organisationId: undefined } as never).then(() => 'stored', (error: unknown) => error));
    expect(outcome).toBeInstanceOf(ApiError);
    expect(outcome).toMatchObject({ code: 'invalid_request', message: 'Er is al een locatie met id tegelijk-toegevoegd.' });
    expect(await server.db.query("SELECT name FROM locations WHERE id = 'tegelijk-toegevoegd'")).toEqual([{ name: 'Tegelijk' }]);
    expect(await server.db.query("SELECT 1 FROM location_hours WHERE location_id = 'tegelijk-toegevoegd'")).toEqual([]);
  });
});
