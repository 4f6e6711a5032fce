import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/shared/api';
import { createApiToken } from '../../src/server/api-tokens';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { batch, ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';

/*
 * Request bodies packed with gzip (src/server/content-encoding.ts, docs/ingest-api.md "Packed bodies"): unpacked
 * before they are read, the body limit counted on the unpacked bytes, other codings refused in the contract's shape.
 */
describe.each(DATABASE_KINDS)('request bodies with Content-Encoding on %s', (kind) => {
  const server = useTestServer(kind);
  let tablet: { token: string; deviceId: string };
  beforeAll(async () => {
    tablet = await enrollTablet(server);
  });

  const registrations = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations'))[0].n;

  it('says in GET /limits that a body may be packed with gzip', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/limits' });
    expect(response.json()).toEqual({ ...DEFAULT_LIMITS, requestEncodings: ['gzip'] });
  });

  it('stores a batch packed with gzip as the same batch unpacked, and replays it byte for byte either way', async () => {
    const body = batch(tablet.deviceId, [registration(tablet.deviceId), registration(tablet.deviceId)]);
    const before = await registrations();
    for (const coding of ['gzip', 'x-gzip', ' GZIP ']) {
      const packed = await postBatch(server, tablet.token, body, { 'content-encoding': coding }, { payload: gzipSync(JSON.stringify(body)) });
      expect(packed.statusCode, packed.body).toBe(200);
      expect(packed.json().results.map((result: { status: string }) => result.status)).toEqual(['accepted', 'accepted']);
      const plain = await postBatch(server, tablet.token, body);
      expect(plain.body).toBe(packed.body);
    }
    expect(await registrations()).toBe(before + 2);
    const identity = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]), { 'content-encoding': 'identity' });
    expect(identity.statusCode, identity.body).toBe(200);
  });

  it('refuses other codings with 415, saying which one it takes, and stores nothing', async () => {
    const before = await registrations();
    const body = batch(tablet.deviceId, [registration(tablet.deviceId)]);
    for (const coding of ['br', 'deflate', 'compress', 'zstd', 'gzip, gzip', 'gzip;q=1', 'kaas']) {
      const response = await postBatch(server, tablet.token, body, { 'content-encoding': coding }, { payload: gzipSync(JSON.stringify(body)) });
      expect(response.statusCode, coding).toBe(415);
      expect(response.json(), coding).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('gzip') });
      expect(response.headers['accept-encoding'], coding).toBe('gzip');
    }
    expect(await registrations()).toBe(before);
  });

  it('refuses a body that does not unpack with 400 and a Dutch message', async () => {
    const before = await registrations();
    const body = batch(tablet.deviceId, [registration(tablet.deviceId)]);
    const packed = gzipSync(JSON.stringify(body));
    const broken = Buffer.from(packed);
    broken[broken.length - 6] ^= 0xff; // the checksum no longer fits the content
    for (const payload of [Buffer.from(JSON.stringify(body)), packed.subarray(0, packed.length - 10), broken, Buffer.from('kaas')]) {
      const response = await postBatch(server, tablet.token, body, { 'content-encoding': 'gzip' }, { payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: 'De inhoud is niet goed ingepakt met gzip. Verstuur de gegevens opnieuw.' });
    }
    expect(await registrations()).toBe(before);
  });

  it('refuses a JSON body whose bytes are not UTF-8, packed or not, and stores nothing (it was read with U+FFFD)', async () => {
    const national = await createApiToken(server.db, 'national', null);
    const organisations = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations'))[0].n;
    const before = await organisations();
    const latin1 = Buffer.from('{"name":"Bibliotheek Caf\u00e9"}', 'latin1');
    for (const [payload, coding] of [[latin1, undefined], [gzipSync(latin1), 'gzip']] as const) {
      const response = await server.app.inject({
        method: 'POST', url: '/api/v1/admin/organisations', payload,
        headers: { authorization: `Bearer ${national}`, 'content-type': 'application/json', ...(coding ? { 'content-encoding': coding } : {}) },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_json', message: 'De inhoud is geen geldige UTF-8-tekst. Verstuur de gegevens als JSON in UTF-8.' });
    }
    expect(await organisations()).toBe(before);
    // The same text in UTF-8 (with a BOM too) is read as before.
    for (const payload of [Buffer.from('{"name":"Bibliotheek Caf\u00e9"}'), Buffer.from('\ufeff{"name":"Bibliotheek Caf\u00e9 2"}')]) {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', payload, headers: { authorization: `Bearer ${national}`, 'content-type': 'application/json' } });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().name).toMatch(/^Bibliotheek Café/);
    }
  });

  it('counts the body limit on the unpacked bytes: a small body that unpacks past it is refused with 413', async () => {
    const before = await registrations();
    const body = batch(tablet.deviceId, [registration(tablet.deviceId)]);
    // Some 5 KiB packed, 60 MiB unpacked: refused once it passes the 1 MiB limit, not unpacked to the end.
    const bomb = gzipSync(Buffer.concat([Buffer.from(JSON.stringify(body).slice(0, -1)), Buffer.alloc(60 * 1024 * 1024, ' '), Buffer.from('}')]));
    expect(bomb.length).toBeLessThan(DEFAULT_LIMITS.maxBatchBytes / 10);
    const response = await postBatch(server, tablet.token, body, { 'content-encoding': 'gzip' }, { payload: bomb });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'payload_too_large', message: expect.any(String) });
    expect(await registrations()).toBe(before);
  });

  it('checks Content-Length against the packed bytes', async () => {
    const body = batch(tablet.deviceId, [registration(tablet.deviceId)]);
    const packed = gzipSync(JSON.stringify(body));
    const response = await postBatch(server, tablet.token, body, { 'content-encoding': 'gzip', 'content-length': String(packed.length + 5) }, { payload: packed });
    expect(response.statusCode).toBe(400);
  });
});

