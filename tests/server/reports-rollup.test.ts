import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse } from '../../src/shared/api';
import type { Registration } from '../../src/shared/registration';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { createLocation } from '../../src/server/organisations/organisations';
import { batch, question, registration } from './fixtures';
import { ROSMALEN } from './reports-fixtures';
import { DATABASE_KINDS, databaseWithMigrations, enrollTablet, postBatch, seedTestOrganisations, useTestServer } from './test-server';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';
import { reportDeltaRowsSql } from '../../src/server/reports/rollup';

const MIGRATIONS = fileURLToPath(new URL('../../src/server/migrations/', import.meta.url));
const TOPICS = ['digid', 'toeslagen', 'uitkering', 'rijbewijs'];
const HELP = ['informatie', 'uitleg', 'samen_gedaan'];
const LOCATIONS = ['test-centrum', 'test-wijk', 'test-rosmalen'];
// Around month and week ends, in both time zone offsets.
const TIMES = ['2025-01-31T23:30:00+01:00', '2025-02-01T00:30:00+01:00', '2025-02-02T12:00:00+01:00', '2025-02-03T09:00:00+01:00', '2025-03-30T01:30:00+01:00', '2025-03-31T10:00:00+02:00'];

/**
 * The rollup with the deltas still pending (in one statement: a fold may run meanwhile), the rollup as a report reads
 * it (after a fold), and the rollup computed afresh from the question rows.
 */
async function rollupAndRecomputation(db: Database) {
  const columns = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value';
  const recomputed = await db.query(`SELECT ${columns}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`);
  const withPending = await db.query(`SELECT ${columns}, sum(contacts)::int AS contacts, sum(questions)::int AS questions
    FROM (SELECT * FROM report_rollup UNION ALL SELECT d.* FROM ${reportDeltaRowsSql('report_rollup_pending')} AS d) AS r
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(contacts) <> 0 OR sum(questions) <> 0 ORDER BY 1, 2, 3, 4, 5`);
  await rollupsCurrent(db);
  const stored = await db.query(`SELECT ${columns}, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5`);
  const [{ pending }] = await db.query<{ pending: number }>('SELECT count(*)::int AS pending FROM report_rollup_pending');
  return { stored, recomputed, withPending, pending };
}

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  return { next, pick };
}

describe.each(DATABASE_KINDS)('the report rollup on %s', (kind) => {
  const server = useTestServer(kind);
  beforeAll(async () => {
    await createLocation(server.db, ROSMALEN);
  });

  it('stays equal to a recomputation through new contacts, revisions that move them, tombstones, resends and concurrent batches', async () => {
    const tablets = await Promise.all([enrollTablet(server), enrollTablet(server)]);
    const { next, pick } = random(20250131);
    const latest = new Map<string, Registration>();
    const someQuestion = () => {
      const topics = [pick(TOPICS)];
      if (next() < 0.3) topics.push(pick(TOPICS.filter((t) => t !== topics[0])));
      return question({ topics, help: [pick(HELP)], governmentOrganisations: next() < 0.5 ? ['uwv'] : [] });
    };
    const someContact = (deviceId: string, base?: Registration): Registration => ({
      ...(base ?? registration(deviceId)),
      revision: (base?.revision ?? 0) + 1,
      locationId: pick(LOCATIONS),
      scenario: pick(['spreekuur', 'balie', 'popup']),
      startedAt: pick(TIMES),
      questions: Array.from({ length: 1 + Math.floor(next() * 3) }, someQuestion),
      deleted: base !== undefined && next() < 0.25,
    });

    for (let round = 0; round < 6; round++) {
      // Each tablet sends a batch at the same time: new contacts, and new revisions of its earlier ones.
      const batches = tablets.map((tablet) => {
        const own = [...latest.values()].filter((record) => record.deviceId === tablet.deviceId && !record.deleted);
        const records = [
          ...Array.from({ length: 4 }, () => someContact(tablet.deviceId)),
          ...own.filter(() => next() < 0.5).map((record) => someContact(tablet.deviceId, record)),
        ];
        return { tablet, body: batch(tablet.deviceId, records) };
      });
      const answers = await Promise.all(batches.map(({ tablet, body }) => postBatch(server, tablet.token, body)));
      answers.forEach((response, i) => {
        expect(response.statusCode).toBe(200);
        expect((response.json() as BatchResponse).results.every((r) => r.status === 'accepted')).toBe(true);
        for (const record of batches[i].body.records) latest.set(record.id, record as Registration);
      });
      // A resend changes nothing.
      await postBatch(server, batches[0].tablet.token, batches[0].body);
      const { stored, recomputed, withPending, pending } = await rollupAndRecomputation(server.db);
      expect(withPending, `round ${round}, before a fold`).toEqual(recomputed);
      expect(stored, `round ${round}`).toEqual(recomputed);
      expect(pending).toBe(0);
    }
    const live = [...latest.values()].filter((record) => !record.deleted);
    await rollupsCurrent(server.db);
    const [{ contacts }] = await server.db.query<{ contacts: number }>("SELECT coalesce(sum(contacts), 0)::int AS contacts FROM report_rollup WHERE dimension = 'contact'");
    expect(contacts).toBe(live.length);
    expect(live.length).toBeLessThan(latest.size);
  });
});

