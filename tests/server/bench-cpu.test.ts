import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuMeter, cpuSpent } from '../../bench/cpu';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-server';

/*
 * The ingest bench's CPU accounting (bench/cpu.ts) on the test databases: a PostgreSQL on this machine is counted
 * (its postmaster and every child: the backend that did the work among them); PGlite runs on the main thread.
 */
describe.each(DATABASE_KINDS)('bench CPU accounting on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  it('counts the database\'s CPU where it runs', async () => {
    const meter = await cpuMeter(database.db);
    expect(meter.countsPostgres).toBe(kind === 'postgres');
    const before = meter.sample();
    await database.db.query('SELECT count(*) FROM generate_series(1, 3000000) AS i WHERE i % 7 = 0');
    const spent = cpuSpent(before, meter.sample());
    if (kind === 'postgres') {
      expect(spent.postgres).toBeGreaterThan(20);
    } else {
      expect(spent.postgres).toBeUndefined();
      expect(spent.server).toBeGreaterThan(20);
    }
  });
});
