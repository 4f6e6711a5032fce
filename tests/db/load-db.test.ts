import Dexie from 'dexie';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../src/db/name';
import { holdDatabase, loadDb, loadDbWhenWanted, wantDatabase, whenDatabaseWanted } from '../../src/db/load-db';

// Issue 15 (session 30): a fresh tablet's koppelen screen makes no database until staff want it; its live queries
// wait for that (load-db.ts, main.tsx). One module, one load of the database for the whole file.
afterAll(async () => {
  (await loadDb()).db.close();
  await Dexie.delete(DB_NAME);
});

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('holding the database on a fresh tablet', () => {
  it('keeps a live query\'s database back until it is wanted, then gives the one database', async () => {
    expect(whenDatabaseWanted()).toBeUndefined();
    holdDatabase();
    const query = loadDbWhenWanted();
    const second = loadDbWhenWanted();
    expect(await settled(query)).toBe(false);
    expect(await settled(second)).toBe(false);
    expect((await Dexie.getDatabaseNames())).not.toContain(DB_NAME);
    // staff send a code, or choose "Nu niet": whatever loads the database wants it
    const action = await loadDb();
    expect((await query).db).toBe(action.db);
    expect((await second).db).toBe(action.db);
    expect(whenDatabaseWanted()).toBeUndefined();
  });

  it('holds nothing once the database is loading: a later hold cannot stop the page\'s live queries', async () => {
    holdDatabase();
    expect(whenDatabaseWanted()).toBeUndefined();
    expect(await settled(loadDbWhenWanted())).toBe(true);
    wantDatabase(); // and wanting it again changes nothing
    expect(whenDatabaseWanted()).toBeUndefined();
  });
});
