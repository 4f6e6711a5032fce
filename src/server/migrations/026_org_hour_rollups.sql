-- The hour and heat rollups summed per organisation: what a heat map (GET /busy-hours) that names no place finer
-- than the organisation and no scenario reads (national, a coordinator's). report_org_hour_rollup is
-- report_hour_rollup (migration 015) summed over the locations and scenarios of each organisation, per Amsterdam day
-- and hour: the edge days of a range. report_org_heat_rollup is report_heat_rollup (migration 019) summed over the
-- locations of each organisation, per Amsterdam month, ISO weekday and hour: the whole months. A contact lies in
-- one location and has one scenario, so contacts add up over both. At five million questions they hold about a
-- fifth of the rows of the tables they sum (bench/README.md). The fold of the hour deltas changes all four in one
-- statement (src/server/reports/org-hour-rollups.ts); with deltas still pending, all four lack the same batches.
-- Their pages keep 30 % free for the fold's updates in place, as migration 022 set for the others.
CREATE TABLE report_org_hour_rollup (
  organisation_id uuid NOT NULL,
  day date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (organisation_id, day, hour)
) WITH (fillfactor = 70);
CREATE INDEX report_org_hour_rollup_day ON report_org_hour_rollup (day);

CREATE TABLE report_org_heat_rollup (
  organisation_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (organisation_id, month, weekday, hour)
) WITH (fillfactor = 70);
CREATE INDEX report_org_heat_rollup_month ON report_org_heat_rollup (month);

-- Filled from the rollups as they stand, in time order (as the fold grows them): deltas pending now are folded into
-- all four later.
INSERT INTO report_org_hour_rollup (organisation_id, day, hour, contacts, questions)
SELECT organisation_id, day, hour, sum(contacts), sum(questions)
FROM report_hour_rollup GROUP BY organisation_id, day, hour ORDER BY day;
INSERT INTO report_org_heat_rollup (organisation_id, month, weekday, hour, contacts, questions)
SELECT organisation_id, month, weekday, hour, sum(contacts), sum(questions)
FROM report_heat_rollup GROUP BY organisation_id, month, weekday, hour ORDER BY month;
-- Statistics now, not at autovacuum's next round: without them the planner takes the new tables for empty.
ANALYZE report_org_hour_rollup;
ANALYZE report_org_heat_rollup;
