import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { createApiToken } from '../../src/server/api-tokens';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { importCardsFile } from '../../src/server/kaart/card-import';
import { exportKaart } from '../../src/server/kaart/file-export';
import { OTHER_ORGANISATION, ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, type TestServer, useTestServer } from './test-server';

/** Snelwijzer cards through the kaart changes protocol: entity `snelwijzer_card`, scoped like kaart entries. */
const CHANGES = '/api/v1/kaart/changes';
type Data = Record<string, unknown> & { id: string };
interface PushResult { id: string; entity: string; status: string; version: number; code?: string; field?: string; message?: string }

const card = (owner: string | null, overrides: Partial<Data> = {}): Data => ({
  id: randomUUID(), title: 'DigiD activeren', topics: ['digid'], body: '1. Open de brief.\n2. Vul de code in.', bring: '- De brief met de code',
  links: [{ label: 'DigiD', url: 'https://www.digid.nl' }], service_id: null, checked_on: '2026-11-01', owner_organisation_id: owner, copied_from: null, ...overrides,
});
const create = (data: Data) => ({ entity: 'snelwijzer_card', id: data.id, baseVersion: 0, deleted: false, data });
const edit = (data: Data, baseVersion: number) => ({ entity: 'snelwijzer_card', id: data.id, baseVersion, deleted: false, data });

