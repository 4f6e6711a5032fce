// The tablet's own overview (Overzicht) over a year of registrations, on fake-indexeddb in Node:
// reading the year from Dexie alone is the baseline, the overview adds the counting.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { IdoDb } from '../src/db/db';
import demo from '../src/db/demo-organisation.json';
import { registrationsBetween } from '../src/db/registrations';
import type { StoredRegistration } from '../src/db/types';
import { computeOverview } from '../src/features/reports/overview';
import { amsterdamDay } from '../src/shared/time';
import { realisticRegistrations } from './registrations';
import { median } from './stats';

export interface OverviewFigures {
  registrations: number;
  questions: number;
  readMs: number;
  overviewMs: number;
  monthMs: number;
}


/** A year of registrations (about 40 a working day) on one tablet, then the overview of the year and of a month. */
export async function benchOverview({ registrations = 10_000, runs = 5 } = {}): Promise<OverviewFigures> {
  const db = new IdoDb(`bench-overview-${Date.now()}`);
  try {
    const sender = { deviceId: crypto.randomUUID(), organisationId: demo.organisation.id, locations: demo.locations };
    const records = realisticRegistrations(registrations, sender, { seed: 7 });
    const now = new Date().toISOString();
    const stored: StoredRegistration[] = records.map((r) => ({ ...r, syncState: 'sent', sentRevision: 1, day: amsterdamDay(new Date(r.startedAt)), savedAt: now }));
    await db.registrations.bulkPut(stored);
    const days = stored.map((r) => r.day).sort();
    const [from, to] = [days[0], days[days.length - 1]];
    const month = to.slice(0, 7);
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const read: number[] = [];
    const overview: number[] = [];
    const monthly: number[] = [];
    for (let run = 0; run < runs; run++) {
      read.push(await timed(() => registrationsBetween(db, from, to)));
      overview.push(await timed(async () => computeOverview(await registrationsBetween(db, from, to), demo.locations)));
      monthly.push(await timed(async () => computeOverview(await registrationsBetween(db, `${month}-01`, `${month}-31`), demo.locations)));
    }
    return {
      registrations,
      questions: records.reduce((sum, r) => sum + r.questions.length, 0),
      readMs: median(read),
      overviewMs: median(overview),
      monthMs: median(monthly),
    };
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}
