-- Request counters per key (route class + token or client address) and fixed time window. Every server
-- process counts here, so the limits hold behind a load balancer; one atomic upsert per request.
CREATE TABLE rate_limit_counters (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limit_counters_expires_at ON rate_limit_counters (expires_at);

-- Failed enrollments now count in rate_limit_counters (atomically); the old table counted then inserted.
DROP TABLE IF EXISTS enroll_failures;