describe.each(DATABASE_KINDS)('the reports migration on %s', (kind) => {
  let database: { db: Database; drop: () => Promise<void> };
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-migrations-'));
    await copyFile(path.join(MIGRATIONS, '001_init.sql'), path.join(directory, '001_init.sql'));
    database = await databaseWithMigrations(kind, directory);
  });
  afterAll(async () => {
    await database?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('fills the new question columns and the rollup from contacts stored before it', async () => {
    const { db } = database;
    await seedTestOrganisations(db);
    // Stored the way the ingest of version 1 stored them: registration rows and question rows without scenario.
    const record = registration('00000000-0000-4000-8000-000000000001', { scenario: 'popup', channel: 'video', staffRole: 'vrijwilliger', questions: [question(), question({ topics: ['toeslagen'] })] });
    await db.query(
      `INSERT INTO registrations (id, revision, content_hash, organisation_id, device_id, location_id, scenario, channel, staff_role, started_at,
         duration_minutes, consent_for_referral, schema_version, record, batch_id)
       VALUES ($1, 1, 'hash', $2, $3, $4, $5, $6, $7, $8, 15, false, 'ido-2024.1', '{}', $3)`,
      [record.id, record.organisationId, record.deviceId, record.locationId, record.scenario, record.channel, record.staffRole, record.startedAt],
    );
    await db.query(
      `INSERT INTO questions (registration_id, index, organisation_id, location_id, started_at, category, topics, help, resolved)
       SELECT $1, i, $2, $3, $4, 'digitale_overheid', ARRAY[(ARRAY['digid', 'toeslagen'])[i + 1]], '{samen_gedaan}', 'ja' FROM generate_series(0, 1) AS i`,
      [record.id, record.organisationId, record.locationId, record.startedAt],
    );
    await copyFile(path.join(MIGRATIONS, '003_reports.sql'), path.join(directory, '003_reports.sql'));
    expect(await migrate(db, directory)).toEqual(['003_reports.sql']);

    expect(await db.query('SELECT scenario, channel, staff_role FROM questions ORDER BY index')).toEqual([
      { scenario: 'popup', channel: 'video', staff_role: 'vrijwilliger' },
      { scenario: 'popup', channel: 'video', staff_role: 'vrijwilliger' },
    ]);
    const columns = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value';
    const stored = await db.query(`SELECT ${columns}, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5`);
    const recomputed = await db.query(`SELECT ${columns}, count(DISTINCT registration_id)::int AS contacts, count(*)::int AS questions FROM report_question_facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`);
    expect(stored).toEqual(recomputed);
    expect(stored).toContainEqual(expect.objectContaining({ dimension: 'scenario', value: 'popup', contacts: 1, questions: 2 }));
    expect(stored).toContainEqual(expect.objectContaining({ dimension: 'topic', value: 'toeslagen', contacts: 1, questions: 1 }));
  });
});
