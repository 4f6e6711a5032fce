import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { EnrollResponse } from '../../src/shared/api';
import { dayDigest, type DayCheckResponse } from '../../src/shared/delivery-check';
import { makeRegistration } from '../db/fixtures';
import * as v5 from '../db/fixtures/schemas/v5';
import { openControlled, statusLine, tabletContext } from './app';
import { chromiumAndServer } from './chromium-and-server';
import type { RunningServer } from './server';

/*
 * A tablet in the field on database version 5 gets the app with version 6 (issue 15, session 32: two indexes fewer on
 * the tables of records). In Chromium's own IndexedDB, not fake-indexeddb: the tablet's database is written as
 * version 5 shipped it (the frozen fixture's stores), with three contacts still to send; the app then opens it,
 * upgrades it, and sends them. Nothing is lost and nothing is sent twice.
 */
let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));

interface Rows { [store: string]: object[] }

describe('a tablet on database version 5', () => {
  it('keeps its unsent contacts through the upgrade to version 6, and sends them once', async () => {
    const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: server.enrollmentCode, label: 'Tablet van voor de update' }),
    })).json() as EnrollResponse;
    const device = {
      deviceId: enrolled.deviceId, token: enrolled.token, organisationId: enrolled.organisation.id, organisationName: enrolled.organisation.name,
      label: 'Tablet van voor de update', enrolledAt: new Date().toISOString(), codelistVersion: enrolled.codelistVersion,
    };
    const contacts = ['2026-11-24T10:15:00+01:00', '2026-11-24T11:30:00+01:00', '2026-11-25T09:00:00+01:00'].map((startedAt, i) => ({
      ...makeRegistration({ deviceId: device.deviceId, organisationId: device.organisationId, locationId: enrolled.locations[0].id, startedAt }),
      syncState: 'pending', day: startedAt.slice(0, 10), savedAt: new Date(Date.parse(startedAt) + 60_000 * (i + 1)).toISOString(),
    }));
    const rows: Rows = {
      settings: [{ key: 'device', value: device }, { key: 'deviceId', value: device.deviceId }, { key: 'syncStatus', value: { state: 'idle', failures: 0 } }],
      organisations: [{ id: enrolled.organisation.id, name: enrolled.organisation.name }],
      locations: enrolled.locations,
      registrations: contacts,
    };

    const context = await tabletContext(browser);
    // A page of the app's origin that is not the app (no service worker yet, no Dexie): the tablet's database as version 5 wrote it.
    const setup = await context.newPage();
    await setup.goto(`${server.url}/api/v1/health`);
    await setup.evaluate(({ version, stores, rows }) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg', version * 10); // Dexie's version N is IndexedDB's N × 10
      open.onerror = () => reject(open.error);
      open.onupgradeneeded = () => {
        // Dexie's store syntax: the primary key first, then the indexes ('[a+b]' compound, '*' multi-entry, '&' unique)
        const keyPath = (src: string) => (src.startsWith('[') ? src.slice(1, -1).split('+') : src);
        for (const [name, spec] of Object.entries(stores)) {
          const [primary, ...indexes] = spec.split(',').map((part) => part.trim());
          const store = open.result.createObjectStore(name, { keyPath: keyPath(primary.replace(/^(\+\+|&)/, '')), autoIncrement: primary.startsWith('++') });
          for (const index of indexes) {
            const bare = index.replace(/^[*&]/, '');
            store.createIndex(bare, keyPath(bare), { multiEntry: index.startsWith('*'), unique: index.startsWith('&') });
          }
        }
      };
      open.onsuccess = () => {
        const tx = open.result.transaction(Object.keys(rows), 'readwrite');
        for (const [name, list] of Object.entries(rows)) for (const row of list) tx.objectStore(name).put(row);
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onabort = () => reject(tx.error);
      };
    }), { version: v5.version, stores: v5.stores, rows });
    const schema = () => setup.evaluate(() => new Promise<{ version: number; registrations: string[]; groupSessions: string[]; states: string[] }>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['registrations', 'groupSessions']);
        const registrations = tx.objectStore('registrations');
        const groupSessions = tx.objectStore('groupSessions');
        const all = registrations.getAll();
        tx.oncomplete = () => {
          resolve({
            version: open.result.version,
            registrations: [...registrations.indexNames].sort(),
            groupSessions: [...groupSessions.indexNames].sort(),
            states: (all.result as { syncState: string }[]).map((row) => row.syncState),
          });
          open.result.close();
        };
        tx.onabort = () => reject(tx.error);
      };
    }));
    expect(await schema()).toEqual({
      version: 50, registrations: ['[syncState+day]', '[syncState+savedAt]', 'day', 'savedAt', 'syncState'],
      groupSessions: ['[syncState+day]', '[syncState+savedAt]', 'day', 'savedAt', 'syncState'], states: ['pending', 'pending', 'pending'],
    });

    // The app update: the app opens the database at version 6, and sends what waited.
    const app = await openControlled(context, server.url);
    await expect.poll(() => statusLine(app)).toMatch(/^alles verstuurd · laatst verstuurd /);
    await app.close();
    expect(await schema()).toEqual({
      version: 60, registrations: ['[syncState+savedAt]', 'day', 'savedAt'], groupSessions: ['[syncState+savedAt]', 'day'], states: ['sent', 'sent', 'sent'],
    });

    // The server holds exactly these three, once each, at revision 1: its day check of this tablet says 'same' per day.
    const day = async (name: string) => {
      const ofDay = contacts.filter((contact) => contact.day === name);
      return { day: name, count: ofDay.length, digest: await dayDigest(ofDay) };
    };
    const answer = await (await fetch(`${server.url}/api/v1/registrations/check-days`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: JSON.stringify({ days: [await day('2026-11-24'), await day('2026-11-25')] }),
    })).json() as DayCheckResponse;
    expect(answer).toEqual({ days: [{ day: '2026-11-24', status: 'same' }, { day: '2026-11-25', status: 'same' }] });
    await context.close();
  });
});
