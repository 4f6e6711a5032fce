-- A location's IDO hours per week with the date each number takes effect (docs/admin-api.md, "IDO hours
-- and the date they change"). The hours in force on a day are those of its latest row on or before that
-- day; locations.ido_hours_per_week keeps the number in force at the last change (read through the history).
CREATE TABLE location_hours (
  location_id text NOT NULL REFERENCES locations (id),
  valid_from date NOT NULL,
  hours_per_week double precision NOT NULL CHECK (hours_per_week >= 0 AND hours_per_week <= 168),
  PRIMARY KEY (location_id, valid_from)
);

-- Every existing location: its hours as they are now, from the day it opened.
INSERT INTO location_hours (location_id, valid_from, hours_per_week)
SELECT id, opened_on, ido_hours_per_week FROM locations;
