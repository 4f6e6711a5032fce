-- The municipality's own report (issue 13): a report token scoped to one municipality, and the annual
-- report's short text per organisation or municipality and year.

-- A municipality token sees every organisation's locations in one municipality (reports only).
ALTER TABLE api_tokens ADD COLUMN municipality_code text CHECK (municipality_code ~ '^GM[0-9]{4}$');
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_role_check;
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_scope CHECK (
  (role = 'national' AND municipality_code IS NULL)
  OR (role = 'coordinator' AND organisation_id IS NOT NULL AND municipality_code IS NULL)
  OR (role = 'municipality' AND organisation_id IS NULL AND municipality_code IS NOT NULL)
);

-- The text the coordinator (or municipality, or national team) writes above the annual report.
CREATE TABLE annual_report_texts (
  scope_kind text NOT NULL CHECK (scope_kind IN ('organisation', 'municipality')),
  scope_id text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  body text NOT NULL CHECK (char_length(body) <= 2000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (scope_kind, scope_id, year)
);
