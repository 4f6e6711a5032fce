-- A batch stored by `admin import-file` (a tablet's noodexport) is marked: it counts for the tablet's records, but it is
-- no send of the tablet. Beheer → Tablets' "Laatst verstuurd" showed the coordinator's import, made after the tablet was
-- revoked, as the tablet's last send. Batches imported before this migration stay unmarked: nothing tells them apart.
ALTER TABLE batches ADD COLUMN imported boolean NOT NULL DEFAULT false;
