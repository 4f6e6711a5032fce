-- Contacts and questions per location, Amsterdam month and scenario: report_hour_rollup (migration 015) summed over
-- the days and hours of each month. The stats of one question dimension, the scenario, per location (the scenario
-- comparison across libraries, GET /stats by location and scenario) read it for the whole months of their range,
-- and the rollup (migration 003) and the hour rollup for the rest, as before. At five million questions a year of it
-- holds 50,400 rows where the scenario part of report_rollup holds 256,952 (bench/README.md, session 36). The fold
-- of the hour deltas changes it in the same statement as the hour rollup (src/server/reports/hours-rollup.ts); with
-- deltas still pending, both lack the same batches. Its pages keep 30 % free for the fold's updates in place, as
-- migration 022 set for the others.
CREATE TABLE report_scenario_month_rollup (
  location_id text NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  scenario text NOT NULL,
  organisation_id uuid NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (location_id, month, scenario)
) WITH (fillfactor = 70);
CREATE INDEX report_scenario_month_rollup_organisation ON report_scenario_month_rollup (organisation_id, month);
CREATE INDEX report_scenario_month_rollup_month ON report_scenario_month_rollup (month);

-- Filled from the hour rollup as it stands, in time order (as the fold grows it): deltas pending now are folded into
-- both later.
INSERT INTO report_scenario_month_rollup (location_id, month, scenario, organisation_id, contacts, questions)
SELECT location_id, date_trunc('month', day::timestamp)::date, scenario, organisation_id, sum(contacts), sum(questions)
FROM report_hour_rollup GROUP BY 1, 2, 3, 4 ORDER BY 2;
-- Statistics now, not at autovacuum's next round: without them the planner takes the new table for empty.
ANALYZE report_scenario_month_rollup;
