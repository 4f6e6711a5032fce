-- "Vraag opgelost?" as a report dimension: a question's `resolved` (ja, deels, nee, onbekend), asked on every question
-- of the national form, counted in the rollups like the other facets, so the dashboard shows it for any period and
-- place (GET /stats?groupBy=resolved) instead of only the annual report reading the questions of one year.
-- The view gains its one fact per question; the fold (src/server/reports/rollup.ts) and a batch's deltas
-- (contribution.ts) count it from now on. The same columns in the same order: CREATE OR REPLACE keeps the view's users.
CREATE OR REPLACE VIEW report_question_facts AS
SELECT f.dimension, d.day, greatest(date_trunc('week', d.day), date_trunc('month', d.day))::date AS period_start,
       q.organisation_id, q.location_id, f.value, q.registration_id, q.index
FROM questions q
CROSS JOIN LATERAL (SELECT (q.started_at AT TIME ZONE 'Europe/Amsterdam')::date AS day) AS d
CROSS JOIN LATERAL (
  SELECT 'contact', ''
  UNION ALL SELECT 'scenario', coalesce(q.scenario, '')
  UNION ALL SELECT 'channel', coalesce(q.channel, '')
  UNION ALL SELECT 'staffRole', coalesce(q.staff_role, '')
  UNION ALL SELECT 'referral', coalesce(q.referral_kind, '')
  UNION ALL SELECT 'topic', unnest(q.topics)
  UNION ALL SELECT 'governmentOrganisation', unnest(CASE WHEN cardinality(q.government_organisations) = 0 THEN ARRAY[''] ELSE q.government_organisations END)
  UNION ALL SELECT 'help', unnest(q.help)
  UNION ALL SELECT 'resolved', q.resolved
) AS f (dimension, value);

-- Its own partition in both rollups, as every dimension has (a query reads one dimension and scans only its rows),
-- with the room for in-place updates the others have (migration 022).
CREATE TABLE report_rollup_resolved PARTITION OF report_rollup FOR VALUES IN ('resolved') WITH (fillfactor = 70);
CREATE TABLE report_org_rollup_resolved PARTITION OF report_org_rollup FOR VALUES IN ('resolved') WITH (fillfactor = 70);

-- Backfill from the questions stored now, under the lock of this migration (migrate.ts): a batch that commits later
-- appends its own 'resolved' deltas, which the next fold adds. A batch's pending deltas of before this migration hold
-- no 'resolved' rows and their questions are counted here, so nothing is counted twice or left out. (A process of the
-- version before, still answering batches beside this one, would not append 'resolved' deltas: stop the old processes
-- before the new version starts, as for every migration that fills a rollup.)
INSERT INTO report_rollup (dimension, period_start, organisation_id, location_id, value, contacts, questions)
SELECT dimension, period_start, organisation_id, location_id, value, count(DISTINCT registration_id), count(*)
FROM report_question_facts WHERE dimension = 'resolved'
GROUP BY dimension, period_start, organisation_id, location_id, value ORDER BY period_start;
INSERT INTO report_org_rollup (dimension, period_start, organisation_id, value, contacts, questions)
SELECT dimension, period_start, organisation_id, value, sum(contacts), sum(questions)
FROM report_rollup WHERE dimension = 'resolved' GROUP BY dimension, period_start, organisation_id, value ORDER BY period_start;
ANALYZE report_rollup_resolved;
ANALYZE report_org_rollup_resolved;
