import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { BatchRequest } from '../../src/shared/api';
import { fetchTransport } from '../../src/sync/transport';

const batch: BatchRequest = { batchId: 'b-1', deviceId: 'd-1', sentAt: '2026-11-24T09:15:00.000Z', records: [] };

/** A fetch that answers 200 `{}` and keeps what it was asked. */
function recordingFetch() {
  const calls: RequestInit[] = [];
  const fakeFetch = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  return { calls, fakeFetch };
}

describe('fetchTransport', () => {
  it('posts a batch with the bearer token, JSON content type and the batchId as Idempotency-Key', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json', 'Retry-After': '3' } });
    }) as typeof fetch;

    const raw = await fetchTransport('https://ingest.example', fakeFetch).postBatch(batch, 'tok');

    expect(calls[0].url).toBe('https://ingest.example/api/v1/batches');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json', 'Idempotency-Key': 'b-1' });
    expect(JSON.parse(calls[0].init.body as string)).toEqual(batch);
    expect(raw).toEqual({ status: 200, retryAfter: '3', contentType: 'application/json', bodyText: '{"ok":true}' });
  });

  it('posts a batch packed with gzip when asked and it is over 1 KiB, else as it is', async () => {
    const { calls, fakeFetch } = recordingFetch();
    const transport = fetchTransport('', fakeFetch);
    const large: BatchRequest = { ...batch, records: Array.from({ length: 40 }, (_, i) => ({ id: `r-${i}`, note: 'ë'.repeat(30) })) as never };

    await transport.postBatch(large, 'tok', { pack: true });
    await transport.postBatch(batch, 'tok', { pack: true });
    await transport.postBatch(large, 'tok', { pack: false });
    await transport.postBatch(large, 'tok');

    expect(calls[0].headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json', 'Idempotency-Key': 'b-1', 'Content-Encoding': 'gzip' });
    const packed = calls[0].body as Uint8Array;
    expect(packed.length).toBeLessThan(JSON.stringify(large).length / 4);
    expect(JSON.parse(gunzipSync(packed).toString('utf8'))).toEqual(large);
    for (const init of calls.slice(1)) {
      expect(init.headers).not.toHaveProperty('Content-Encoding');
      expect(typeof init.body).toBe('string');
    }
    expect(JSON.parse(calls[2].body as string)).toEqual(large);
  });

  it('posts a batch as it is, also when asked to pack, where the browser has no CompressionStream', async () => {
    const { calls, fakeFetch } = recordingFetch();
    const large: BatchRequest = { ...batch, records: Array.from({ length: 40 }, (_, i) => ({ id: `r-${i}`, note: 'x'.repeat(30) })) as never };
    vi.stubGlobal('CompressionStream', undefined);
    try {
      await fetchTransport('', fakeFetch).postBatch(large, 'tok', { pack: true });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(calls[0].headers).not.toHaveProperty('Content-Encoding');
    expect(JSON.parse(calls[0].body as string)).toEqual(large);
  });

  it('posts a delivery check with the bearer token and JSON content type', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"results":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    const request = { records: [{ id: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', revision: 2 }] };

    const raw = await fetchTransport('https://ingest.example', fakeFetch).checkRegistrations(request, 'tok');

    expect(calls[0].url).toBe('https://ingest.example/api/v1/registrations/check');
    expect(calls[0].init).toMatchObject({ method: 'POST', cache: 'no-store', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' } });
    expect(JSON.parse(calls[0].init.body as string)).toEqual(request);
    expect(raw).toMatchObject({ status: 200, bodyText: '{"results":[]}' });
  });

  it('posts a day check with the bearer token and JSON content type', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"days":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    const request = { days: [{ day: '2026-11-30', count: 2, digest: 'a'.repeat(64) }] };

    const raw = await fetchTransport('https://ingest.example', fakeFetch).checkDays!(request, 'tok');

    expect(calls[0].url).toBe('https://ingest.example/api/v1/registrations/check-days');
    expect(calls[0].init).toMatchObject({ method: 'POST', cache: 'no-store', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' } });
    expect(JSON.parse(calls[0].init.body as string)).toEqual(request);
    expect(raw).toMatchObject({ status: 200, bodyText: '{"days":[]}' });
  });

  it('reads limits and enrolls on the same prefix', async () => {
    const urls: string[] = [];
    const fakeFetch = (async (url: string) => {
      urls.push(url);
      return new Response('{}');
    }) as typeof fetch;
    const transport = fetchTransport('', fakeFetch);

    await transport.getLimits();
    await transport.enroll('ABCD-EFGH', 'Tablet');

    expect(urls).toEqual(['/api/v1/limits', '/api/v1/devices/enroll']);
  });

  it('gives up with an AbortError when the server does not answer in time', async () => {
    const hangingFetch = ((_url: string, init: RequestInit) => new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    })) as typeof fetch;

    await expect(fetchTransport('', hangingFetch, 20).postBatch(batch, 'tok')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('throws when the body breaks off while it is read', async () => {
    const brokenBody = (async () => new Response(new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"batchId":'));
        controller.error(new TypeError('network connection lost'));
      },
    }))) as typeof fetch;

    await expect(fetchTransport('', brokenBody).postBatch(batch, 'tok')).rejects.toThrow();
  });
});
