-- Two indexes of migration 001 that no statement uses, while every registration and question the ingest stores
-- writes an entry in each:
-- * the GIN index on questions.topics: the stats unnest the topics of rows found by day and place
--   (questions_started, questions_organisation_started, questions_location_started), and "Opvallend" reads the
--   rollup. A GIN index also takes its entries into a pending list, and an insert that finds the list full merges
--   it into the index first;
-- * registrations (location_id, started_at): reports per location read the questions or the rollups; the one
--   statement that reads registrations by time (the tablet's day check) asks per organisation and device, which
--   registrations_organisation_started serves.
DROP INDEX IF EXISTS questions_topics;
DROP INDEX IF EXISTS registrations_location_started;
