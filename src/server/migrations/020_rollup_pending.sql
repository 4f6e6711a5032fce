-- What batches changed in the report rollups and a fold has not applied yet (src/server/reports/pending-rollups.ts).
-- A batch appends its delta here, in its own transaction: rows no other batch shares, so concurrent batches never
-- wait for each other's rollup rows. A fold deletes the rows it takes and adds their sums to report_rollup,
-- report_hour_rollup and report_heat_rollup, after a batch is answered and before a report reads them. The rollups
-- plus these rows always equal a recount from the questions. No key, no index: only appended and taken whole.
CREATE TABLE report_rollup_pending (
  dimension text NOT NULL,
  period_start date NOT NULL,
  organisation_id uuid NOT NULL,
  location_id text NOT NULL,
  value text NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL
);

CREATE TABLE report_hour_rollup_pending (
  location_id text NOT NULL,
  day date NOT NULL,
  hour smallint NOT NULL,
  scenario text NOT NULL,
  organisation_id uuid NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  solved integer NOT NULL,
  referred integer NOT NULL
);
