-- Revocation that works: api tokens get an id, an expiry and a last-used time; enrollment codes get an
-- id and can be revoked before use. Hashes become keyed (HMAC-SHA256 with a secret outside the database):
-- rows made before this migration still hold plain sha256 and are rewritten on their first use.

ALTER TABLE api_tokens ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);
-- NULL: no expiry (tokens made before this migration); new tokens get one from the admin command.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

ALTER TABLE enrollment_codes ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX enrollment_codes_id ON enrollment_codes (id);
ALTER TABLE enrollment_codes ADD COLUMN revoked_at timestamptz;
CREATE INDEX enrollment_codes_organisation ON enrollment_codes (organisation_id, created_at);

-- A used or expired code can never enroll again: its plain sha256 (an 8-letter code is quickly guessed
-- from it) is replaced by a value that matches no code.
UPDATE enrollment_codes SET code_hash = 'spent:' || id::text WHERE used_at IS NOT NULL OR expires_at <= now();
