import { describe, expect, it } from 'vitest';
import { ensureOrganisation } from '../../src/db/demo-organisation';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID } from '../../src/server/organisations/demo';
import { hashSecret } from '../../src/server/secrets';
import { ENROLL_ATTEMPT_PATTERN } from '../../src/shared/api';
import { getDevice } from '../../src/sync/device';
import { ENROLL_ATTEMPT_KEY, ENROLL_MESSAGES, enrollDevice } from '../../src/sync/enroll';
import { fetchTransport, type Transport } from '../../src/sync/transport';
import { useRealServer } from './real-server';
import '../server/server-secret'; // the server's codes and tokens need its secret

/*
 * A pop-up IDO on a poor line: the server used the code and answered, and the answer never reached the tablet. The
 * tablet kept an attempt key for the code before it sent it, so tapping "Tablet koppelen" again with the same code
 * links it to the device the server made (with a new token), instead of "Deze code klopt niet".
 */

const server = useRealServer();

/** A transport whose enrollments reach the server, and whose answers are lost on the way back; it keeps what it sent. */
function losingAnswers(sent: { code: string; attempt?: string }[]): Transport {
  const real = fetchTransport(server.url);
  return {
    ...real,
    async enroll(code, label, attempt) {
      sent.push({ code, attempt });
      expect((await real.enroll(code, label, attempt)).status).toBe(201);
      throw new TypeError('Failed to fetch');
    },
  };
}

async function freshTablet() {
  const db = server.newTabletDb('enroll-again');
  await ensureOrganisation(db);
  return db;
}

const deviceOfCode = async (code: string) =>
  (await server.db.query<{ device_id: string }>('SELECT device_id::text AS device_id FROM enrollment_codes WHERE code_hash = $1', [hashSecret(code)]))[0].device_id;

describe('enrolling again with the same code after a lost answer', () => {
  it('links the tablet to the device the server made for the code, with a token that works and its name; the key is gone after', async () => {
    const db = await freshTablet();
    const code = await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID);
    const sent: { code: string; attempt?: string }[] = [];
    expect(await enrollDevice(db, losingAnswers(sent), code, 'Balie')).toEqual({ ok: false, error: 'network', message: ENROLL_MESSAGES.network });
    expect(sent[0].attempt).toMatch(ENROLL_ATTEMPT_PATTERN);
    expect(await getDevice(db)).toBeUndefined();

    const devices = (await server.db.query('SELECT id FROM devices')).length;
    // Tapped again after a reload, with the name field empty: the name given the first time stays.
    const again = await enrollDevice(db, fetchTransport(server.url), code, '');
    expect(again).toMatchObject({ ok: true });
    const device = (await getDevice(db))!;
    expect(device.deviceId).toBe(await deviceOfCode(code));
    expect(device.label).toBe('Balie');
    expect((await server.db.query('SELECT label FROM devices WHERE id = $1', [device.deviceId]))[0]).toEqual({ label: 'Balie' });
    expect((await server.db.query('SELECT id FROM devices')).length).toBe(devices);
    const [{ token_hash: tokenHash }] = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM devices WHERE id = $1', [device.deviceId]);
    expect(tokenHash).toBe(hashSecret(device.token));
    expect(await db.settings.get(ENROLL_ATTEMPT_KEY)).toBeUndefined();
  });

  it('keeps one key per code: the same code sends the same key, another code a new one; no code is kept in the clear', async () => {
    const db = await freshTablet();
    const [first, second] = [await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID), await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID)];
    const sent: { code: string; attempt?: string }[] = [];
    const transport = losingAnswers(sent);
    await enrollDevice(db, transport, first, 'Balie');
    await enrollDevice(db, transport, first, 'Balie');
    await enrollDevice(db, transport, second, 'Balie');
    expect(sent[1].attempt).toBe(sent[0].attempt);
    expect(sent[2].attempt).not.toBe(sent[0].attempt);
    expect(JSON.stringify(await db.settings.toArray())).not.toContain(second);
  });

  it('a used code without this tablet\'s key is still a wrong code', async () => {
    const code = await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID);
    await enrollDevice(await freshTablet(), losingAnswers([]), code, 'Balie');
    const other = await freshTablet();
    expect(await enrollDevice(other, fetchTransport(server.url), code, 'Balie')).toEqual({ ok: false, error: 'invalid_code', message: ENROLL_MESSAGES.invalid_code });
  });

  it('names a tablet "Tablet" when no name was ever given', async () => {
    const db = await freshTablet();
    expect(await enrollDevice(db, fetchTransport(server.url), await createEnrollmentCode(server.db, DEMO_ORGANISATION_ID), '  ')).toMatchObject({ ok: true });
    const device = (await getDevice(db))!;
    expect(device.label).toBe('Tablet');
    expect((await server.db.query('SELECT label FROM devices WHERE id = $1', [device.deviceId]))[0]).toEqual({ label: 'Tablet' });
  });
});
