-- A "Klopt niet" report about a national entry: only the national team can change that entry, so a coordinator
-- closes it as passed on to them ("doorgegeven"), not as changed (src/shared/kaart-inbox.ts, feedbackResolutions).
ALTER TABLE kaart_feedback_resolutions DROP CONSTRAINT IF EXISTS kaart_feedback_resolutions_resolution_check;
ALTER TABLE kaart_feedback_resolutions ADD CONSTRAINT kaart_feedback_resolutions_resolution_check
  CHECK (resolution IN ('aangepast', 'klopt_wel', 'doorgegeven'));
