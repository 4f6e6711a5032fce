-- Contacts per location, Amsterdam day, Amsterdam hour and scenario, with their questions and how many of
-- those were solved or referred: what "Do more hours bring more visitors?" reads (src/server/reports/hours-rollup.ts).
-- A contact lies in exactly one row (its location, started-at and scenario are the registration's), so every
-- column adds up over rows. The batch ingest keeps it current in the batch's transaction, like report_rollup.
CREATE TABLE report_hour_rollup (
  location_id text NOT NULL,
  day date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  scenario text NOT NULL,
  organisation_id uuid NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  solved integer NOT NULL,
  referred integer NOT NULL,
  PRIMARY KEY (location_id, day, hour, scenario)
);
CREATE INDEX report_hour_rollup_organisation ON report_hour_rollup (organisation_id, day);
CREATE INDEX report_hour_rollup_day ON report_hour_rollup (day);

-- Each question with its slot. Solved: resolved 'ja'; referred: help 'doorverwezen' (it always has a referral kind).
CREATE VIEW report_hour_facts AS
SELECT q.location_id, (local.at)::date AS day, extract(hour FROM local.at)::smallint AS hour, coalesce(q.scenario, '') AS scenario,
       q.organisation_id, q.registration_id, q.resolved = 'ja' AS solved, q.referral_kind IS NOT NULL AS referred
FROM questions q
CROSS JOIN LATERAL (SELECT q.started_at AT TIME ZONE 'Europe/Amsterdam' AS at) AS local;

INSERT INTO report_hour_rollup (location_id, day, hour, scenario, organisation_id, contacts, questions, solved, referred)
SELECT location_id, day, hour, scenario, organisation_id, count(DISTINCT registration_id), count(*),
       count(*) FILTER (WHERE solved), count(*) FILTER (WHERE referred)
FROM report_hour_facts
GROUP BY location_id, day, hour, scenario, organisation_id;
