-- What a tablet told the server at its last contact (docs/admin-api.md, "Tablets at their last contact"):
-- the app version it runs and how many registrations were still waiting on it. Written by one UPDATE per
-- sync request (src/server/device-contact.ts); the checks repeat the header rules, so nothing else gets in.
ALTER TABLE devices ADD COLUMN app_version text CHECK (app_version ~ '^[0-9A-Za-z.+-]{1,40}$');
ALTER TABLE devices ADD COLUMN pending_at_last_contact integer CHECK (pending_at_last_contact BETWEEN 0 AND 10000000);
ALTER TABLE devices ADD COLUMN last_contact_at timestamptz;
