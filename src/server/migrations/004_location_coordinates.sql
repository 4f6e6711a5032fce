-- Where an IDO location is, so the sociale kaart can show help "in de buurt". Optional.
ALTER TABLE locations ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90);
ALTER TABLE locations ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180);
