import { describe, expect, it } from 'vitest';
import { saveRegistration } from '../../src/db/registrations';
import { revokeDevice } from '../../src/server/devices';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID } from '../../src/server/organisations/demo';
import { getDevice } from '../../src/sync/device';
import { enrollDevice } from '../../src/sync/enroll';
import { syncAll } from '../../src/sync/kaart-sync';
import { pauseExplanation } from '../../src/sync/status';
import { fetchTransport } from '../../src/sync/transport';
import '../server/server-secret'; // the server's codes and tokens need its secret
import { makeRegistration } from './fixtures';
import { useRealServer } from './real-server';

/*
 * A tablet its coordinator revoked keeps what it had not sent. Instellingen tells staff the two ways on (pauseExplanation):
 * the emergency export, or linking the tablet again with a new code, which sends what waited. This is the second one,
 * against the real server.
 */
const server = useRealServer();

describe('a revoked tablet linked again with a new code', () => {
  it('sends the registrations that waited when it was revoked, each once, under its new link', async () => {
    const db = await server.enrolledTablet('revoked-relink', { label: 'Balie' });
    const before = (await getDevice(db))!;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await saveRegistration(db, makeRegistration({ deviceId: before.deviceId, organisationId: before.organisationId }))).id);
    expect(await revokeDevice(server.db, before.deviceId)).toBe(true);
    const sync = () => syncAll(db, { transport: fetchTransport(server.url), locks: null });
    expect(await sync()).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    expect(pauseExplanation('revoked', 2)).toContain('Koppelt u de tablet opnieuw met een nieuwe koppelcode van de coördinator, dan worden ze alsnog verstuurd.');

    const code = await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID);
    expect(await enrollDevice(db, fetchTransport(server.url), code, 'Balie')).toMatchObject({ ok: true });
    const after = (await getDevice(db))!;
    expect(after.deviceId).not.toBe(before.deviceId);
    expect(await sync()).toMatchObject({ outcome: 'done', sent: 2 });
    const stored = await server.db.query<{ id: string; device_id: string }>(
      'SELECT id::text AS id, device_id::text AS device_id FROM registrations WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid) ORDER BY id',
      [JSON.stringify(ids)],
    );
    expect(stored).toEqual([...ids].sort().map((id) => ({ id, device_id: after.deviceId })));
  });
});