async function enrollCoordinator(server: TestServer, organisationId: string): Promise<EnrollResponse> {
  const code = await createEnrollmentCode(server.db, organisationId, 7, 'coordinator');
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Tablet coördinator' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe.each(DATABASE_KINDS)('Snelwijzer cards via /api/v1/kaart/changes on %s', (kind) => {
  const server = useTestServer(kind);
  const pushed = async (token: string, changes: unknown[]): Promise<PushResult[]> => {
    const response = await server.app.inject({ method: 'POST', url: CHANGES, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  };
  const visible = async (token: string): Promise<Map<string, { entity: string; version: number; data: Data }>> => {
    const response = await server.app.inject({ method: 'GET', url: `${CHANGES}?since=0&limit=1000`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode, response.body).toBe(200);
    return new Map(response.json().items.map((item: { id: string; entity: string; version: number; data: Data }) => [item.id, item]));
  };
  let coordinator: EnrollResponse;
  let staff: EnrollResponse;
  let otherCoordinator: EnrollResponse;
  let nationalToken = '';
  const nationalCard = card(null, { title: 'Landelijk: DigiD aanvragen' });

  beforeAll(async () => {
    coordinator = await enrollCoordinator(server, ORGANISATION.id);
    otherCoordinator = await enrollCoordinator(server, OTHER_ORGANISATION.id);
    staff = await enrollTablet(server);
    nationalToken = await createApiToken(server.db, 'national', null);
    expect(await pushed(nationalToken, [create(nationalCard)])).toMatchObject([{ status: 'applied', version: 1 }]);
  });

  it('a coordinator writes and edits its organisation\'s card; staff of that organisation pull it, another organisation never sees it', async () => {
    const own = card(ORGANISATION.id);
    expect(await pushed(coordinator.token, [create(own)])).toEqual([{ id: own.id, entity: 'snelwijzer_card', status: 'applied', version: 1 }]);
    expect(await pushed(coordinator.token, [edit({ ...own, title: 'DigiD activeren met de brief' }, 1)])).toMatchObject([{ status: 'applied', version: 2 }]);
    const ours = await visible(staff.token);
    expect(ours.get(own.id)).toMatchObject({ entity: 'snelwijzer_card', version: 2, data: { title: 'DigiD activeren met de brief' } });
    expect(ours.get(nationalCard.id)?.entity).toBe('snelwijzer_card');
    const theirs = await visible(otherCoordinator.token);
    expect(theirs.has(own.id)).toBe(false);
    expect(theirs.has(nationalCard.id)).toBe(true);
  });

  it('a stale edit is a conflict with the stored card, as for kaart entries', async () => {
    const own = card(ORGANISATION.id, { title: 'Toeslag stopzetten', topics: ['toeslagen'] });
    await pushed(coordinator.token, [create(own)]);
    await pushed(coordinator.token, [edit({ ...own, body: 'Eerste versie' }, 1)]);
    const [result] = await pushed(coordinator.token, [edit({ ...own, body: 'Andere versie' }, 1)]);
    expect(result).toMatchObject({ status: 'conflict', version: 2 });
  });

  it('national cards are read-only for an organisation: editing one is refused neutrally, a new national card is refused', async () => {
    const [changed] = await pushed(coordinator.token, [edit({ ...nationalCard, title: 'Aangepast' }, 1)]);
    expect(changed).toMatchObject({ status: 'rejected', code: 'id_in_use', version: 0 });
    const claimed = card(null);
    const [created] = await pushed(coordinator.token, [create(claimed)]);
    expect(created).toMatchObject({ status: 'rejected', code: 'forbidden_scope', field: 'owner_organisation_id' });
    expect(created.message).toMatch(/landelijk/i);
    const national = await visible(nationalToken);
    expect(national.get(nationalCard.id)?.data.title).toBe('Landelijk: DigiD aanvragen');
    expect(national.has(claimed.id)).toBe(false);
  });

  it('a national card copied into the organisation\'s set is the organisation\'s own card', async () => {
    const copy = { ...nationalCard, id: randomUUID(), owner_organisation_id: ORGANISATION.id, copied_from: nationalCard.id, title: 'DigiD aanvragen bij ons' };
    expect(await pushed(coordinator.token, [create(copy)])).toMatchObject([{ status: 'applied', version: 1 }]);
    expect((await visible(staff.token)).get(copy.id)?.data).toMatchObject({ copied_from: nationalCard.id, owner_organisation_id: ORGANISATION.id });
  });

  it('another organisation\'s card is never reachable: the same neutral id_in_use for an edit, a delete and a take-over', async () => {
    const own = card(ORGANISATION.id);
    await pushed(coordinator.token, [create(own)]);
    const attempts = [
      edit({ ...own, title: 'Overgenomen' }, 1),
      edit({ ...own, owner_organisation_id: OTHER_ORGANISATION.id }, 1),
      { entity: 'snelwijzer_card', id: own.id, baseVersion: 1, deleted: true, data: own },
      create({ ...own, owner_organisation_id: OTHER_ORGANISATION.id }),
    ];
    for (const attempt of attempts) {
      expect(await pushed(otherCoordinator.token, [attempt])).toEqual([{ id: own.id, entity: 'snelwijzer_card', status: 'rejected', version: 0, code: 'id_in_use', field: 'id', message: expect.any(String) }]);
    }
    // Writing a card in another organisation's name is refused as well.
    const [foreign] = await pushed(otherCoordinator.token, [create(card(ORGANISATION.id))]);
    expect(foreign).toMatchObject({ status: 'rejected', code: 'forbidden_scope' });
    expect((await visible(staff.token)).get(own.id)).toMatchObject({ version: 1, data: { title: 'DigiD activeren' } });
  });

  it('staff tablets read cards but do not write them', async () => {
    const [result] = await pushed(staff.token, [create(card(ORGANISATION.id))]);
    expect(result).toMatchObject({ status: 'rejected', code: 'forbidden_scope' });
    expect(result.message).toMatch(/coördinator/);
  });

  it('refuses invalid cards with a Dutch message and stores nothing: no topic, too long, javascript: link, a partner of another organisation', async () => {
    const other = await pushed(otherCoordinator.token, [
      { entity: 'organization', id: randomUUID(), baseVersion: 0, deleted: false, data: { id: '', name: 'x', owner_organisation_id: OTHER_ORGANISATION.id } },
    ]);
    expect(other[0].status).toBe('rejected');
    const theirOrg = { id: randomUUID(), name: 'Taalhuis', owner_organisation_id: OTHER_ORGANISATION.id };
    const theirService = { id: randomUUID(), organization_id: theirOrg.id, name: 'Taalspreekuur', status: 'active' };
    await pushed(otherCoordinator.token, [
      { entity: 'organization', id: theirOrg.id, baseVersion: 0, deleted: false, data: theirOrg },
      { entity: 'service', id: theirService.id, baseVersion: 0, deleted: false, data: theirService },
    ]);
    const bad = [
      [card(ORGANISATION.id, { topics: [] }), 'topics', 'required'],
      [card(ORGANISATION.id, { title: 'x'.repeat(121) }), 'title', 'too_long'],
      [card(ORGANISATION.id, { body: 'y'.repeat(4001) }), 'body', 'too_long'],
      [card(ORGANISATION.id, { links: [{ label: 'klik', url: 'javascript:alert(1)' }] }), 'links.0.url', 'invalid_url'],
      [card(ORGANISATION.id, { links: [{ label: 'klik', url: 'http://www.digid.nl' }] }), 'links.0.url', 'invalid_url'],
      [card(ORGANISATION.id, { topics: ['<script>'] }), 'topics', 'invalid_code'],
      [card(ORGANISATION.id, { service_id: theirService.id }), 'service_id', 'unknown_reference'],
      [card(ORGANISATION.id, { html: '<b>x</b>' }), 'html', 'unknown_field'],
    ] as const;
    const results = await pushed(coordinator.token, bad.map(([data]) => create(data)));
    expect(results.map((r) => [r.field, r.code, r.status])).toEqual(bad.map(([, field, code]) => [field, code, 'rejected']));
    for (const r of results) expect(r.message).toMatch(/[a-z]/);
    const ours = await visible(coordinator.token);
    for (const [data] of bad) expect(ours.has(data.id)).toBe(false);
  });

  it('counts an emoji as one character, as the tablet does: a 120-emoji title and link name kept whole, 121 refused with the count', async () => {
    const atLimit = card(ORGANISATION.id, { title: '😀'.repeat(120), links: [{ label: '😀'.repeat(120), url: 'https://www.digid.nl' }] });
    const over = card(ORGANISATION.id, { title: '😀'.repeat(121) });
    const results = await pushed(coordinator.token, [create(atLimit), create(over)]);
    expect(results[0].status).toBe('applied');
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'too_long', field: 'title', message: 'De titel is te lang: hoogstens 120 tekens. Nu zijn het er 121.' });
    const ours = await visible(coordinator.token);
    expect(ours.get(atLimit.id)?.data).toMatchObject({ title: '😀'.repeat(120), links: [{ label: '😀'.repeat(120) }] });
    expect(ours.has(over.id)).toBe(false);
  });

  it('import-cards --national writes national cards from a JSON file, updates them on a second run, and writes nothing from a bad file', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'ido-cards-'));
    try {
      const file = path.join(directory, 'kaarten.json');
      const { owner_organisation_id: _owner, ...withoutOwner } = card(null, { title: 'Landelijk: Belastingaangifte', topics: ['belastingaangifte'] });
      await writeFile(file, JSON.stringify({ cards: [withoutOwner] }));
      const lines: string[] = [];
      expect(await importCardsFile(server.db, file, null, (line) => lines.push(line))).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
      await writeFile(file, JSON.stringify([{ ...withoutOwner, body: 'Nieuwe uitleg' }]));
      expect(await importCardsFile(server.db, file, null, (line) => lines.push(line))).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
      expect((await visible(staff.token)).get(withoutOwner.id)).toMatchObject({ version: 2, data: { body: 'Nieuwe uitleg', owner_organisation_id: null } });
      // One bad card: nothing is written, and the line says which and why.
      const good = card(null, { title: 'Goed' });
      await writeFile(file, JSON.stringify([good, card(null, { links: [{ label: 'x', url: 'javascript:alert(1)' }] })]));
      await expect(importCardsFile(server.db, file, null, (line) => lines.push(line))).rejects.toThrow(/Niets ingelezen: 1 kaart geweigerd\./);
      expect(lines.at(-1)).toMatch(/links\.0\.url: Een link moet een https-adres zijn/);
      expect((await visible(nationalToken)).has(good.id)).toBe(false);
      // An id of 36 dashes or hex digits without its dashes is no UUID: the card is refused in Dutch, not PostgreSQL's cast error.
      for (const id of ['-'.repeat(36), 'a'.repeat(36)]) {
        await writeFile(file, JSON.stringify([good, card(null, { id })]));
        await expect(importCardsFile(server.db, file, null, (line) => lines.push(line))).rejects.toThrow(/Niets ingelezen: 1 kaart geweigerd\./);
        expect(lines.at(-1)).toMatch(new RegExp(`^kaart ${id}: id: `));
      }
      expect((await visible(nationalToken)).has(good.id)).toBe(false);
      await writeFile(file, '<html>');
      await expect(importCardsFile(server.db, file, null, () => undefined)).rejects.toThrow(/geen geldige JSON/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('cards are not kaart entries: the kaart export of either scope leaves them out and still works', async () => {
    for (const [scope, format] of [[null, 'json'], [ORGANISATION.id, 'hsds-3.0']] as const) {
      const files = await exportKaart(server.db, scope, format);
      const text = Object.values(files).join('\n');
      expect(text).not.toContain('snelwijzer');
      expect(text).not.toContain(nationalCard.title as string);
    }
  });
});
