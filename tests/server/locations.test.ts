import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { revokeDevice } from '../../src/server/devices';
import { LOCATIONS, ORGANISATION } from './fixtures';
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
});
