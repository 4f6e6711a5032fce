import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Registration } from '../../src/shared/registration';
import type { Database } from '../../src/server/db/database';
import { findDevice } from '../../src/server/devices';
import { contentHash } from '../../src/server/ingest/canonical-json';
import { ingestBatch } from '../../src/server/ingest/ingest';
import { insertQuestions, upsertRegistrations } from '../../src/server/ingest/registration-store';
import { appendRollupDeltas, rollupsCurrent } from '../../src/server/reports/pending-rollups';
import { question, registration } from './fixtures';
import { whileWriteHeld } from './held-write';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/** The rollups as stored (after a fold of what is pending, as a report does), and as recomputed from the question rows. */
async function rollupsAndRecomputation(db: Database) {
  await rollupsCurrent(db);
  const report = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value';
  const hour = 'location_id, day::text AS day, hour, scenario, organisation_id::text AS organisation_id';
  const [stored, recomputed, storedHours, recomputedHours] = await Promise.all([
    db.query(`SELECT ${report}, contacts, questions FROM report_rollup WHERE contacts <> 0 OR questions <> 0 ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${report}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${hour}, contacts, questions, solved, referred FROM report_hour_rollup WHERE questions <> 0 ORDER BY 1, 2, 3, 4, 5`),
    db.query(`SELECT ${hour}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions, (count(*) FILTER (WHERE solved))::int AS solved,
      (count(*) FILTER (WHERE referred))::int AS referred FROM report_hour_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
  ]);
  return { report: { stored, recomputed }, hours: { stored: storedHours, recomputed: recomputedHours } };
}

// The ingest reads what a written id counted before (and removes its question rows) only for rows its upsert
// replaced, not for rows it inserted. A row another batch inserted after this batch's read is replaced, not new.
describe.each(DATABASE_KINDS)('a registration another batch stored while this batch waited on it, on %s', (kind) => {
  const server = useTestServer(kind);

  it.runIf(kind === 'postgres')('is replaced with its question rows and rollup counts, not inserted a second time', async () => {
    const tablet = await enrollTablet(server);
    const device = (await findDevice(server.db, tablet.deviceId))!;
    const id = randomUUID();
    const first: Registration = registration(tablet.deviceId, { id, revision: 1, questions: [question({ topics: ['digid'] }), question({ topics: ['toeslagen'] })] });
    const edit: Registration = { ...first, revision: 2, startedAt: '2025-02-03T09:00:00+01:00', questions: [question({ topics: ['uitkering'] })] };
    // Another batch of the same tablet stores revision 1 with two questions, as the ingest does, and stays open, while
    // this batch reads no stored row (not committed yet) and then waits on the unique key in its upsert.
    const outcome = await whileWriteHeld(server.database.openAnother!(), async (tx) => {
      await upsertRegistrations(tx, [{ record: first, hash: contentHash(first) }], randomUUID(), { organisationId: first.organisationId, deviceId: tablet.deviceId });
      await insertQuestions(tx, [first]);
      await appendRollupDeltas(tx, [id], 1);
    }, () => ingestBatch(server.db, { batchId: randomUUID(), device, records: [edit] }));
    expect(outcome.kind === 'stored' && outcome.response.results.map((r) => r.status)).toEqual(['accepted']);
    const questions = await server.db.query<{ topics: string[] }>('SELECT topics FROM questions WHERE registration_id = $1 ORDER BY index', [id]);
    expect(questions).toEqual([{ topics: ['uitkering'] }]);
    const { report, hours } = await rollupsAndRecomputation(server.db);
    expect(report.stored).toEqual(report.recomputed);
    expect(hours.stored).toEqual(hours.recomputed);
  });

  it('inserts new contacts without reading or removing anything first, and counts them once', async () => {
    const tablet = await enrollTablet(server);
    const device = (await findDevice(server.db, tablet.deviceId))!;
    const records = Array.from({ length: 3 }, () => registration(tablet.deviceId, { questions: [question({ topics: ['digid'] }), question({ topics: ['rijbewijs'] })] }));
    const outcome = await ingestBatch(server.db, { batchId: randomUUID(), device, records });
    expect(outcome.kind === 'stored' && outcome.response.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const { report, hours } = await rollupsAndRecomputation(server.db);
    expect(report.stored).toEqual(report.recomputed);
    expect(hours.stored).toEqual(hours.recomputed);
  });
});
