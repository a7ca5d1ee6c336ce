-- Scheduled health checks (issue 16): a per-platform interval (no row: off), each
-- instance's health with when it entered it (the mark the app shows, and what a
-- change of health is measured against), and a compact sample of every
-- connection test for uptime and the latency chart, kept apart from the test
-- history so a month of checks does not push the validation runs out of it.
CREATE TABLE health_check_schedules (
    platform_id      TEXT PRIMARY KEY REFERENCES platforms(id) ON DELETE CASCADE,
    interval_minutes INTEGER NOT NULL CHECK (interval_minutes BETWEEN 5 AND 1440)
) STRICT;

CREATE TABLE health_states (
    instance_id   TEXT PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
    health        TEXT NOT NULL CHECK (health IN ('up', 'down')),
    since_ms      INTEGER NOT NULL,
    checked_at_ms INTEGER NOT NULL,
    -- The UTC day the certificate warning was last given (once a day).
    certificate_warned_on TEXT
) STRICT;

CREATE TABLE check_samples (
    instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    at_ms       INTEGER NOT NULL,
    up          INTEGER NOT NULL CHECK (up IN (0, 1)),
    duration_ms INTEGER NOT NULL,
    scheduled   INTEGER NOT NULL DEFAULT 0 CHECK (scheduled IN (0, 1))
) STRICT;
CREATE INDEX check_samples_by_instance ON check_samples (instance_id, at_ms);

-- The connection tests already stored become samples; the newest one is each
-- instance's health, since the first test of the run of tests that agree with it
-- (after the last one that did not).
INSERT INTO check_samples (instance_id, at_ms, up, duration_ms)
SELECT instance_id, CAST(ROUND((julianday(started_at) - 2440587.5) * 86400000) AS INTEGER),
       status <> 'failed', duration_ms
  FROM test_runs WHERE kind = 'connection_test' AND julianday(started_at) IS NOT NULL;

INSERT INTO health_states (instance_id, health, since_ms, checked_at_ms)
SELECT latest.instance_id,
       CASE WHEN latest.up = 1 THEN 'up' ELSE 'down' END,
       (SELECT MIN(s.at_ms) FROM check_samples s
         WHERE s.instance_id = latest.instance_id
           AND s.at_ms > COALESCE((SELECT MAX(o.at_ms) FROM check_samples o
                                    WHERE o.instance_id = latest.instance_id
                                      AND o.up <> latest.up), -1)),
       latest.at_ms
  FROM (SELECT instance_id, up, at_ms FROM check_samples s
         WHERE at_ms = (SELECT MAX(at_ms) FROM check_samples t
                         WHERE t.instance_id = s.instance_id)
         GROUP BY instance_id) AS latest;
