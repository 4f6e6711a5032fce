-- What batches changed in the report rollups and a fold has not applied yet (src/server/reports/pending-rollups.ts).
-- A batch appends its deltas here in its own transaction, one row per table and step: a JSON array of rows with the
-- rollup's key and counts (negative for what replaced registrations stop counting). Rows no other batch shares, so
-- concurrent batches never wait for each other's rollup rows. A fold deletes the rows it takes and adds their sums to
-- report_rollup, report_hour_rollup and report_heat_rollup, after a batch is answered and before a report reads
-- them. The rollups plus these rows always equal a recount from the questions. No key, no index: only appended and
-- taken whole. `json`, not `jsonb`: written once, read once by the fold.
CREATE TABLE report_rollup_pending (
  delta json NOT NULL
);

CREATE TABLE report_hour_rollup_pending (
  delta json NOT NULL
);
