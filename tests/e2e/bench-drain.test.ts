import { afterAll, expect, it } from 'vitest';
import { benchDrain } from '../../bench/drain';
import { runCleanups } from '../../bench/servers';

afterAll(() => runCleanups());

// The bench's drain (bench/drain.ts), small: its tablet is a page of the server in Chromium that runs the app's
// database and sync engine on Chromium's IndexedDB (drain-chromium.ts), its baseline one request per record from a
// Node worker (drain-tablet.ts). A change to either that breaks the bench fails here, not in a ten-minute run.
it('drains records through the sync engine in Chromium, and one request per record, into PGlite', async () => {
  const figures = await benchDrain(30, () => {}, 'pglite');

  expect(figures.warnings).toEqual([]);
  expect(figures).toMatchObject({ database: 'PGlite', records: 30, engineServerRows: 30, perRecordServerRows: 30, enginePendingAfter: 0, perRecordNotAccepted: 0, engineBatches: 1, engineDrainCalls: 1 });
  expect(figures.engineRuns).toHaveLength(3);
  // Chromium's count of the page's main-thread tasks during the drain (CDP Performance)
  expect(figures.engineTabletBusySeconds).toBeGreaterThan(0);
  expect(figures.engineTransportSeconds).toBeLessThanOrEqual(figures.engineSeconds);
  // the CPU of every process from the drain's start to its end: Chromium's by kind, the server's thread (PGlite on it)
  expect(figures.cpu).toMatchObject({ chromium: expect.any(Number), server: expect.any(Number), wall: expect.any(Number), postgres: undefined });
  expect(Object.keys(figures.cpu!.chromiumByKind)).toEqual(expect.arrayContaining(['browser', 'renderer']));
  expect(figures.cpu!.server).toBeGreaterThan(0);
});
