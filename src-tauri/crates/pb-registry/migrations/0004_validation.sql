-- What the validation suite exercises on a platform (naming convention, role
-- mappings, quota definitions, as JSON), and the history of test runs (connection
-- tests and validation runs) per instance. Reports are stored redacted: they hold
-- the recorded exchanges with every secret already masked.
CREATE TABLE platform_validation (
    platform_id TEXT PRIMARY KEY REFERENCES platforms(id) ON DELETE CASCADE,
    naming TEXT NOT NULL,
    role_mappings TEXT NOT NULL,
    quotas TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE test_runs (
    id TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('connection_test', 'validation')),
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    summary TEXT NOT NULL,
    report TEXT NOT NULL
);
CREATE INDEX test_runs_by_instance ON test_runs (instance_id, started_at DESC);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
