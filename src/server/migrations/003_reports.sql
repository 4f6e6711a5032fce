-- Reports (stats, CSV export): municipality reference data, the contact's fields on each question row,
-- and a daily rollup the batch ingest keeps current in its own transaction (src/server/reports/rollup.ts).

-- CBS reference data, replaced as a whole by `npm run admin -- import-municipalities FILE.csv`.
CREATE TABLE municipalities (
  code text PRIMARY KEY CHECK (code ~ '^GM[0-9]{4}$'),
  name text NOT NULL,
  province text,
  population integer NOT NULL CHECK (population >= 0),
  year integer,
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- The contact's fields a report groups by, copied onto each question like organisation and location already are,
-- so a report never joins 5 million questions to their registrations and the rollup can subtract a replaced revision.
ALTER TABLE questions ADD COLUMN scenario text, ADD COLUMN channel text, ADD COLUMN staff_role text;
UPDATE questions q SET scenario = r.scenario, channel = r.channel, staff_role = r.staff_role
FROM registrations r WHERE r.id = q.registration_id;

-- Each question as the rollup counts it: one row per (dimension, value) it falls under. The value '' means
-- "none" (no government organisation, no referral) and, for the dimension 'contact', "all questions".
-- (A question never lists a code twice: validation refuses that.) `period_start` is the first day of the
-- period the day lies in: the part of its ISO week inside its month (a week across a month end is two
-- periods), so whole months and whole weeks are both sums of periods.
CREATE VIEW report_question_facts AS
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
) AS f (dimension, value);

-- Per period and location, per dimension value: distinct contacts and questions. A contact lies in exactly
-- one (period, location), so summing rows over periods and locations keeps contacts distinct within each value.
-- One partition per dimension: a report reads one dimension, and scans only its rows.
CREATE TABLE report_rollup (
  dimension text NOT NULL,
  period_start date NOT NULL,
  organisation_id uuid NOT NULL,
  location_id text NOT NULL,
  value text NOT NULL,
  contacts integer NOT NULL,
  questions integer NOT NULL,
  PRIMARY KEY (dimension, period_start, organisation_id, location_id, value)
) PARTITION BY LIST (dimension);
CREATE TABLE report_rollup_contact PARTITION OF report_rollup FOR VALUES IN ('contact');
CREATE TABLE report_rollup_scenario PARTITION OF report_rollup FOR VALUES IN ('scenario');
CREATE TABLE report_rollup_channel PARTITION OF report_rollup FOR VALUES IN ('channel');
CREATE TABLE report_rollup_staff_role PARTITION OF report_rollup FOR VALUES IN ('staffRole');
CREATE TABLE report_rollup_referral PARTITION OF report_rollup FOR VALUES IN ('referral');
CREATE TABLE report_rollup_topic PARTITION OF report_rollup FOR VALUES IN ('topic');
CREATE TABLE report_rollup_government_organisation PARTITION OF report_rollup FOR VALUES IN ('governmentOrganisation');
CREATE TABLE report_rollup_help PARTITION OF report_rollup FOR VALUES IN ('help');
CREATE INDEX report_rollup_organisation ON report_rollup (organisation_id, dimension, period_start);
CREATE INDEX report_rollup_location ON report_rollup (location_id, dimension, period_start);

INSERT INTO report_rollup (dimension, period_start, organisation_id, location_id, value, contacts, questions)
SELECT dimension, period_start, organisation_id, location_id, value, count(DISTINCT registration_id), count(*)
FROM report_question_facts
GROUP BY dimension, period_start, organisation_id, location_id, value;
