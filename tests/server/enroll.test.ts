import { describe, expect, it } from 'vitest';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { ENROLL_FAILURE_WINDOW_SECONDS } from '../../src/server/enrollment/enroll';
import { hashSecret } from '../../src/server/secrets';
import { batch, LOCATIONS, ORGANISATION, registration } from './fixtures';
import { awayFromWindowEdge } from './rate-window';
import { DATABASE_KINDS, countRows, postBatch, useTestServer } from './test-server';

const ENROLL = '/api/v1/devices/enroll';
let addressCounter = 0;
/** Each test enrolls from its own client address, so the shared rate limit does not leak between tests. */
const newAddress = () => `10.1.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

describe.each(DATABASE_KINDS)('enrolling a tablet on %s', (kind) => {
  const server = useTestServer(kind);
  const enroll = (payload: unknown, remoteAddress = newAddress()) =>
    server.app.inject({ method: 'POST', url: ENROLL, payload: payload as object, remoteAddress });

  it('trades a fresh code for a device id, a token, the organisation and its locations', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const response = await enroll({ code, label: 'Tablet balie 1' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      organisation: { id: ORGANISATION.id, name: ORGANISATION.name },
      locations: expect.any(Array),
      codelistVersion: 'ido-2024.1',
    });
    // IdoLocation objects as src/shared/registration.ts shapes them; no catchmentPopulation where none is known.
    expect(body.locations).toEqual(expect.arrayContaining(LOCATIONS));
    expect(body.locations).toHaveLength(LOCATIONS.length);
    const [device] = await server.db.query<{ label: string; token_hash: string }>('SELECT label, token_hash FROM devices WHERE id = $1', [body.deviceId]);
    expect(device.label).toBe('Tablet balie 1');
    expect(device.token_hash).toBe(hashSecret(body.token));
  });

  it('keeps codes only as hashes', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    expect(await countRows(server.db, 'enrollment_codes', 'code_hash = $1', [hashSecret(code)])).toBe(1);
    expect(await countRows(server.db, 'enrollment_codes', 'code_hash = $1', [code])).toBe(0);
  });

  it('accepts the code in lower case and without the dash', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    const response = await enroll({ code: code.toLowerCase().replace('-', ''), label: 'Tablet' });
    expect(response.statusCode).toBe(201);
  });

  it('gives a token that can send a batch at once', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    const { deviceId, token } = (await enroll({ code, label: 'Tablet' })).json();
    const response = await postBatch(server, token, batch(deviceId, [registration(deviceId)]));
    expect(response.statusCode).toBe(200);
    expect(response.json().results[0].status).toBe('accepted');
  });

  it('refuses a used code with invalid_code', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    expect((await enroll({ code, label: 'Eerste' })).statusCode).toBe(201);
    const second = await enroll({ code, label: 'Tweede' });
    expect(second.statusCode).toBe(400);
    expect(second.json()).toEqual({ error: 'invalid_code', message: expect.any(String) });
  });

  it('refuses an expired code with the same answer as a wrong one', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    await server.db.query("UPDATE enrollment_codes SET expires_at = now() - interval '1 minute' WHERE code_hash = $1", [hashSecret(code)]);
    const expired = await enroll({ code, label: 'Tablet' });
    const wrong = await enroll({ code: 'ABCD-EFGH', label: 'Tablet' });
    expect(expired.statusCode).toBe(400);
    expect(wrong.statusCode).toBe(400);
    expect(expired.json()).toEqual({ error: 'invalid_code', message: expect.any(String) });
    expect(expired.body).toBe(wrong.body);
  });

  describe('the same code again with its attempt key (an answer that never reached the tablet)', () => {
    const ATTEMPT = 'k'.repeat(22);

    it('enrolls the same device again with a new token; the first token stops working; nothing else is made', async () => {
      const code = await createEnrollmentCode(server.db, ORGANISATION.id);
      const first = await enroll({ code, label: 'Balie', attempt: ATTEMPT });
      expect(first.statusCode).toBe(201);
      const devices = await countRows(server.db, 'devices');
      const again = await enroll({ code, label: 'Balie 2', attempt: ATTEMPT });
      expect(again.statusCode, again.body).toBe(201);
      expect(again.headers['cache-control']).toBe('no-store');
      const { token, ...rest } = again.json();
      const { token: firstToken, ...firstRest } = first.json();
      expect(rest).toEqual(firstRest);
      expect(token).not.toBe(firstToken);
      expect(await countRows(server.db, 'devices')).toBe(devices);
      const [device] = await server.db.query<{ label: string; token_hash: string }>('SELECT label, token_hash FROM devices WHERE id = $1', [rest.deviceId]);
      expect(device).toEqual({ label: 'Balie 2', token_hash: hashSecret(token) });
      expect((await postBatch(server, firstToken, batch(rest.deviceId, [registration(rest.deviceId)]))).statusCode).toBe(401);
      expect((await postBatch(server, token, batch(rest.deviceId, [registration(rest.deviceId)]))).statusCode).toBe(200);
      // The key is kept only as a keyed hash.
      expect(await countRows(server.db, 'enrollment_codes', 'attempt_hash LIKE $1', [`%${ATTEMPT}%`])).toBe(0);
    });

    it.each([
      ['no attempt key', undefined, () => {}],
      ['another attempt key', 'z'.repeat(22), () => {}],
      ['the key after a day', 'k'.repeat(22), (code: string) => server.db.query("UPDATE enrollment_codes SET used_at = now() - interval '24 hours 1 minute' WHERE code_hash = $1", [hashSecret(code)])],
      ['the key of a revoked tablet', 'k'.repeat(22), (code: string) => server.db.query('UPDATE devices SET revoked_at = now() WHERE id = (SELECT device_id FROM enrollment_codes WHERE code_hash = $1)', [hashSecret(code)])],
    ])('answers a used code with %s as any used code: invalid_code, no token changed', async (_what, attempt, before) => {
      const code = await createEnrollmentCode(server.db, ORGANISATION.id);
      expect((await enroll({ code, label: 'Balie', attempt: ATTEMPT })).statusCode).toBe(201);
      await before(code);
      const tokens = await server.db.query('SELECT id, token_hash, label FROM devices ORDER BY id');
      const refused = await enroll({ code, label: 'Balie', ...(attempt ? { attempt } : {}) });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toBe('invalid_code');
      expect(await server.db.query('SELECT id, token_hash, label FROM devices ORDER BY id')).toEqual(tokens);
    });

    it('refuses the key of an organisation deactivated since (403), the device keeps its token', async () => {
      await server.db.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', ['7e1f0c2a-9b3d-4e5f-8a6b-0c1d2e3f4a5b', 'Bibliotheek Later Dicht']);
      const code = await createEnrollmentCode(server.db, '7e1f0c2a-9b3d-4e5f-8a6b-0c1d2e3f4a5b');
      const first = (await enroll({ code, label: 'Balie', attempt: ATTEMPT })).json();
      await server.db.query('UPDATE organisations SET deactivated_at = now() WHERE id = $1', ['7e1f0c2a-9b3d-4e5f-8a6b-0c1d2e3f4a5b']);
      const refused = await enroll({ code, label: 'Balie', attempt: ATTEMPT });
      expect(refused.statusCode).toBe(403);
      const [device] = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM devices WHERE id = $1', [first.deviceId]);
      expect(device.token_hash).toBe(hashSecret(first.token));
    });

    it.each([
      ['too short', 'k'.repeat(21)],
      ['too long', 'k'.repeat(65)],
      ['with a space', `${'k'.repeat(21)} `],
      ['a number', 12345678901234567890123],
      ['null', null],
    ])('refuses an attempt key that is %s as invalid_request naming the field; the code stays unused', async (_what, attempt) => {
      const code = await createEnrollmentCode(server.db, ORGANISATION.id);
      const response = await enroll({ code, label: 'Balie', attempt });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('"attempt"') });
      expect((await enroll({ code, label: 'Balie' })).statusCode).toBe(201);
    });
  });

  it('lets exactly one of two tablets use a code they send at the same moment', async () => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    const answers = await Promise.all([enroll({ code, label: 'A' }), enroll({ code, label: 'B' })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 400]);
  });

  it('rate-limits an address after 10 failures in 10 minutes with 429 and Retry-After, even for a good code', async () => {
    await awayFromWindowEdge(server.db, ENROLL_FAILURE_WINDOW_SECONDS);
    const address = newAddress();
    for (let i = 0; i < 10; i++) expect((await enroll({ code: 'WXYZ-2345', label: 'x' }, address)).statusCode).toBe(400);
    const good = await createEnrollmentCode(server.db, ORGANISATION.id);
    const limited = await enroll({ code: good, label: 'x' }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: expect.any(String) });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another address is not affected, and the code was not used up.
    expect((await enroll({ code: good, label: 'x' })).statusCode).toBe(201);
  });

  it('lets at most 10 of 40 parallel wrong guesses from one address reach the codes', async () => {
    await awayFromWindowEdge(server.db, ENROLL_FAILURE_WINDOW_SECONDS);
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => enroll({ code: `WXYZ-${String(2000 + i)}`, label: 'x' }, address)));
    const tried = answers.filter((a) => a.statusCode === 400);
    expect(tried).toHaveLength(10); // the limit, and not one more
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(40 - tried.length);
    expect((await enroll({ code: await createEnrollmentCode(server.db, ORGANISATION.id), label: 'x' }, address)).statusCode).toBe(429);
  });

  it('does not count a good code or a body that tried no code against the address', async () => {
    await awayFromWindowEdge(server.db, ENROLL_FAILURE_WINDOW_SECONDS);
    const address = newAddress();
    for (let i = 0; i < 9; i++) expect((await enroll({ code: 'WXYZ-2345', label: 'x' }, address)).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) expect((await enroll({ code: await createEnrollmentCode(server.db, ORGANISATION.id), label: 'x' }, address)).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) expect((await enroll({ label: 'geen code' }, address)).json()).toMatchObject({ error: 'invalid_request' });
    expect((await enroll({ code: 'WXYZ-2345', label: 'x' }, address)).statusCode).toBe(400);
    expect((await enroll({ code: 'WXYZ-2345', label: 'x' }, address)).statusCode).toBe(429);
  });

  it('keeps the rate limit in the database, so every server process sees it', async () => {
    await awayFromWindowEdge(server.db, ENROLL_FAILURE_WINDOW_SECONDS);
    const address = newAddress();
    // as another process would have counted them
    await server.db.query(`INSERT INTO rate_limit_counters (key, window_start, expires_at, count)
      SELECT 'enroll:address:' || $1, w, w + interval '10 minutes', 10 FROM to_timestamp(floor(extract(epoch FROM now()) / 600) * 600) AS w`, [address]);
    expect((await enroll({ code: 'WXYZ-2345' }, address)).statusCode).toBe(429);
  });

  it('forgets failures older than 10 minutes', async () => {
    await awayFromWindowEdge(server.db, ENROLL_FAILURE_WINDOW_SECONDS);
    const address = newAddress();
    await server.db.query(`INSERT INTO rate_limit_counters (key, window_start, expires_at, count)
      SELECT 'enroll:address:' || $1, w - interval '10 minutes', w, 10 FROM to_timestamp(floor(extract(epoch FROM now()) / 600) * 600) AS w`, [address]);
    expect((await enroll({ code: 'WXYZ-2345' }, address)).statusCode).toBe(400);
  });

  it.each([
    ['no code', { label: 'Tablet' }],
    ['a code that is not text', { code: 12345678, label: 'Tablet' }],
    ['a code over 20 characters', { code: 'ABCD-EFGH-ABCD-EFGH-ABCD', label: 'Tablet' }],
    ['a label over 100 characters', { code: 'ABCD-EFGH', label: 'x'.repeat(101) }],
    ['a label with a NUL character', { code: 'ABCD-EFGH', label: 'Tab\u0000let' }],
    ['a body that is a list', [{ code: 'ABCD-EFGH' }]],
  ])('refuses a body with %s as invalid_request', async (_name, payload) => {
    const response = await enroll(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });

  it.each([
    ['bidi overrides and C1 controls', 'x\u202eFDP\u0085\u009bY', /niet zijn toegestaan/],
    ['a NUL character', 'Tab\u0000let', /niet zijn toegestaan/],
    ['a line separator', 'Tablet\u2028balie', /niet zijn toegestaan/],
    ['a byte order mark', 'Tab\ufefflet', /niet zijn toegestaan/],
    ['101 characters', 'x'.repeat(101), /hoogstens 100 tekens/],
    ['101 emoji', '😀'.repeat(101), /hoogstens 100 tekens\. Nu zijn het er 101\./],
  ])('checks the label as PATCH …/devices/{id} does: %s is refused with that message, the code stays unused', async (_name, label, message) => {
    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    const devices = await countRows(server.db, 'devices');
    const response = await enroll({ code, label });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
    expect(await countRows(server.db, 'devices')).toBe(devices);
    // The same code still works with a good label.
    expect((await enroll({ code, label: '  Tablet\u00a0balie 1 ' })).json()).toMatchObject({ deviceId: expect.any(String) });
  });

  it('counts an emoji in the label as one character, as koppelen does: 100 emoji kept whole', async () => {
    const response = await enroll({ code: await createEnrollmentCode(server.db, ORGANISATION.id), label: '😀'.repeat(100) });
    expect(response.statusCode, response.body).toBe(201);
    const [device] = await server.db.query<{ n: number }>('SELECT char_length(label)::int AS n FROM devices WHERE id = $1', [response.json().deviceId]);
    expect(device.n).toBe(100);
  });

  it('gives a blank or absent label the default name', async () => {
    for (const payload of [{}, { label: '' }, { label: '   ' }]) {
      const response = await enroll({ code: await createEnrollmentCode(server.db, ORGANISATION.id), ...payload });
      expect(response.statusCode, response.body).toBe(201);
      const [device] = await server.db.query<{ label: string }>('SELECT label FROM devices WHERE id = $1', [response.json().deviceId]);
      expect(device.label).toBe('Tablet');
    }
  });

  it('refuses a body that is not application/json with 415', async () => {
    const response = await server.app.inject({ method: 'POST', url: ENROLL, headers: { 'content-type': 'text/plain' }, payload: 'ABCD-EFGH', remoteAddress: newAddress() });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'unsupported_media_type', message: expect.any(String) });
  });
});
