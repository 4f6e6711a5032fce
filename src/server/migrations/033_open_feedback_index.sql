-- The open "Klopt niet" reports, in the order they came: the national team's list reads those of every organisation
-- (src/server/admin/kaart-inbox.ts, listNationalFeedback), which without an index of their own walked every kaart
-- record in change order (a national kaart of 124,000 records and 10,000 closed reports: 83 ms on PGlite, 7 ms with
-- it). Only open ones are in it, so it stays as small as the inboxes are. The predicate is the queries' own words.
CREATE INDEX kaart_records_open_feedback ON kaart_records (change_seq)
  WHERE entity = 'feedback' AND NOT deleted AND data->'resolved' IS DISTINCT FROM 'true'::jsonb;
