import { beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import { buildServer } from '../../src/server/app';
import { ingestBatch } from '../../src/server/ingest/ingest';
import { appendRollupDeltas, foldRollups, rollupsCurrent, settleFolds } from '../../src/server/reports/pending-rollups';
import { rebuildReportRollup } from '../../src/server/reports/rollup';
import type { Database } from '../../src/server/db/database';
import { question, registration } from './fixtures';
import { counts, type ReportTokens, seedAndSend, sendAccepted, stats } from './reports-fixtures';
import { DATABASE_KINDS, enrollTablet, seedTestOrganisations, type TestServer, useDatabaseBefore, useTestServer } from './test-server';

/*
 * "Vraag opgelost?" (each question's `resolved`: ja, deels, nee, onbekend) as a report dimension (migration 034): the
 * rollups count it like every facet, so GET /stats?groupBy=resolved answers for any period and place; and the
 * migration fills the rollups with what the questions stored before it count.
 */

const MIGRATION = '034_resolved_dimension.sql';

/** Six contacts in 2024 (the report fixtures' own are in 2025): seven questions, answered ja ×3, deels ×2, nee ×1, onbekend ×1. */
const contacts = (deviceId: string): Registration[] => [
  registration(deviceId, { startedAt: '2024-03-03T10:00:00+01:00', questions: [question({ resolved: 'ja' }), question({ topics: ['toeslagen'], help: ['informatie'], resolved: 'deels' })] }),
  registration(deviceId, { startedAt: '2024-03-10T11:00:00+01:00', questions: [question({ resolved: 'ja' })] }),
  registration(deviceId, { startedAt: '2024-04-01T09:30:00+02:00', questions: [question({ resolved: 'nee' })] }),
  registration(deviceId, { startedAt: '2024-05-31T23:30:00+02:00', questions: [question({ topics: ['toeslagen'], help: ['informatie'], resolved: 'deels' })] }),
  registration(deviceId, { startedAt: '2024-06-01T00:30:00+02:00', questions: [question({ resolved: 'onbekend' })] }),
  registration(deviceId, { startedAt: '2024-11-20T14:00:00+01:00', questions: [question({ resolved: 'ja' })] }),
];

/** What the questions count per (dimension, key) now, and what the rollups hold: equal when the rollups are right. */
async function rollupsAgainstQuestions(db: Database) {
  const key = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, value';
  const recount = (place: string) => db.query(`SELECT ${key}${place}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions
    FROM report_question_facts GROUP BY 1, 2, 3, 4${place ? ', 5' : ''} ORDER BY 1, 2, 3, 4${place ? ', 5' : ''}`);
  return {
    rollup: await db.query(`SELECT ${key}, location_id, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5`),
    recount: await recount(', location_id'),
    orgRollup: await db.query(`SELECT ${key}, contacts, questions FROM report_org_rollup ORDER BY 1, 2, 3, 4`),
    orgRecount: await recount(''),
  };
}

describe.each(DATABASE_KINDS)('GET /stats by "opgelost" on %s', (kind) => {
  const server = useTestServer(kind);
  let tokens: ReportTokens;
  let tablet: { token: string; deviceId: string };
  let sent: Registration[];
  beforeAll(async () => {
    ({ tokens, tablet, sent } = await seedAndSend(server, contacts));
  });

  it('counts the questions and contacts per answer, in the code list\'s order, with the form\'s words', async () => {
    const answer = await stats(server, tokens.national, 'from=2024-01-01&to=2024-12-31&groupBy=resolved');
    expect(counts(answer)).toEqual(['ja → 3/3', 'deels → 2/2', 'nee → 1/1', 'onbekend → 1/1']);
    expect(answer.rows.map((row) => row.labels.resolved)).toEqual(['Ja', 'Deels', 'Nee', 'Weet ik niet']);
    expect(answer.totals).toMatchObject({ contacts: 6, questions: 7 });
    // A coordinator sees the same for its own organisation; another organisation's coordinator sees none of it.
    expect(counts(await stats(server, tokens.coordinator, 'from=2024-01-01&to=2024-12-31&groupBy=resolved'))).toEqual(counts(answer));
    expect(counts(await stats(server, tokens.otherCoordinator, 'from=2024-01-01&to=2024-12-31&groupBy=resolved'))).toEqual([]);
  });

  it('answers ranges with edge days (read from the questions) and by month as the whole periods do', async () => {
    expect(counts(await stats(server, tokens.national, 'from=2024-03-05&to=2024-05-31&groupBy=resolved'))).toEqual(['ja → 1/1', 'deels → 1/1', 'nee → 1/1']);
    expect(counts(await stats(server, tokens.national, 'from=2024-01-01&to=2024-12-31&groupBy=month,resolved'))).toEqual([
      '2024-03|ja → 2/2', '2024-03|deels → 1/1', '2024-04|nee → 1/1', '2024-05|deels → 1/1', '2024-06|onbekend → 1/1', '2024-11|ja → 1/1',
    ]);
  });

  it('crosses it with the topic (two question dimensions: read from the questions)', async () => {
    const answer = await stats(server, tokens.national, 'from=2024-01-01&to=2024-12-31&groupBy=topic,resolved');
    expect(counts(answer).sort()).toEqual(['digid|ja → 3/3', 'digid|nee → 1/1', 'digid|onbekend → 1/1', 'toeslagen|deels → 2/2']);
  });

  it('follows a revision that changes the answer, with the delta pending and after the fold', async () => {
    await settleFolds(server.db);
    await sendAccepted(server, tablet, [{ ...sent[2], revision: 2, questions: [question({ resolved: 'ja' })] }]);
    const query = 'from=2024-01-01&to=2024-12-31&groupBy=resolved';
    expect(counts(await stats(server, tokens.national, query))).toEqual(['ja → 4/4', 'deels → 2/2', 'onbekend → 1/1']);
    await rollupsCurrent(server.db);
    const { rollup, recount, orgRollup, orgRecount } = await rollupsAgainstQuestions(server.db);
    expect(rollup).toEqual(recount);
    expect(orgRollup).toEqual(orgRecount);
  });
});

describe.each(DATABASE_KINDS)('migration 034 (the "opgelost" dimension) on %s', (kind) => {
  const database = useDatabaseBefore(kind, MIGRATION);

  it('fills both rollups with what the questions stored before it count, and the deltas pending then fold in as before', async () => {
    const { db } = database;
    await seedTestOrganisations(db);
    const app = await buildServer({ db, version: 'test' });
    const tablet = await enrollTablet({ app, db } as unknown as TestServer);
    await app.close();
    const device = { id: tablet.deviceId, organisationId: tablet.organisation.id };
    const [first, second] = [contacts(tablet.deviceId).slice(0, 3), contacts(tablet.deviceId).slice(3)];
    // A server of before 034: its rollups recounted from the questions by the view without 'resolved'…
    await ingestBatch(db, { batchId: crypto.randomUUID(), device, records: first }, { foldDelayMs: 600_000 });
    await rebuildReportRollup(db);
    // …and the deltas of a later batch still pending, as that view counted them.
    await ingestBatch(db, { batchId: crypto.randomUUID(), device, records: second }, { foldDelayMs: 600_000 });
    await db.query('DELETE FROM report_rollup_pending');
    await appendRollupDeltas(db, second.map((record) => record.id), 1);
    const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM report_rollup WHERE dimension = 'resolved'").catch(() => [{ n: -1 }]);
    expect(before).toEqual([{ n: 0 }]);

    expect(await database.apply()).toEqual([MIGRATION]);
    await database.applyRest();
    await foldRollups(db);
    await settleFolds(db); // the batches' background fold, due in ten minutes: nothing left for it
    const { rollup, recount, orgRollup, orgRecount } = await rollupsAgainstQuestions(db);
    expect(rollup).toEqual(recount);
    expect(orgRollup).toEqual(orgRecount);
    const resolved = await db.query<{ value: string; questions: number }>("SELECT value, sum(questions)::int AS questions FROM report_org_rollup WHERE dimension = 'resolved' GROUP BY value ORDER BY value");
    expect(resolved).toEqual([{ value: 'deels', questions: 2 }, { value: 'ja', questions: 3 }, { value: 'nee', questions: 1 }, { value: 'onbekend', questions: 1 }]);
    // Its own partitions, with room for in-place updates as the others have.
    const partitions = await db.query<{ name: string; options: string[] | null }>(
      "SELECT relname AS name, reloptions AS options FROM pg_class WHERE relname IN ('report_rollup_resolved', 'report_org_rollup_resolved') ORDER BY 1",
    );
    expect(partitions).toEqual([{ name: 'report_org_rollup_resolved', options: ['fillfactor=70'] }, { name: 'report_rollup_resolved', options: ['fillfactor=70'] }]);
  });
});
