import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxError, inboxApi } from '../../src/features/beheer/inbox/api';
import { createApiToken } from '../../src/server/api-tokens';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { enrollTablet, useTestServer } from './test-server';

// The page's client against the real server on a port: the browser's relative URLs resolved against it.
describe('the kaart inbox page\'s API client', () => {
  const server = useTestServer('pglite');
  const realFetch = globalThis.fetch;
  let coordinator = '';
  const organization = { id: randomUUID(), name: 'Schuldhulp Maasland', owner_organisation_id: ORGANISATION.id };
  const stale = { id: randomUUID(), organization_id: organization.id, name: 'Formulierenhulp', status: 'active', assured_date: '2020-03-01' };
  const report = { id: randomUUID(), service_id: stale.id, note: 'Het spreekuur is verhuisd.', created_at: '2026-11-24T10:15:00+01:00', resolved: false };

  beforeAll(async () => {
    const origin = await server.app.listen({ host: '127.0.0.1', port: 0 });
    globalThis.fetch = (input, init) => realFetch(typeof input === 'string' && input.startsWith('/') ? `${origin}${input}` : input, init);
    coordinator = await createApiToken(server.db, 'coordinator', ORGANISATION.id);
    const push = async (token: string, entity: string, data: { id: string }) => {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes: [{ entity, id: data.id, baseVersion: 0, data }] }) });
      expect(response.json().results[0].status, response.body).toBe('applied');
    };
    await push(coordinator, 'organization', organization);
    await push(coordinator, 'service', stale);
    await push((await enrollTablet(server)).token, 'feedback', report);
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('reads both lists, closes a report and checks a service', async () => {
    const api = inboxApi(ORGANISATION.id, coordinator);
    expect((await api.feedback()).map((r) => [r.id, r.note, r.service.name])).toEqual([[report.id, report.note, 'Formulierenhulp']]);
    expect((await api.unchecked()).map((s) => s.id)).toEqual([stale.id]);
    expect(await api.resolve(report.id, 'klopt_wel')).toMatchObject({ id: report.id, resolution: 'klopt_wel' });
    expect(await api.assure(stale.id)).toMatchObject({ id: stale.id, version: 2 });
    expect(await api.feedback()).toEqual([]);
    expect(await api.unchecked()).toEqual([]);
    expect(await api.passedOn()).toEqual([]); // that report was closed "klopt wel", not passed on
  });

  it('a refused call is an InboxError with the server\'s Dutch message, status and code', async () => {
    const api = inboxApi(ORGANISATION.id, coordinator);
    await expect(api.resolve(report.id, 'aangepast')).rejects.toEqual(new InboxError(400, 'Deze melding is al afgehandeld. Er is niets veranderd.', 'invalid_request'));
    const error = await inboxApi(OTHER_ORGANISATION.id, coordinator).feedback().catch((e: InboxError) => e);
    expect(error).toBeInstanceOf(InboxError);
    expect([(error as InboxError).status, (error as InboxError).message]).toEqual([404, 'Deze organisatie bestaat niet.']);
    const national = await inboxApi(null, coordinator).unchecked().catch((e: InboxError) => e);
    expect([(national as InboxError).status, (national as InboxError).message]).toEqual([403, 'Dit kan alleen het landelijk team.']);
  });

  it('the national entries: the reports passed on and the unchecked list, read with a national token', async () => {
    const api = inboxApi(null, await createApiToken(server.db, 'national', null));
    expect(await api.feedback()).toEqual([]);
    expect(await api.unchecked()).toEqual([]);
  });

  it('no server: a Dutch message about the connection', async () => {
    const toServer = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('fetch failed'));
    try {
      await expect(inboxApi(ORGANISATION.id, coordinator).unchecked()).rejects.toEqual(new InboxError(0, 'Geen verbinding met de server. De inbox werkt alleen met internet. Probeer het later opnieuw.'));
    } finally {
      globalThis.fetch = toServer;
    }
  });
});
