import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import type { AdminCard, AdminCardList } from '../../src/shared/snelwijzer/admin';
import type { Database } from '../../src/server/db/database';
import { ADMIN, call, makeRoles, ORG, ROLES, type Role, snapshot } from './admin-fixtures';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

const CARDS = `${ORG}/snelwijzer`;
const OTHER_CARDS = `${ADMIN}/organisations/${OTHER_ORGANISATION.id}/snelwijzer`;
const NATIONAL_CARDS = `${ADMIN}/snelwijzer`;
const CHANGES = '/api/v1/kaart/changes';

const ORG_SCOPE = (ok: number): Record<Role, number> => ({ none: 401, staffTablet: 403, otherCoordinator: 404, coordinatorTablet: ok, coordinator: ok, national: ok });
const NATIONAL_SCOPE = (ok: number): Record<Role, number> => ({ none: 401, staffTablet: 403, otherCoordinator: 403, coordinatorTablet: 403, coordinator: 403, national: ok });

const cardBody = (title: string, extra: Record<string, unknown> = {}) => ({
  title, topics: ['digid'], body: '1. Ga naar **digid.nl**\n- Neem de brief mee', bring: '- Identiteitsbewijs', links: [{ label: 'DigiD', url: 'https://www.digid.nl' }],
  service_id: null, checked_on: '2026-11-01', ...extra,
});

