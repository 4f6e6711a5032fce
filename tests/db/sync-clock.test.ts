import { describe, expect, it } from 'vitest';
import { readClock, recordClock } from '../../src/sync/clock';
import type { RawResponse } from '../../src/sync/transport';
import { tabletDbs } from './fixtures';

const newDb = tabletDbs('clock');
const freshDb = () => {
  const db = newDb();
  return db;
};

const T = Date.parse('2026-12-07T10:00:00.000Z');
/** An answer whose Date header says `server`, asked and answered at `tablet` by the tablet's clock. */
const answer = (server: number, tablet: number): RawResponse => ({
  status: 200, bodyText: '{}', serverClock: { date: new Date(server).toUTCString(), sentAt: tablet, receivedAt: tablet },
});

describe('recordClock (sync/clock.ts): what the server\'s answers show of the tablet\'s clock', () => {
  it('keeps the first measurement, then writes only when it moved a minute or is an hour old', async () => {
    const db = freshDb();
    expect(await readClock(db)).toBeUndefined();
    await recordClock(db, answer(T, T - 3 * 3_600_000));
    expect(await readClock(db)).toEqual({ aheadMs: -3 * 3_600_000 - 500, measuredAt: new Date(T - 3 * 3_600_000).toISOString() });
    // 30 seconds more, 10 minutes later: no write (no live query wakes on every sync)
    await recordClock(db, answer(T + 600_000, T - 3 * 3_600_000 + 600_000 - 30_000));
    expect((await readClock(db))!.measuredAt).toBe(new Date(T - 3 * 3_600_000).toISOString());
    // the same offset an hour later: written, so Instellingen' "vergeleken op" stays true
    await recordClock(db, answer(T + 3_600_000, T - 2 * 3_600_000));
    expect(await readClock(db)).toEqual({ aheadMs: -3 * 3_600_000 - 500, measuredAt: new Date(T - 2 * 3_600_000).toISOString() });
    // the clock set right: written at once
    await recordClock(db, answer(T + 3_660_000, T + 3_660_000));
    expect((await readClock(db))!.aheadMs).toBe(-500);
  });

  it('changes nothing for an answer without a usable clock', async () => {
    const db = freshDb();
    await recordClock(db, { status: 200, bodyText: '{}' });
    await recordClock(db, { status: 503, bodyText: '', serverClock: { date: 'kapot', sentAt: T, receivedAt: T } });
    await recordClock(db, { status: 200, bodyText: '', serverClock: { date: new Date(T).toUTCString(), sentAt: T, receivedAt: T + 120_000 } });
    expect(await readClock(db)).toBeUndefined();
  });
});
