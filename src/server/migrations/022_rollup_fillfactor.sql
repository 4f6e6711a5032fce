-- The rollups are updated in place by every fold (src/server/reports/pending-rollups.ts): a key's counts change,
-- its key columns never do, and no index covers the counts. With room left on each page, PostgreSQL writes the new
-- row version on the same page without new index entries (a HOT update); full pages (fillfactor 100) send every
-- update to another page with three new index entries. Pages written from now on keep 30 % free.
DO $$
DECLARE
  partition regclass;
BEGIN
  FOR partition IN
    SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent IN ('report_rollup'::regclass, 'report_org_rollup'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s SET (fillfactor = 70)', partition);
  END LOOP;
END
$$;
ALTER TABLE report_hour_rollup SET (fillfactor = 70);
ALTER TABLE report_heat_rollup SET (fillfactor = 70);
