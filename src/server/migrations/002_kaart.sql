-- Sociale kaart (src/server/kaart/) and the device role. The same file runs on PGlite and PostgreSQL.

-- A coordinator is a role on the device, set at enrollment by the code it used.
ALTER TABLE enrollment_codes ADD COLUMN role text NOT NULL DEFAULT 'medewerker' CHECK (role IN ('medewerker', 'coordinator'));
ALTER TABLE devices ADD COLUMN role text NOT NULL DEFAULT 'medewerker' CHECK (role IN ('medewerker', 'coordinator'));

-- Every change gets the next number; writers take it under one advisory lock (kaart/store.ts),
-- so numbers are handed out in commit order and a reader's cursor never passes a change still in flight.
CREATE SEQUENCE kaart_change_seq AS bigint;

-- One row per kaart record (HSDS entities and the local `feedback`). `scope` is the organisation that
-- keeps it, null for the national entries; it is computed on write (shared/kaart scopeOfRecord) and
-- never changes afterwards. A delete keeps the row as a tombstone so tablets learn of it.
CREATE TABLE kaart_records (
  entity text NOT NULL CHECK (entity IN (
    'organization', 'service', 'location', 'service_at_location', 'phone', 'schedule', 'taxonomy_term', 'attribute', 'feedback')),
  id uuid NOT NULL,
  scope uuid REFERENCES organisations (id),
  version bigint NOT NULL CHECK (version >= 1),
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (entity, id)
);
CREATE UNIQUE INDEX kaart_records_change_seq ON kaart_records (change_seq);
CREATE INDEX kaart_records_scope_change_seq ON kaart_records (scope, change_seq);
