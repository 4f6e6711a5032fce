import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { allCards, cardById, cardsForTopics, copyNationalCard, deleteCard, saveCard } from '../../src/db/snelwijzer';
import { seedDemoKaart } from '../../src/server/kaart/seed';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import type { SnelwijzerCardFields } from '../../src/shared/snelwijzer/card';
import { DEMO_NATIONAL_CARDS } from '../../src/shared/snelwijzer/demo-cards';
import { resolveKaartConflict } from '../../src/sync/kaart-conflicts';
import { syncAll } from '../../src/sync/kaart-sync';
import { fetchTransport } from '../../src/sync/transport';
import { useRealServer } from './real-server';
import '../server/server-secret';

/* Snelwijzer cards between tablets through the real server: the kaart push and pull carry them. */

const server = useRealServer(async (db) => {
  await seedDemoOrganisation(db);
  await seedDemoKaart(db);
});
const tablet = (role: 'medewerker' | 'coordinator') => server.enrolledTablet('snelwijzer', { role, label: `Tablet ${role}` });
const sync = async (db: IdoDb) => expect(await syncAll(db, { transport: fetchTransport(server.url), locks: null, force: true })).toMatchObject({ outcome: 'done' });
const ownCard = (overrides: Partial<SnelwijzerCardFields> = {}): SnelwijzerCardFields => ({
  id: crypto.randomUUID(), title: 'DigiD-app op de telefoon', topics: ['digid'], body: '1. Open de app-winkel.\n2. Zoek "DigiD".', bring: '- Telefoon', links: [],
  service_id: null, checked_on: '2026-11-20', owner_organisation_id: DEMO_ORGANISATION_ID, copied_from: null, ...overrides,
});

describe('Snelwijzer cards sync to every tablet of the organisation', () => {
  it('a tablet pulls the national cards; a topic finds its cards offline', async () => {
    const staff = await tablet('medewerker');
    await sync(staff);
    expect((await allCards(staff)).map((c) => c.title).sort()).toEqual(DEMO_NATIONAL_CARDS.map((c) => c.title).sort());
    expect((await cardsForTopics(staff, ['digid'])).map((c) => c.title)).toEqual(['DigiD aanvragen: wat heeft de bezoeker nodig', 'Wat doen we niet']);
    expect(await cardsForTopics(staff, ['rijbewijs'])).toEqual([]);
  });

  it('a coordinator\'s new card, edit and copy of a national card reach a staff tablet after sync; a delete does too', async () => {
    const coordinator = await tablet('coordinator');
    const staff = await tablet('medewerker');
    await sync(coordinator);
    const card = ownCard();
    expect(await saveCard(coordinator, card)).toEqual({ ok: true });
    await sync(coordinator);
    expect(await saveCard(coordinator, { ...card, title: 'DigiD-app installeren' })).toEqual({ ok: true });
    const national = (await cardById(coordinator, DEMO_NATIONAL_CARDS[0].id))!;
    const copy = await copyNationalCard(coordinator, national, DEMO_ORGANISATION_ID);
    expect(copy.ok).toBe(true);
    await sync(coordinator);
    expect(await coordinator.kaartOutbox.count()).toBe(0);

    await sync(staff);
    expect((await cardById(staff, card.id))).toMatchObject({ title: 'DigiD-app installeren', version: 2 });
    // The copy replaces its national original in the lists.
    const digid = (await cardsForTopics(staff, ['digid'])).map((c) => c.id);
    expect(digid).toContain(copy.ok && copy.id);
    expect(digid).not.toContain(national.id);

    await deleteCard(coordinator, card.id);
    await sync(coordinator);
    await sync(staff);
    expect(await cardById(staff, card.id)).toBeUndefined();
  });

  it('two coordinators editing one card: the second gets a conflict and chooses; the other tablet follows', async () => {
    const first = await tablet('coordinator');
    const second = await tablet('coordinator');
    const card = ownCard({ title: 'Toeslagen: ons spreekuur', topics: ['toeslagen'] });
    await saveCard(first, card);
    await sync(first);
    await sync(second);
    await saveCard(first, { ...card, body: 'Op dinsdag.' });
    await saveCard(second, { ...card, body: 'Op donderdag.' });
    await sync(first);
    await sync(second);
    const [entry] = await second.kaartOutbox.toArray();
    expect(entry).toMatchObject({ entity: 'snelwijzer_card', state: 'conflict' });
    expect(await resolveKaartConflict(second, entry.id, 'mine')).toEqual({ ok: true });
    await sync(second);
    await sync(first);
    expect(await cardById(first, card.id)).toMatchObject({ body: 'Op donderdag.', version: 3 });
  });

  it('a national card cannot be edited on a tablet, and an invalid card is refused with Dutch messages before it is queued', async () => {
    const coordinator = await tablet('coordinator');
    await sync(coordinator);
    const national = (await cardById(coordinator, DEMO_NATIONAL_CARDS[1].id))!;
    await expect(saveCard(coordinator, { ...national, title: 'Aangepast' })).rejects.toThrow(/landelijke kaart/);
    const refused = await saveCard(coordinator, ownCard({ title: '', topics: [], links: [{ label: 'x', url: 'javascript:alert(1)' }] }));
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.errors.map((e) => e.field)).toEqual(['title', 'topics', 'links.0.url']);
    expect(await coordinator.kaartOutbox.count()).toBe(0);
  });

  it('a staff tablet cannot write cards: the server refuses and the edit waits for a person', async () => {
    const staff = await tablet('medewerker');
    await sync(staff);
    await saveCard(staff, ownCard());
    await sync(staff);
    const [entry] = await staff.kaartOutbox.toArray();
    expect(entry).toMatchObject({ state: 'rejected', problem: { code: 'forbidden_scope' } });
  });
});
