import { describe, expect, it } from 'vitest';
import type { IdoDb } from '../../src/db/db';
import { saveKaartEdit } from '../../src/db/kaart/edits';
import { addFeedback } from '../../src/db/kaart/feedback';
import { saveRegistration } from '../../src/db/registrations';
import { createApiToken } from '../../src/server/api-tokens';
import { seedDemoKaart } from '../../src/server/kaart/seed';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import { readKaartStatus, readKaartSyncStatus } from '../../src/sync/kaart-status';
import { getDevice } from '../../src/sync/device';
import { pushKaart } from '../../src/sync/kaart-push';
import { syncAll } from '../../src/sync/kaart-sync';
import { heldKaartNotice, kaartToSend, statusLine } from '../../src/sync/status';
import { fetchTransport, type RawResponse } from '../../src/sync/transport';
import { makeRegistration } from './fixtures';
import { useRealServer } from './real-server';
import '../server/server-secret';

/*
 * A coordinator's tablet of an organisation the national team deactivated, against the real server: the server answers
 * each kaart edit `organisation_deactivated`; the tablet keeps the edits pending as they are (none refused one by one),
 * notes the deactivation once for the kaart page, and still sends its "Klopt niet" marks and registrations.
 */
const server = useRealServer(async (db) => {
  await seedDemoOrganisation(db);
  await seedDemoKaart(db);
});

/** The real transport, counting the kaart pushes and keeping their answers. */
function countingTransport() {
  const transport = fetchTransport(server.url);
  const pushes: Array<{ changes: number; answer: RawResponse }> = [];
  const postKaartChanges: typeof transport.postKaartChanges = async (request, token) => {
    const answer = await transport.postKaartChanges(request, token);
    pushes.push({ changes: request.changes.length, answer });
    return answer;
  };
  return { transport: { ...transport, postKaartChanges }, pushes };
}

async function sync(db: IdoDb, transport = fetchTransport(server.url)) {
  expect(await syncAll(db, { transport, locks: null, force: true })).toMatchObject({ outcome: 'done' });
}

const storedName = async (id: string) => (await server.db.query<{ name: string }>(
  "SELECT data->>'name' AS name FROM kaart_records WHERE entity = 'service' AND id = $1", [id]))[0]?.name;

describe('a coordinator tablet of a deactivated organisation', () => {
  it('keeps its kaart edits pending and unrefused, says so once, and still sends "Klopt niet" and registrations', async () => {
    const tablet = await server.enrolledTablet('deactivated', { role: 'coordinator', label: 'Coördinator' });
    await sync(tablet);
    // The organisation's own Taalcafé, which its coordinator edits; a "Klopt niet" mark on a national entry.
    const services = await tablet.kaartServices.toArray();
    const service = services.find((s) => s.name === 'Taalcafé')!;
    const other = services.find((s) => s.name === 'BelastingTelefoon')!;
    const originalName = service.name;
    const national = await createApiToken(server.db, 'national', null);
    const deactivated = await server.app.inject({
      method: 'POST', url: `/api/v1/admin/organisations/${DEMO_ORGANISATION_ID}/deactivate`, headers: { authorization: `Bearer ${national}` },
    });
    expect(deactivated.statusCode, deactivated.body).toBe(200);

    // After the deactivation: an edit, a "Klopt niet" mark and a registration, then a sync.
    const { version: _version, ...fields } = service;
    expect(await saveKaartEdit(tablet, 'service', { ...fields, name: 'Nieuwe naam na deactivering' })).toEqual({ ok: true });
    expect(await addFeedback(tablet, other.id, 'Het adres klopt niet meer.')).toEqual({ ok: true });
    await saveRegistration(tablet, makeRegistration({ deviceId: (await getDevice(tablet))!.deviceId }));
    const counted = countingTransport();
    await sync(tablet, counted.transport);

    // The server answered the edit with the code of its own (the feedback applied), in one request.
    expect(counted.pushes).toHaveLength(1);
    const results = (JSON.parse(counted.pushes[0].answer.bodyText) as { results: Array<{ entity: string; status: string; code?: string; message?: string }> }).results;
    expect(results.map((r) => [r.entity, r.status, r.code])).toEqual([['service', 'rejected', 'organisation_deactivated'], ['feedback', 'applied', undefined]]);
    expect(results[0].message).toBe('Deze organisatie is gedeactiveerd door het landelijk team.');
    // On the tablet: the edit waits as it was saved, not refused; the mark and the registration went.
    const outbox = await tablet.kaartOutbox.toArray();
    expect(outbox.map((e) => [e.entity, e.recordId, e.state, e.problem])).toEqual([['service', service.id, 'pending', undefined]]);
    expect((outbox[0].data as { name: string }).name).toBe('Nieuwe naam na deactivering');
    expect((await tablet.kaartServices.get(service.id))?.name).toBe('Nieuwe naam na deactivering');
    expect(await tablet.registrations.where('syncState').equals('sent').count()).toBe(1);
    const status = await readKaartSyncStatus(tablet);
    expect(status).toMatchObject({ pending: 1, held: 1, conflict: 0, rejected: 0, organisationDeactivatedAt: expect.any(String) });
    expect(await storedName(service.id)).toBe(originalName);
    // The status bar: the edit is not "nog te versturen" and not for "Nu versturen" (it said so for good); the line below says why.
    expect(statusLine({ pending: 0 }, new Date(), status)).toBe('alle registraties verstuurd · 1 kaartwijziging niet verstuurd');
    expect(kaartToSend(status)).toBe(0);
    expect(heldKaartNotice(status)).toBe('Organisatie gedeactiveerd: kaartwijzigingen blijven hier.');
    // A new mark meanwhile is to be sent (the server takes it); the edit still is not.
    expect(await addFeedback(tablet, services.find((s) => s.id !== service.id && s.id !== other.id)!.id, 'Ook een melding.')).toEqual({ ok: true });
    const withMark = await readKaartSyncStatus(tablet);
    expect(withMark).toMatchObject({ pending: 2, held: 1 });
    expect(statusLine({ pending: 0 }, new Date(), withMark)).toBe('alle registraties verstuurd · 1 kaartwijziging nog te versturen · 1 kaartwijziging niet verstuurd');
    expect(kaartToSend(withMark)).toBe(1);

    // The next sync tries the edit once more, in one request with the new mark, and keeps it again: still nothing refused or lost.
    const again = countingTransport();
    await sync(tablet, again.transport);
    expect(again.pushes.map((p) => p.changes)).toEqual([2]);
    expect(await readKaartSyncStatus(tablet)).toMatchObject({ pending: 1, held: 1, rejected: 0, organisationDeactivatedAt: status.organisationDeactivatedAt });

    // The national team activates the organisation again ("Weer activeren"): the edit goes at the next sync, and the note goes.
    const reactivated = await server.app.inject({
      method: 'POST', url: `/api/v1/admin/organisations/${DEMO_ORGANISATION_ID}/reactivate`, headers: { authorization: `Bearer ${national}` },
    });
    expect(reactivated.statusCode, reactivated.body).toBe(200);
    await sync(tablet);
    expect(await tablet.kaartOutbox.toArray()).toEqual([]);
    expect(await storedName(service.id)).toBe('Nieuwe naam na deactivering');
    expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBeUndefined();
    expect(await readKaartSyncStatus(tablet)).toMatchObject({ pending: 0, held: 0 });
  });
});

