-- An enrollment whose answer never reached its tablet (the line dropped after the server had answered, or the tablet
-- could not store what it got) can be asked again for a day with the same code and the same attempt key: a random
-- key the tablet made and kept before it sent the code. Kept only as its keyed hash, as codes and tokens are.
ALTER TABLE enrollment_codes ADD COLUMN attempt_hash text;
