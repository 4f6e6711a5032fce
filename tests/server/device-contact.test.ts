import { describe, expect, it } from 'vitest';
import { ORG } from './admin-fixtures';
import { batch, ORGANISATION, registration } from './fixtures';
import { createApiToken } from '../../src/server/api-tokens';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer, type TestServer } from './test-server';

/*
 * A tablet's sync requests carry IDO-App-Version, IDO-Pending and IDO-Clock; the coordinator's devices list shows
 * the app version, what was waiting on the tablet, how far its clock was off and when it last made contact (docs/admin-api.md).
 */
describe.each(DATABASE_KINDS)('tablets at their last contact on %s', (kind) => {
  const server = useTestServer(kind);

  async function devices(s: TestServer) {
    const token = await createApiToken(s.db, 'coordinator', ORGANISATION.id);
    const response = await s.app.inject({ method: 'GET', url: `${ORG}/devices`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    return response.json().devices as Array<{ id: string; appVersion: string | null; pendingAtLastContact: number | null; lastContactAt: string | null; clockAheadSeconds: number | null }>;
  }
  const deviceOf = async (id: string) => (await devices(server)).find((d) => d.id === id)!;

  it('shows no version, no count and no contact for a tablet that has only enrolled', async () => {
    const tablet = await enrollTablet(server);
    expect(await deviceOf(tablet.deviceId)).toMatchObject({ appVersion: null, pendingAtLastContact: null, lastContactAt: null, clockAheadSeconds: null });
  });

  it('records how far the tablet\'s clock is off (IDO-Clock), ahead or behind, and keeps it through a request without the header', async () => {
    const tablet = await enrollTablet(server);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const locations = (clock?: string) => server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, ...(clock ? { 'ido-clock': clock } : {}) } });
    expect((await locations(at(-3 * 3_600_000))).statusCode).toBe(200);
    expect(Math.abs((await deviceOf(tablet.deviceId)).clockAheadSeconds! + 3 * 3_600)).toBeLessThanOrEqual(5);
    await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]), { 'ido-clock': at(2 * 86_400_000) });
    expect(Math.abs((await deviceOf(tablet.deviceId)).clockAheadSeconds! - 2 * 86_400)).toBeLessThanOrEqual(5);
    await locations();
    expect(Math.abs((await deviceOf(tablet.deviceId)).clockAheadSeconds! - 2 * 86_400)).toBeLessThanOrEqual(5);
    // a tablet whose battery ran empty and that starts in 1970: far off, and stored
    await locations('1970-01-01T00:00:00.000Z');
    expect((await deviceOf(tablet.deviceId)).clockAheadSeconds).toBeLessThan(-1_700_000_000);
    // a year past 9999 is no instant toISOString writes with four digits: ignored, the value stays
    await locations('+275760-09-13T00:00:00.000Z');
    expect((await deviceOf(tablet.deviceId)).clockAheadSeconds).toBeLessThan(-1_700_000_000);
    // further off than an integer column holds: stored as that far
    await locations('9999-12-31T23:59:59.999Z');
    expect((await deviceOf(tablet.deviceId)).clockAheadSeconds).toBe(2_147_483_647);
  });

  it.each([
    ['a local time without a zone', '2026-12-07T10:15:00'],
    ['a date only', '2026-12-07'],
    ['an HTTP date', 'Mon, 07 Dec 2026 10:15:00 GMT'],
    ['a day that does not exist', '2026-02-30T10:15:00.000Z'],
    ['words', 'nu'],
    ['a huge value', '2026-12-07T10:15:00.000Z'.repeat(1000)],
  ])('ignores a clock given as %s: the request is served and the stored value stays', async (_name, bad) => {
    const tablet = await enrollTablet(server);
    await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-clock': new Date(Date.now() - 600_000).toISOString() } });
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-clock': bad } });
    expect(response.statusCode).toBe(200);
    expect(Math.abs((await deviceOf(tablet.deviceId)).clockAheadSeconds! + 600)).toBeLessThanOrEqual(5);
  });

  it('records the version and waiting count a batch, the locations list and the kaart pull carry', async () => {
    const tablet = await enrollTablet(server);
    const sent = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]), { 'ido-app-version': '1.4.0+build.7', 'ido-pending': '12' });
    expect(sent.statusCode).toBe(200);
    const afterBatch = await deviceOf(tablet.deviceId);
    expect(afterBatch).toMatchObject({ appVersion: '1.4.0+build.7', pendingAtLastContact: 12 });
    expect(Date.now() - Date.parse(afterBatch.lastContactAt!)).toBeLessThan(60_000);

    const locations = await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': '1.5.0', 'ido-pending': '0' } });
    expect(locations.statusCode).toBe(200);
    expect(await deviceOf(tablet.deviceId)).toMatchObject({ appVersion: '1.5.0', pendingAtLastContact: 0 });

    const kaart = await server.app.inject({ method: 'GET', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': '1.6.0-rc.1', 'ido-pending': '3' } });
    expect(kaart.statusCode).toBe(200);
    expect(await deviceOf(tablet.deviceId)).toMatchObject({ appVersion: '1.6.0-rc.1', pendingAtLastContact: 3 });
  });

  it.each([
    ['a version with a space', { 'ido-app-version': '1.0 beta' }],
    ['a version with markup', { 'ido-app-version': '<script>' }],
    ['a version of 41 characters', { 'ido-app-version': '1'.repeat(41) }],
    ['an empty version', { 'ido-app-version': '' }],
    ['a negative count', { 'ido-pending': '-1' }],
    ['a count above ten million', { 'ido-pending': '10000001' }],
    ['a count with a decimal', { 'ido-pending': '2.5' }],
    ['a count with a leading zero', { 'ido-pending': '07' }],
    ['a count in words', { 'ido-pending': 'twaalf' }],
    ['a huge count', { 'ido-pending': '99999999999999999999' }],
  ])('ignores %s: the request is served and the stored value stays', async (_name, bad) => {
    const tablet = await enrollTablet(server);
    const good = await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': '2.0.0', 'ido-pending': '5' } });
    expect(good.statusCode).toBe(200);
    const response = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]), { 'ido-app-version': '2.0.0', 'ido-pending': '4', ...bad });
    expect(response.statusCode).toBe(200);
    expect(response.json().results[0].status).toBe('accepted');
    const device = await deviceOf(tablet.deviceId);
    if ('ido-app-version' in bad) expect(device).toMatchObject({ appVersion: '2.0.0', pendingAtLastContact: 4 });
    else expect(device).toMatchObject({ appVersion: '2.0.0', pendingAtLastContact: 5 });
  });

  it('takes the biggest count allowed and keeps a version of exactly 40 characters', async () => {
    const tablet = await enrollTablet(server);
    const version = `1.0.0+${'a'.repeat(34)}`;
    await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': version, 'ido-pending': '10000000' } });
    expect(await deviceOf(tablet.deviceId)).toMatchObject({ appVersion: version, pendingAtLastContact: 10_000_000 });
  });

  it('notes the contact time of a request without the headers and keeps what the tablet said before', async () => {
    const tablet = await enrollTablet(server);
    await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': '3.0.0', 'ido-pending': '1' } });
    await server.db.query("UPDATE devices SET last_contact_at = now() - interval '2 days' WHERE id = $1", [tablet.deviceId]);
    await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}` } });
    const device = await deviceOf(tablet.deviceId);
    expect(device).toMatchObject({ appVersion: '3.0.0', pendingAtLastContact: 1 });
    expect(Date.now() - Date.parse(device.lastContactAt!)).toBeLessThan(60_000);
  });

  it('records nothing for a revoked tablet or a request with a wrong token', async () => {
    const tablet = await enrollTablet(server);
    await server.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [tablet.deviceId]);
    const revoked = await server.app.inject({ method: 'GET', url: '/api/v1/locations', headers: { authorization: `Bearer ${tablet.token}`, 'ido-app-version': '9.9.9', 'ido-pending': '9' } });
    expect(revoked.statusCode).toBe(403);
    expect(await deviceOf(tablet.deviceId)).toMatchObject({ appVersion: null, pendingAtLastContact: null, lastContactAt: null, clockAheadSeconds: null });
  });
});
