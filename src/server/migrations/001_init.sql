-- Ingest server schema, version 1. The same file runs on PGlite and PostgreSQL.

CREATE TABLE organisations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  municipality_code text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  id text PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  municipality_code text NOT NULL,
  province text NOT NULL,
  inside_library boolean NOT NULL DEFAULT true,
  kind text NOT NULL DEFAULT 'vestiging',
  scenarios text[] NOT NULL DEFAULT '{}',
  ido_hours_per_week double precision NOT NULL DEFAULT 0,
  catchment_population integer,
  opened_on date NOT NULL DEFAULT CURRENT_DATE
);
CREATE INDEX locations_organisation ON locations (organisation_id);

CREATE TABLE devices (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX devices_organisation ON devices (organisation_id);

-- Codes and tokens are kept only as sha256 hashes.
CREATE TABLE enrollment_codes (
  code_hash text PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id uuid
);

CREATE TABLE api_tokens (
  token_hash text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('coordinator', 'national')),
  organisation_id uuid REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK (role = 'national' OR organisation_id IS NOT NULL)
);

-- Failed enrollments per client address: the rate limit lives here so every process shares it.
CREATE TABLE enroll_failures (
  address text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enroll_failures_address_at ON enroll_failures (address, at);
CREATE INDEX enroll_failures_at ON enroll_failures (at);

-- A batch's answer, byte for byte, so a resend gets the same answer and changes nothing.
CREATE TABLE batches (
  batch_id uuid PRIMARY KEY,
  device_id uuid NOT NULL,
  record_count integer NOT NULL,
  response text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batches_device ON batches (device_id, created_at);

CREATE TABLE registrations (
  id uuid PRIMARY KEY,
  revision integer NOT NULL CHECK (revision >= 1),
  content_hash text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  device_id uuid NOT NULL,
  location_id text NOT NULL,
  scenario text NOT NULL,
  channel text NOT NULL,
  staff_role text NOT NULL,
  partner_organisation text,
  started_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL,
  consent_for_referral boolean NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  schema_version text NOT NULL,
  record jsonb NOT NULL,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registrations_organisation_started ON registrations (organisation_id, started_at);
CREATE INDEX registrations_location_started ON registrations (location_id, started_at);

-- One row per question of a live (not deleted) registration, denormalised for reports.
CREATE TABLE questions (
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  index smallint NOT NULL,
  organisation_id uuid NOT NULL,
  location_id text NOT NULL,
  started_at timestamptz NOT NULL,
  category text NOT NULL,
  topics text[] NOT NULL,
  government_organisations text[] NOT NULL DEFAULT '{}',
  digid_follow_up text,
  help text[] NOT NULL,
  referral_kind text,
  referral_service_id text,
  referral_organisation text,
  referral_consent boolean,
  resolved text NOT NULL,
  other_text text,
  PRIMARY KEY (registration_id, index)
);
CREATE INDEX questions_started ON questions (started_at);
CREATE INDEX questions_organisation_started ON questions (organisation_id, started_at);
CREATE INDEX questions_location_started ON questions (location_id, started_at);
CREATE INDEX questions_topics ON questions USING gin (topics);
