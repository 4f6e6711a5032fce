-- The kaart inbox (issue 11, src/server/admin/kaart-inbox.ts): how a coordinator closed a "Klopt niet"
-- report. The report itself stays a kaart record of entity `feedback` (its `resolved` flag is what the
-- tablets sync); the reason and who closed it are kept here, beside it, so the tablet's shape is unchanged.
CREATE TABLE kaart_feedback_resolutions (
  feedback_id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  resolution text NOT NULL CHECK (resolution IN ('aangepast', 'klopt_wel')),
  resolved_at timestamptz NOT NULL DEFAULT now(),
  resolved_by_kind text NOT NULL CHECK (resolved_by_kind IN ('cli', 'national_token', 'coordinator_token', 'coordinator_device')),
  resolved_by_id text
);
CREATE INDEX kaart_feedback_resolutions_organisation ON kaart_feedback_resolutions (organisation_id, resolved_at);
