import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { DEFAULT_RATE_LIMITS } from '../../src/server/rate-limits/request-limits';
import { KAART_LIMITS } from '../../src/server/routes/kaart';
import { DEFAULT_LIMITS } from '../../src/shared/api';
import { codes } from '../../src/shared/codelists';
import { MAX_QUESTIONS, MAX_OTHER_TEXT } from '../../src/shared/registration';
import { batch, otherQuestion, registration } from './fixtures';
import { awayFromWindowEdge } from './rate-window';
import { DATABASE_KINDS, enrollTablet, postBatch, useTestServer } from './test-server';

const BACKLOG = 10_000;
const NATIONAL_KAART = 50_000;

const KAART_PAGE_SIZE = KAART_LIMITS.defaultPullLimit; // what the tablet asks for (src/sync/kaart-pull.ts)
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** How many batches the tablet makes of a backlog of the largest registrations there can be (each note 140 emoji: 4 bytes, one character; it fills a batch up to maxBatchBytes, as src/sync/limits.ts cutRecords does). */
function batchesForBacklog(): number {
  const heavyQuestion = { ...otherQuestion('😀'.repeat(MAX_OTHER_TEXT)), topics: codes('topic'), governmentOrganisations: codes('governmentOrganisation'), help: codes('help') };
  const heavy = registration(randomUUID(), { questions: Array(MAX_QUESTIONS).fill(heavyQuestion) });
  const envelope = { batchId: randomUUID(), deviceId: randomUUID(), sentAt: new Date().toISOString(), records: [] };
  const perBatch = Math.min(DEFAULT_LIMITS.maxBatchRecords, Math.floor((DEFAULT_LIMITS.maxBatchBytes - jsonBytes(envelope)) / (jsonBytes(heavy) + 1)));
  return Math.ceil(BACKLOG / perBatch);
}

describe.each(DATABASE_KINDS)('the default rate limits on %s', (kind) => {
  const server = useTestServer(kind, { rateLimits: DEFAULT_RATE_LIMITS });

  it('never stop a tablet that sends a backlog of 10,000 large registrations back to back, and pulls a national kaart', async () => {
    const tablet = await enrollTablet(server);
    const batches = batchesForBacklog();
    expect(batches).toBeGreaterThan(BACKLOG / DEFAULT_LIMITS.maxBatchRecords);
    // All within one window: the count per window is what a limit sees (small batches keep the test quick).
    for (let i = 0; i < batches; i++) {
      const response = await postBatch(server, tablet.token, batch(tablet.deviceId, [registration(tablet.deviceId)]));
      expect(response.statusCode, `batch ${i + 1} of ${batches}`).toBe(200);
    }
    for (let page = 0; page < Math.ceil(NATIONAL_KAART / KAART_PAGE_SIZE); page++) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/kaart/changes?limit=${KAART_PAGE_SIZE}`, headers: { authorization: `Bearer ${tablet.token}` } });
      expect(response.statusCode, `kaart page ${page + 1}`).toBe(200);
    }
  });

  it('never stop a national dashboard session: 20 filter changes in a minute, and 5 exports', async () => {
    const token = await createApiToken(server.db, 'national', null);
    const get = (url: string) => server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const groupings = ['month', 'topic', 'governmentOrganisation', 'help', 'referral', 'location', 'location,scenario', 'location,staffRole', 'municipality', 'organisation'];
    for (let view = 0; view < 20; view++) {
      // what Dashboard.tsx asks for one set of filters: ten tables and the locations
      for (const groupBy of groupings) expect((await get(`/api/v1/stats?groupBy=${groupBy}`)).statusCode).toBe(200);
      expect((await get('/api/v1/report-locations')).statusCode).toBe(200);
    }
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/export.csv')).statusCode).toBe(200);
  });

  it('stop a stolen token from exporting again and again', async () => {
    await awayFromWindowEdge(server.db, DEFAULT_RATE_LIMITS.export.windowSeconds);
    const token = await createApiToken(server.db, 'national', null);
    const answers = [];
    for (let i = 0; i <= DEFAULT_RATE_LIMITS.export.perToken; i++) {
      answers.push(await server.app.inject({ method: 'GET', url: '/api/v1/export.csv', remoteAddress: `10.8.0.${i + 1}`, headers: { authorization: `Bearer ${token}` } }));
    }
    expect(answers.slice(0, -1).map((a) => a.statusCode)).toEqual(Array(DEFAULT_RATE_LIMITS.export.perToken).fill(200));
    expect(answers.at(-1)!.statusCode).toBe(429);
    expect(Number(answers.at(-1)!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
