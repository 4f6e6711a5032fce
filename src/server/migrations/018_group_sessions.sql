-- Group sessions (issue 14): a voorlichting, cursus or spreekuur op locatie, counted beside the one-to-one
-- contacts. Stored exactly once by the tablet's UUID and revision, like registrations; no names, only a count.
CREATE TABLE group_sessions (
  id uuid PRIMARY KEY,
  revision integer NOT NULL CHECK (revision >= 1),
  content_hash text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  device_id uuid NOT NULL,
  location_id text NOT NULL,
  session_date date NOT NULL,
  duration_minutes integer NOT NULL,
  topics text[] NOT NULL,
  kind text NOT NULL,
  partner_organisation text,
  attendees integer NOT NULL CHECK (attendees BETWEEN 1 AND 500),
  from_rising_topic boolean NOT NULL,
  note text,
  deleted boolean NOT NULL DEFAULT false,
  schema_version text NOT NULL,
  record jsonb NOT NULL,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_sessions_organisation_date ON group_sessions (organisation_id, session_date);
CREATE INDEX group_sessions_location_date ON group_sessions (location_id, session_date);
