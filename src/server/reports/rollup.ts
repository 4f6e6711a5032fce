import type { Queryable } from '../db/database';

/*
 * The rollup `report_rollup` (migrations/003_reports.sql) answers a year of stats from a few rows per location
 * and period (the part of an ISO week inside one month) instead of millions of questions. The batch ingest
 * keeps it current inside its own transaction: it reads what the stored questions of the batch's
 * registrations contribute before they are replaced, and after the new ones are written it applies the
 * difference in one statement, in key order. So concurrent batches lock rollup rows in one order (no
 * deadlocks between them), and a revision that changes nothing a report sees touches no row.
 */

/** What some registrations add to the rollup: one entry per rollup key. */
export type ReportContribution = {
  dimension: string;
  period_start: string;
  organisation_id: string;
  location_id: string;
  value: string;
  contacts: number;
  questions: number;
}[];

const KEY = 'dimension, period_start, organisation_id, location_id, value';

// Per contact first, then per key: the distinct contacts without count(DISTINCT)'s sort (hash aggregates only).
function contributionSql(idsParam: string): string {
  return `SELECT ${KEY}, count(*)::int AS contacts, sum(questions)::int AS questions
    FROM (SELECT ${KEY}, count(*) AS questions
          FROM report_question_facts
          WHERE registration_id IN (SELECT jsonb_array_elements_text(${idsParam}::text::jsonb)::uuid)
          GROUP BY ${KEY}, registration_id) AS per_contact
    GROUP BY ${KEY}`;
}

/** What the stored questions of these registrations contribute now; read it before they are replaced. */
export async function readReportContribution(tx: Queryable, registrationIds: readonly string[]): Promise<ReportContribution> {
  if (registrationIds.length === 0) return [];
  return tx.query<ReportContribution[number]>(
    `SELECT dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value, contacts, questions
     FROM (${contributionSql('$1')}) AS c`,
    [JSON.stringify(registrationIds)],
  );
}

/** Moves the rollup from `before` to what the stored questions of these registrations contribute now. */
export async function applyReportContribution(tx: Queryable, registrationIds: readonly string[], before: ReportContribution): Promise<void> {
  if (registrationIds.length === 0) return;
  const emptied = await tx.query(
    `WITH delta AS (
       SELECT ${KEY}, sum(contacts)::int AS contacts, sum(questions)::int AS questions
       FROM (
         ${contributionSql('$1')}
         UNION ALL
         SELECT ${KEY}, -contacts, -questions FROM jsonb_to_recordset($2::text::jsonb)
           AS b (dimension text, period_start date, organisation_id uuid, location_id text, value text, contacts integer, questions integer)
       ) AS change
       GROUP BY ${KEY}
       HAVING sum(contacts) <> 0 OR sum(questions) <> 0
     ), applied AS (
       INSERT INTO report_rollup AS r (${KEY}, contacts, questions)
       SELECT ${KEY}, contacts, questions FROM delta ORDER BY ${KEY}
       ON CONFLICT (${KEY}) DO UPDATE SET contacts = r.contacts + EXCLUDED.contacts, questions = r.questions + EXCLUDED.questions
       RETURNING r.dimension, r.period_start, r.organisation_id, r.location_id, r.value, r.questions
     )
     SELECT dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value FROM applied WHERE questions = 0`,
    [JSON.stringify(registrationIds), JSON.stringify(before)],
  );
  if (emptied.length === 0) return;
  // A row of nothing is left out, as a recomputation would leave it out (this transaction holds its lock).
  await tx.query(
    `DELETE FROM report_rollup d USING jsonb_to_recordset($1::text::jsonb) AS e (dimension text, period_start date, organisation_id uuid, location_id text, value text)
     WHERE d.questions = 0 AND (d.dimension, d.period_start, d.organisation_id, d.location_id, d.value) = (e.dimension, e.period_start, e.organisation_id, e.location_id, e.value)`,
    [JSON.stringify(emptied)],
  );
}

/** Recomputes the whole rollup from the questions (after a bulk load that bypassed the ingest). */
export async function rebuildReportRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_rollup');
  await db.query(
    `INSERT INTO report_rollup (${KEY}, contacts, questions)
     SELECT ${KEY}, count(DISTINCT registration_id), count(*) FROM report_question_facts GROUP BY ${KEY}`,
  );
}
