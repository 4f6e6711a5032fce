-- Management from the browser (issue 11): organisations can be deactivated, locations closed, and every
-- management action is written to an audit log (src/server/admin/audit.ts). The log never holds a code,
-- a token or a hash: the actor is a token id, a device id, or the server's admin command.
ALTER TABLE organisations ADD COLUMN deactivated_at timestamptz;
ALTER TABLE locations ADD COLUMN closed_on date;

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('cli', 'national_token', 'coordinator_token', 'coordinator_device')),
  actor_id text,
  organisation_id uuid,
  action text NOT NULL,
  target text,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_organisation_at ON audit_log (organisation_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
