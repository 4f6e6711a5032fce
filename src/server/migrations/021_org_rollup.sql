-- report_rollup summed over the locations of each organisation: what a query with no place finer than the
-- organisation reads (national and coordinator stats, "Opvallend"), about a fifth of the rows. A contact lies in one
-- location, so contacts add up over locations. The fold of report_rollup's pending deltas changes both in one
-- statement (src/server/reports/rollup.ts); with the deltas still pending both lack the same batches.
CREATE TABLE report_org_rollup (
  dimension text NOT NULL,
  period_start date NOT NULL,
  organisation_id uuid NOT NULL,
  value text NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (dimension, period_start, organisation_id, value)
) PARTITION BY LIST (dimension);
-- One partition per dimension, as report_rollup has (a query reads one dimension and scans only its rows).
DO $$
DECLARE
  dimension text;
BEGIN
  FOREACH dimension IN ARRAY ARRAY['contact', 'scenario', 'channel', 'staffRole', 'referral', 'topic', 'governmentOrganisation', 'help'] LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF report_org_rollup FOR VALUES IN (%L)',
      'report_org_rollup_' || lower(regexp_replace(dimension, '([A-Z])', '_\1', 'g')), dimension);
  END LOOP;
END
$$;
CREATE INDEX report_org_rollup_organisation ON report_org_rollup (organisation_id, dimension, period_start);

-- Backfill from the rollup as it stands: deltas pending now are folded into both later.
INSERT INTO report_org_rollup (dimension, period_start, organisation_id, value, contacts, questions)
SELECT dimension, period_start, organisation_id, value, sum(contacts), sum(questions)
FROM report_rollup GROUP BY dimension, period_start, organisation_id, value;
-- Statistics now, not at autovacuum's next round: without them the planner takes the new table for empty.
ANALYZE report_org_rollup;
