-- No demo in production (issue 9). Demo organisations are marked, so national figures can leave them out.
ALTER TABLE organisations ADD COLUMN is_demo boolean NOT NULL DEFAULT false;
-- Databases made before this migration may already hold the demo organisation (src/db/demo-organisation.json).
UPDATE organisations SET is_demo = true WHERE id = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

-- The first start of a database decides once whether it gets the demo; later starts read this row and
-- never seed or print enrollment codes again. One row at most.
CREATE TABLE demo_decision (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seeded boolean NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
-- A database that already has organisations has had its first start.
INSERT INTO demo_decision (seeded)
  SELECT EXISTS (SELECT 1 FROM organisations WHERE is_demo) WHERE EXISTS (SELECT 1 FROM organisations);