describe.each(DATABASE_KINDS)('answers packed with gzip on %s', (kind) => {
  const server = useTestServer(kind);
  let tablet: { token: string; deviceId: string };
  beforeAll(async () => {
    tablet = await enrollTablet(server);
    // Enough of a kaart for a page of changes over 1 KiB.
    const coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const changes = Array.from({ length: 12 }, (_, i) => {
      const data = { id: randomUUID(), name: `Schuldhulp Maasland ${i}`, description: 'Hulp bij schulden, formulieren en brieven van de overheid.', owner_organisation_id: ORGANISATION.id };
      return { entity: 'organization', id: data.id, baseVersion: 0, data };
    });
    const push = await server.app.inject({ method: 'POST', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
    expect(push.json().results.every((result: { status: string }) => result.status === 'applied'), push.body).toBe(true);
  });

  it('packs a batch\'s answer for a client that takes gzip: it unpacks to the very bytes a resend gets as they are', async () => {
    const body = batch(tablet.deviceId, Array.from({ length: 20 }, () => registration(tablet.deviceId)));
    const packed = await postBatch(server, tablet.token, body, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    const plain = await postBatch(server, tablet.token, body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(packed.rawPayload).toString('utf8')).toBe(plain.body);
    expect(plain.json().results).toHaveLength(20);
  });

  it('sends an answer as it is when it is short, or the client does not take gzip', async () => {
    const small = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]), { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    const body = batch(tablet.deviceId, Array.from({ length: 20 }, () => registration(tablet.deviceId)));
    for (const accept of ['gzip;q=0', 'br', 'identity', '']) {
      const response = await postBatch(server, tablet.token, body, { 'accept-encoding': accept });
      expect(response.headers['content-encoding'], accept).toBeUndefined();
      expect(response.json().results, accept).toHaveLength(20);
    }
  });

  it('packs a page of kaart changes, and never the enrollment answer with its token', async () => {
    const url = '/api/v1/kaart/changes?limit=100';
    const headers = { authorization: `Bearer ${tablet.token}` };
    const packed = await server.app.inject({ method: 'GET', url, headers: { ...headers, 'accept-encoding': 'gzip' } });
    const plain = await server.app.inject({ method: 'GET', url, headers });
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(packed.rawPayload).toString('utf8'))).toEqual(plain.json());

    const code = await createEnrollmentCode(server.db, ORGANISATION.id);
    const enrolled = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', headers: { 'accept-encoding': 'gzip' }, payload: { code, label: 'Tablet '.repeat(10) } });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.headers['content-encoding']).toBeUndefined();
  });
});