/** The management tables and the kaart: a refused request changes none of them. */
async function fingerprint(db: Database): Promise<string> {
  const [row] = await db.query<{ n: number; digest: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM kaart_records t`);
  return `${await snapshot(db)} kaart:${row.n}:${row.digest}`;
}

describe.each(DATABASE_KINDS)('Snelwijzer in beheer on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  let staff: EnrollResponse;
  let national: AdminCard;
  let otherCard: AdminCard;
  const ownService = { id: randomUUID(), organization_id: '', name: 'Schuldhulp Maasland spreekuur', status: 'active' };
  const ownOrganization = { id: randomUUID(), name: 'Schuldhulp Maasland', owner_organisation_id: ORGANISATION.id };
  const otherOrganization = { id: randomUUID(), name: 'Taalhuis Utrecht', owner_organisation_id: OTHER_ORGANISATION.id };
  const otherService = { id: randomUUID(), organization_id: otherOrganization.id, name: 'Taalcafé Utrecht', status: 'active' };

  const as = (role: Role, method: InjectOptions['method'], url: string, body?: unknown) => call(server, roles[role], method, url, body);
  const ok = async <T,>(role: Role, method: InjectOptions['method'], url: string, body?: unknown, status = 200): Promise<T> => {
    const response = await as(role, method, url, body);
    expect(response.statusCode, response.body).toBe(status);
    return response.json() as T;
  };
  const push = async (token: string, changes: unknown[]) => {
    const response = await server.app.inject({ method: 'POST', url: CHANGES, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
    expect(response.json().results.map((r: { status: string }) => r.status), response.body).toEqual(changes.map(() => 'applied'));
  };
  const pullCards = async (token: string) => {
    const response = await server.app.inject({ method: 'GET', url: `${CHANGES}?since=0&limit=1000`, headers: { authorization: `Bearer ${token}` } });
    return (response.json().items as { entity: string; id: string; version: number; deleted: boolean; data: Record<string, unknown> | null }[]).filter((i) => i.entity === 'snelwijzer_card');
  };

  beforeAll(async () => {
    roles = await makeRoles(server);
    staff = await enrollTablet(server);
    ownService.organization_id = ownOrganization.id;
    const create = (entity: string, data: { id: string }) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });
    await push(roles.coordinator!, [create('organization', ownOrganization), create('service', ownService)]);
    await push(roles.otherCoordinator!, [create('organization', otherOrganization), create('service', otherService)]);
    national = await ok<AdminCard>('national', 'POST', NATIONAL_CARDS, cardBody('DigiD aanvragen (landelijk)'), 201);
    otherCard = await ok<AdminCard>('otherCoordinator', 'POST', OTHER_CARDS, cardBody('Utrechtse kaart'), 201);
  });

  /** Calls with every role; a refused call answers {error, message} and changes nothing. */
  async function statusesByRole(request: () => Promise<{ method: InjectOptions['method']; url: string; body?: unknown }>): Promise<Record<Role, number>> {
    const got = {} as Record<Role, number>;
    for (const role of ROLES) {
      const { method, url, body } = await request();
      const before = await fingerprint(server.db);
      const response = await as(role, method, url, body);
      got[role] = response.statusCode;
      if (response.statusCode >= 400) {
        expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
        expect(await fingerprint(server.db)).toBe(before);
      }
    }
    return got;
  }
  const ownCard = async () => ok<AdminCard>('coordinator', 'POST', CARDS, cardBody(`Eigen ${randomUUID().slice(0, 8)}`), 201);

  describe('who may do what', () => {
    it('lists: the organisation, its coordinators and the national team; the national list the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: CARDS }))).toEqual(ORG_SCOPE(200));
      expect(await statusesByRole(async () => ({ method: 'GET', url: NATIONAL_CARDS }))).toEqual(NATIONAL_SCOPE(200));
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${CARDS}/partners?q=maas` }))).toEqual(ORG_SCOPE(200));
    });
    it('creates, updates, copies and deletes in the same scope', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: CARDS, body: cardBody('Nieuw') }))).toEqual(ORG_SCOPE(201));
      expect(await statusesByRole(async () => {
        const card = await ownCard();
        return { method: 'PUT', url: `${CARDS}/${card.id}`, body: { ...cardBody('Aangepast'), baseVersion: card.version } };
      })).toEqual(ORG_SCOPE(200));
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${CARDS}/${national.id}/copy`, body: {} }))).toEqual(ORG_SCOPE(201));
      expect(await statusesByRole(async () => {
        const card = await ownCard();
        return { method: 'POST', url: `${CARDS}/${card.id}/delete`, body: { baseVersion: card.version } };
      })).toEqual(ORG_SCOPE(200));
      expect(await statusesByRole(async () => ({ method: 'POST', url: NATIONAL_CARDS, body: cardBody('Landelijk nieuw') }))).toEqual(NATIONAL_SCOPE(201));
    });
  });

  it('lists the own cards and the national ones, with the partner named', async () => {
    const card = await ok<AdminCard>('coordinator', 'POST', CARDS, cardBody('Schulden: eerste stap', { service_id: ownService.id }), 201);
    expect(card).toMatchObject({ owner_organisation_id: ORGANISATION.id, copied_from: null, version: 1, partner: { id: ownService.id, name: ownService.name, organisation: ownOrganization.name } });
    const list = await ok<AdminCardList>('coordinator', 'GET', CARDS);
    expect(list.own.map((c) => c.id)).toContain(card.id);
    expect(list.own.every((c) => c.owner_organisation_id === ORGANISATION.id)).toBe(true);
    expect(list.own.map((c) => c.id)).not.toContain(otherCard.id);
    expect(list.national.map((c) => c.id)).toContain(national.id);
    expect(list.national.every((c) => c.owner_organisation_id === null)).toBe(true);
  });

  it('an edit is a kaart change: a staff tablet pulls the new version', async () => {
    const card = await ownCard();
    await ok('coordinator', 'PUT', `${CARDS}/${card.id}`, { ...cardBody('DigiD bij ons: dinsdag'), baseVersion: card.version });
    const pulled = (await pullCards(staff.token)).find((c) => c.id === card.id)!;
    expect(pulled).toMatchObject({ version: 2, data: { title: 'DigiD bij ons: dinsdag', owner_organisation_id: ORGANISATION.id } });
    await ok('coordinator', 'POST', `${CARDS}/${card.id}/delete`, { baseVersion: 2 });
    expect((await pullCards(staff.token)).find((c) => c.id === card.id)).toMatchObject({ version: 3, deleted: true });
    const list = await ok<AdminCardList>('coordinator', 'GET', CARDS);
    expect(list.own.map((c) => c.id)).not.toContain(card.id);
  });

  it('a stale baseVersion is 409 edit_conflict and changes nothing (two editors)', async () => {
    const card = await ownCard();
    await ok('coordinatorTablet', 'PUT', `${CARDS}/${card.id}`, { ...cardBody('Eerst'), baseVersion: 1 });
    const before = await fingerprint(server.db);
    const late = await as('coordinator', 'PUT', `${CARDS}/${card.id}`, { ...cardBody('Later'), baseVersion: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'edit_conflict', message: expect.stringContaining('intussen gewijzigd') });
    const deleteLate = await as('coordinator', 'POST', `${CARDS}/${card.id}/delete`, { baseVersion: 1 });
    expect(deleteLate.statusCode).toBe(409);
    expect(await fingerprint(server.db)).toBe(before);
  });

  it('a national card is read-only for an organisation: not editable or deletable under its path, copyable', async () => {
    const before = await fingerprint(server.db);
    for (const [method, url, body] of [
      ['PUT', `${CARDS}/${national.id}`, { ...cardBody('Gekaapt'), baseVersion: national.version }],
      ['POST', `${CARDS}/${national.id}/delete`, { baseVersion: national.version }],
      ['PUT', `${CARDS}/${otherCard.id}`, { ...cardBody('Gekaapt'), baseVersion: otherCard.version }],
      ['POST', `${CARDS}/${otherCard.id}/copy`, {}],
      ['POST', `${CARDS}/${randomUUID()}/copy`, {}],
      ['PUT', `${CARDS}/not-an-id`, { ...cardBody('x'), baseVersion: 1 }],
    ] as const) {
      const response = await as('coordinator', method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error).toBe('not_found');
    }
    // The scope before the body: a bad body on a card out of scope is still 404.
    for (const [method, url] of [
      ['PUT', `${CARDS}/${national.id}`], ['PUT', `${CARDS}/${otherCard.id}`], ['PUT', `${OTHER_CARDS}/${otherCard.id}`],
      ['POST', `${CARDS}/${otherCard.id}/delete`], ['POST', `${CARDS}/${otherCard.id}/copy`], ['POST', `${OTHER_CARDS}/${national.id}/copy`],
    ] as const) {
      const response = await as('coordinator', method, url, { x: 1 });
      expect([method, url, response.statusCode, response.json().error]).toEqual([method, url, 404, 'not_found']);
    }
    // the national team edits its own cards only under the national path
    expect((await as('national', 'PUT', `${CARDS}/${national.id}`, { ...cardBody('x'), baseVersion: 1 })).statusCode).toBe(404);
    expect(await fingerprint(server.db)).toBe(before);
    const copy = await ok<AdminCard>('coordinator', 'POST', `${CARDS}/${national.id}/copy`, {}, 201);
    expect(copy).toMatchObject({ title: national.title, owner_organisation_id: ORGANISATION.id, copied_from: national.id, version: 1 });
    expect(copy.id).not.toBe(national.id);
    const edited = await ok<AdminCard>('coordinator', 'PUT', `${CARDS}/${copy.id}`, { ...cardBody('DigiD aanvragen in Maasland'), baseVersion: 1 });
    expect(edited).toMatchObject({ title: 'DigiD aanvragen in Maasland', copied_from: national.id, version: 2 });
    const [still] = (await ok<AdminCardList>('national', 'GET', NATIONAL_CARDS)).national.filter((c) => c.id === national.id);
    expect(still.title).toBe('DigiD aanvragen (landelijk)');
  });

  it('partners: own and national services only, by words of the name', async () => {
    const found = (await ok<{ partners: { id: string; name: string }[] }>('coordinator', 'GET', `${CARDS}/partners?q=${encodeURIComponent('maasland SCHULD')}`)).partners;
    expect(found.map((p) => p.id)).toEqual([ownService.id]);
    const utrecht = (await ok<{ partners: unknown[] }>('coordinator', 'GET', `${CARDS}/partners?q=taalcaf`)).partners;
    expect(utrecht).toEqual([]);
    // the first 100 characters of q are searched (SEARCH_MAX.partner): a word after them is left out, not refused
    const long = (await ok<{ partners: { id: string }[] }>('coordinator', 'GET', `${CARDS}/partners?q=${encodeURIComponent(`maasland${' '.repeat(92)}geenwoord`)}`)).partners;
    expect(long.map((p) => p.id)).toEqual([ownService.id]);
    // a card may not point at another organisation's service: the server says so, nothing stored
    const before = await fingerprint(server.db);
    const response = await as('coordinator', 'POST', CARDS, cardBody('Verwijzing', { service_id: otherService.id }));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/sociale kaart/);
    expect(await fingerprint(server.db)).toBe(before);
    expect((await as('coordinator', 'GET', `${CARDS}/partners?q=a&q=b`)).statusCode).toBe(400);
    expect((await as('coordinator', 'GET', `${CARDS}/partners?zoek=a`)).statusCode).toBe(400);
  });

  it('bad bodies: a Dutch 400 naming what is wrong, nothing stored, no audit row', async () => {
    const card = await ownCard();
    const bad: Array<[string, unknown, RegExp]> = [
      ['POST', { ...cardBody('x'), title: '' }, /titel/i],
      ['POST', { ...cardBody('x'), title: 'x'.repeat(121) }, /hoogstens 120/],
      ['POST', { ...cardBody('x'), topics: [] }, /onderwerp/i],
      ['POST', { ...cardBody('x'), topics: ['onbekend'] }, /onderwerp/i],
      ['POST', { ...cardBody('x'), body: 'x'.repeat(4001) }, /4\.000/],
      ['POST', { ...cardBody('x'), links: [{ label: 'Klik', url: 'javascript:alert(1)' }] }, /https/],
      ['POST', { ...cardBody('x'), links: [{ label: 'Klik', url: 'http://example.nl' }] }, /https/],
      ['POST', { ...cardBody('x'), checked_on: '31-12-2026' }, /JJJJ-MM-DD/],
      // "laatst gecontroleerd" from 2000 up to tomorrow: the year 0 or a typo for the year was stored
      ['POST', { ...cardBody('x'), checked_on: '0000-01-01' }, /vóór het jaar 2000\. Vul de dag in/],
      ['POST', { ...cardBody('x'), checked_on: '1999-12-31' }, /vóór het jaar 2000/],
      ['POST', { ...cardBody('x'), checked_on: '2062-11-30' }, /in de toekomst\. Vul de dag in .*vandaag of eerder/],
      ['PUT', { ...cardBody('x'), checked_on: '0202-11-30', baseVersion: 1 }, /vóór het jaar 2000/],
      ['POST', { ...cardBody('x'), owner_organisation_id: OTHER_ORGANISATION.id }, /onbekend/],
      ['POST', { ...cardBody('x'), id: randomUUID() }, /onbekend/],
      ['POST', { ...cardBody('x'), __proto__: { evil: 1 }, ['constructor']: 1 }, /onbekend/],
      ['POST', { title: 'x' }, /ontbreekt/],
      ['POST', 'geen object', /JSON-object/],
      ['PUT', cardBody('zonder versie'), /baseVersion/],
      ['PUT', { ...cardBody('x'), baseVersion: -1 }, /baseVersion/],
      ['PUT', { ...cardBody('x'), baseVersion: '1' }, /baseVersion/],
    ];
    const before = await fingerprint(server.db);
    for (const [method, body, message] of bad) {
      const response = await as('coordinator', method as InjectOptions['method'], method === 'PUT' ? `${CARDS}/${card.id}` : CARDS, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json().message, JSON.stringify(body).slice(0, 80)).toMatch(message);
    }
    expect(await fingerprint(server.db)).toBe(before);
  });

  it('hostile text is stored as text (the page renders it as text, never HTML)', async () => {
    const body = '<script>alert(1)</script> <img src=x onerror=alert(1)> **vet**';
    const card = await ok<AdminCard>('coordinator', 'POST', CARDS, cardBody('<b>kop</b>', { body }), 201);
    expect(card).toMatchObject({ title: '<b>kop</b>', body });
  });

  it('writes an audit row per change, titles and versions only', async () => {
    const card = await ownCard();
    await ok('coordinator', 'PUT', `${CARDS}/${card.id}`, { ...cardBody('Na controle'), baseVersion: 1 });
    const rows = await server.db.query<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_log WHERE target = $1 ORDER BY id`, [card.id]);
    expect(rows.map((r) => r.action)).toEqual(['snelwijzer.create', 'snelwijzer.update']);
    expect(JSON.stringify(rows)).not.toContain('digid.nl');
    // The Logboek names the card by its title as it is now.
    const entries = (await call(server, roles.coordinator, 'GET', `${ORG}/audit`)).json().entries as { target: string; targetName: string | null }[];
    expect(entries.filter((e) => e.target === card.id).map((e) => e.targetName)).toEqual(['Na controle', 'Na controle']);
  });
});
