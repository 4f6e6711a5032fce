-- How far a tablet's clock was off at its last contact: its own time (the `IDO-Clock` header) minus the server's, in
-- whole seconds, positive when the tablet is ahead (src/server/device-contact.ts). A contact's day and time are the
-- tablet's clock, so Beheer's list of tablets says which one needs its time set right. NULL: never said.
ALTER TABLE devices ADD COLUMN clock_ahead_seconds integer;
