-- The Snelwijzer (issue 14): staff quick reference cards travel as the kaart sync entity `snelwijzer_card`,
-- in the same kaart_records table, change numbers and scopes (an organisation's own cards; null = national).
ALTER TABLE kaart_records DROP CONSTRAINT kaart_records_entity_check;
ALTER TABLE kaart_records ADD CONSTRAINT kaart_records_entity_check CHECK (entity IN (
  'organization', 'service', 'location', 'service_at_location', 'phone', 'schedule', 'taxonomy_term', 'attribute', 'feedback', 'snelwijzer_card'));
