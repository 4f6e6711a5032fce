import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, parseTrustProxy } from '../../src/server/trust-proxy';
import { databaseEnv, startServer } from './cli';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    [' 10.0.0.5 , 10.0.1.0/24 ', ['10.0.0.5', '10.0.1.0/24']],
    ['2001:db8::1,2001:db8::/32', ['2001:db8::1', '2001:db8::/32']],
    ['loopback,10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ])('reads %j as %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each(['true', 'TRUE', 'yes', '*', 'all'])('refuses %j, which would trust everyone, and says what to set instead', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/vertrouwt iedereen.*X-Forwarded-For.*TRUST_PROXY=10\.0\.0\.5,10\.0\.1\.0\/24.*TRUST_PROXY=1/);
  });

  it.each(['0.0.0.0/0', '10.0.0.5,::/0'])('refuses %j: a /0 network is everyone too', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/het hele internet/);
  });

  it.each(['proxy.example.nl', '10.0.0.300', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/8', '10.0.0.0/', '-1', '11'])('refuses %j with a Dutch message', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/TRUST_PROXY/);
  });

  it('gives Fastify a hop count as the n nearest hops', () => {
    const trust = fastifyTrustProxy(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2, 3].map((hop) => trust('203.0.113.9', hop))).toEqual([true, true, false, false]);
    expect(fastifyTrustProxy(['10.0.0.5'])).toEqual(['10.0.0.5']);
    expect(fastifyTrustProxy(false)).toBe(false);
  });

  it('stops the server at start when TRUST_PROXY=true, before it opens a database', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'ido-trust-'));
    try {
      const dataDir = path.join(directory, 'data');
      const child = startServer({ ...databaseEnv({ dataDir }), TRUST_PROXY: 'true', PORT: '0' });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr).toMatch(/De server kon niet starten: TRUST_PROXY=true vertrouwt iedereen/);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
