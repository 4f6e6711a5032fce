import Dexie, { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { readFirstScreen } from '../../src/db/first-screen';
import { openFirstScreen } from '../../src/db/open-first-screen';
import { recentRegistrations, RECENT_REGISTRATIONS } from '../../src/db/form-reads';
import { currentOrganisation } from '../../src/db/organisation';
import { firstAnswerUnlessSame } from '../../src/db/use-live-query';
import type { StoredRegistration } from '../../src/db/types';
import { makeRegistration } from './fixtures';

// Issue 15: a live query's first answer that holds the data already drawn (the first screen's reads) must not
// draw the page again; every change after it must.
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('firstAnswerUnlessSame', () => {
  it('leaves out only a first answer equal to what is shown', () => {
    const set: unknown[] = [];
    const next = firstAnswerUnlessSame<unknown>((value) => set.push(value), () => ({ n: 1 }));
    next({ n: 1 });
    expect(set).toEqual([]);
    next({ n: 1 }); // a later answer: Dexie answers again only after a write, so it is set
    next({ n: 2 });
    expect(set).toEqual([{ n: 1 }, { n: 2 }]);

    const other: unknown[] = [];
    const first = firstAnswerUnlessSame<unknown>((value) => other.push(value), () => undefined);
    first([]);
    expect(other).toEqual([[]]);
  });

  it('draws nothing again for the form\'s live queries after the first screen\'s reads, and follows a write after them', async () => {
    const name = `live-query-${crypto.randomUUID()}`;
    names.push(name);
    const db = new IdoDb(name);
    await db.organisations.put({ id: 'org-a', name: 'A' });
    await db.locations.put({ id: 'l1', organisationId: 'org-a', name: 'Centrum', municipalityCode: 'GM0344', province: 'Utrecht', insideLibrary: true,
      kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: '2024-01-01' });
    const rows: StoredRegistration[] = [0, 1, 2].map((i) => ({ ...makeRegistration(), syncState: 'pending', day: '2026-12-02', savedAt: `2026-12-02T09:0${i}:00.000Z` }));
    await db.registrations.bulkPut(rows);
    const reads = await readFirstScreen([], openFirstScreen(indexedDB, db.name));

    const drawn: string[] = [];
    const place = liveQuery(() => currentOrganisation(db)).subscribe({ next: firstAnswerUnlessSame((value) => drawn.push(`place ${value?.locations.length}`), () => reads.place) });
    const recent = liveQuery(() => recentRegistrations(db, RECENT_REGISTRATIONS)).subscribe({ next: firstAnswerUnlessSame((value) => drawn.push(`recent ${value.length}`), () => reads.recent) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drawn).toEqual([]);

    await db.registrations.put({ ...makeRegistration(), syncState: 'pending', day: '2026-12-02', savedAt: '2026-12-02T10:00:00.000Z' });
    await expect.poll(() => drawn).toEqual(['recent 4']);
    place.unsubscribe();
    recent.unsubscribe();
    db.close();
  });
});