describe("a coordinator tablet learns its organisation's state at each sync, before any edit", () => {
  const setDeactivated = async (deactivated: boolean) => {
    await server.db.query(`UPDATE organisations SET deactivated_at = ${deactivated ? 'now()' : 'NULL'} WHERE id = $1`, [DEMO_ORGANISATION_ID]);
  };

  it('notes the deactivation at the pull with nothing to push, keeps it through a sync that sends only a mark, and clears it at the first sync after a reactivation', async () => {
    const tablet = await server.enrolledTablet('learns', { role: 'coordinator', label: 'Coördinator' });
    const staff = await server.enrolledTablet('staff-learns', { label: 'Balie' });
    await sync(tablet);
    await sync(staff);
    expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBeUndefined();

    // Deactivated: the next sync, with no edit to push, says so (the edit form's note is there before the first edit).
    await setDeactivated(true);
    try {
      const counted = countingTransport();
      await sync(tablet, counted.transport);
      expect(counted.pushes).toEqual([]);
      const noted = (await readKaartStatus(tablet)).organisationDeactivatedAt;
      expect(noted).toEqual(expect.any(String));
      // A staff tablet is not told (its edits are never refused for it) and notes nothing.
      await sync(staff);
      expect((await readKaartStatus(staff)).organisationDeactivatedAt).toBeUndefined();

      // A sync that sends only a new "Klopt niet" mark (the server takes it) keeps the note as it was, not cleared and noted anew.
      const service = (await tablet.kaartServices.toArray()).find((s) => s.name === 'BelastingTelefoon')!;
      expect(await addFeedback(tablet, service.id, 'Het telefoonnummer klopt niet.')).toEqual({ ok: true });
      // (The push alone, as syncAll runs it before the pull: it used to clear the note, which the pull then noted anew.)
      expect(await pushKaart(tablet, fetchTransport(server.url))).toEqual({ outcome: 'done', count: 1 });
      expect(await tablet.kaartOutbox.count()).toBe(0);
      expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBe(noted);
      await sync(tablet);
      expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBe(noted);

      // A server that says nothing of it (an older one) leaves the note as it is.
      const older = fetchTransport(server.url);
      const getKaartChanges: typeof older.getKaartChanges = async (...args) => {
        const answer = await older.getKaartChanges(...args);
        const { organisationDeactivated: _said, ...page } = JSON.parse(answer.bodyText) as Record<string, unknown>;
        return { ...answer, bodyText: JSON.stringify(page) };
      };
      await setDeactivated(false);
      await sync(tablet, { ...older, getKaartChanges });
      expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBe(noted);
    } finally {
      await setDeactivated(false);
    }

    // Active again, still nothing to push: the first sync clears the note.
    await sync(tablet);
    expect((await readKaartStatus(tablet)).organisationDeactivatedAt).toBeUndefined();
    expect(await readKaartSyncStatus(tablet)).toMatchObject({ pending: 0, held: 0 });
  });
});
