-- A "Klopt niet" report about a national entry that a coordinator passed on ("doorgegeven", migration 030) waits in
-- the national team's own list until the national team closes it there (src/server/admin/kaart-inbox.ts,
-- listPassedOnFeedback / resolvePassedOnFeedback): with "aangepast" or "klopt_wel", when, and by which token.
-- The tablets' record does not change again: the coordinator's closing made it `resolved` for them already.
ALTER TABLE kaart_feedback_resolutions
  ADD COLUMN national_resolution text CHECK (national_resolution IN ('aangepast', 'klopt_wel')),
  ADD COLUMN national_resolved_at timestamptz,
  ADD COLUMN national_resolved_by_id text;
CREATE INDEX kaart_feedback_resolutions_passed_on ON kaart_feedback_resolutions (resolved_at)
  WHERE resolution = 'doorgegeven' AND national_resolution IS NULL;
