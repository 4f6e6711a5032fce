-- Contacts per location, Amsterdam month, ISO weekday (1 = Monday … 7 = Sunday) and Amsterdam hour: the heat map
-- of busy hours (GET /busy-hours without a scenario) for whole months, without reading a row per contact. At day ×
-- scenario grain report_hour_rollup (migration 015) holds almost one row per contact; this one holds at most
-- 7 × 24 rows per location and month (no scenario: with one, the map reads the hour rollup). It is
-- report_hour_rollup summed over the days of a month by weekday and over scenarios, so it is filled from it, and
-- the batch ingest keeps both current from the same delta in one statement (src/server/reports/hours-rollup.ts,
-- heat-rollup.ts).
CREATE TABLE report_heat_rollup (
  location_id text NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  organisation_id uuid NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (location_id, month, weekday, hour)
);
CREATE INDEX report_heat_rollup_organisation ON report_heat_rollup (organisation_id, month);
CREATE INDEX report_heat_rollup_month ON report_heat_rollup (month);

INSERT INTO report_heat_rollup (location_id, month, weekday, hour, organisation_id, contacts, questions)
SELECT location_id, date_trunc('month', day::timestamp)::date, extract(isodow FROM day)::smallint, hour, organisation_id,
       sum(contacts), sum(questions)
FROM report_hour_rollup
GROUP BY 1, 2, 3, 4, 5;
