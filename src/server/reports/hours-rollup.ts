import type { Queryable } from '../db/database';
import { applyHeatDeltaSql, DELETE_EMPTY_HEAT_SQL, rebuildHeatRollup } from './heat-rollup';

/*
 * The rollup `report_hour_rollup` (migrations/015_hour_rollup.sql): contacts per location, Amsterdam day and hour,
 * and scenario, with their questions, solved and referred questions. The batch ingest keeps it current in its own
 * transaction exactly as it keeps `report_rollup` (rollup.ts): read what the batch's registrations counted before
 * their questions are replaced, then apply the difference in one statement, in key order. The same statement
 * applies the same difference, summed by month and weekday, to `report_heat_rollup` (heat-rollup.ts).
 */

/** What some registrations add to the hour rollup: one entry per key. */
export type HourContribution = {
  location_id: string;
  day: string;
  hour: number;
  scenario: string;
  organisation_id: string;
  contacts: number;
  questions: number;
  solved: number;
  referred: number;
}[];

const KEY = 'location_id, day, hour, scenario, organisation_id';
const COUNTS = 'contacts, questions, solved, referred';

// Per contact first, then per key: the distinct contacts without count(DISTINCT)'s sort (as rollup.ts).
function contributionSql(idsParam: string): string {
  return `SELECT ${KEY}, count(*)::int AS contacts, sum(questions)::int AS questions, sum(solved)::int AS solved, sum(referred)::int AS referred
    FROM (SELECT ${KEY}, count(*) AS questions, count(*) FILTER (WHERE solved) AS solved, count(*) FILTER (WHERE referred) AS referred
          FROM report_hour_facts
          WHERE registration_id IN (SELECT jsonb_array_elements_text(${idsParam}::text::jsonb)::uuid)
          GROUP BY ${KEY}, registration_id) AS per_contact
    GROUP BY ${KEY}`;
}

/** What the stored questions of these registrations contribute now; read it before they are replaced. */
export async function readHourContribution(tx: Queryable, registrationIds: readonly string[]): Promise<HourContribution> {
  if (registrationIds.length === 0) return [];
  return tx.query<HourContribution[number]>(
    `SELECT location_id, day::text AS day, hour, scenario, organisation_id::text AS organisation_id, ${COUNTS} FROM (${contributionSql('$1')}) AS c`,
    [JSON.stringify(registrationIds)],
  );
}

/** Moves the hour and heat rollups from `before` to what the stored questions of these registrations contribute now. */
export async function applyHourContribution(tx: Queryable, registrationIds: readonly string[], before: HourContribution): Promise<void> {
  if (registrationIds.length === 0) return;
  await tx.query(
    `WITH delta AS (
       SELECT ${KEY}, sum(contacts)::int AS contacts, sum(questions)::int AS questions, sum(solved)::int AS solved, sum(referred)::int AS referred
       FROM (
         ${contributionSql('$1')}
         UNION ALL
         SELECT ${KEY}, -contacts, -questions, -solved, -referred FROM jsonb_to_recordset($2::text::jsonb)
           AS b (location_id text, day date, hour smallint, scenario text, organisation_id uuid, contacts integer, questions integer, solved integer, referred integer)
       ) AS change
       GROUP BY ${KEY}
       HAVING sum(contacts) <> 0 OR sum(questions) <> 0 OR sum(solved) <> 0 OR sum(referred) <> 0
     ), ${applyHeatDeltaSql('delta')}
     INSERT INTO report_hour_rollup AS r (${KEY}, ${COUNTS})
     SELECT ${KEY}, ${COUNTS} FROM delta ORDER BY location_id, day, hour, scenario
     ON CONFLICT (location_id, day, hour, scenario) DO UPDATE SET contacts = r.contacts + EXCLUDED.contacts,
       questions = r.questions + EXCLUDED.questions, solved = r.solved + EXCLUDED.solved, referred = r.referred + EXCLUDED.referred`,
    [JSON.stringify(registrationIds), JSON.stringify(before)],
  );
  // A row of nothing is left out, as a recomputation would leave it out (this transaction holds its lock).
  await tx.query(
    `DELETE FROM report_hour_rollup d USING jsonb_to_recordset($1::text::jsonb) AS e (location_id text, day date, hour smallint, scenario text)
     WHERE d.questions = 0 AND (d.location_id, d.day, d.hour, d.scenario) = (e.location_id, e.day, e.hour, e.scenario)`,
    [JSON.stringify(before)],
  );
  await tx.query(DELETE_EMPTY_HEAT_SQL, [JSON.stringify(before)]);
}

/** Recomputes the whole hour rollup from the questions (after a bulk load that bypassed the ingest), and the heat rollup from it. */
export async function rebuildHourRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_hour_rollup');
  await db.query(
    `INSERT INTO report_hour_rollup (${KEY}, ${COUNTS})
     SELECT ${KEY}, count(DISTINCT registration_id), count(*), count(*) FILTER (WHERE solved), count(*) FILTER (WHERE referred)
     FROM report_hour_facts GROUP BY ${KEY}`,
  );
  await rebuildHeatRollup(db);
}
