-- Change history and connector versions (issue 16).
--
-- The history outlives its records (a deleted platform's entries stay), so it has
-- no foreign keys; `changes` is the field-level diff as JSON, secrets only as
-- "changed".
CREATE TABLE change_history (
    id          TEXT PRIMARY KEY NOT NULL,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('app', 'platformctl', 'provisioning')),
    source      TEXT,
    kind        TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    record_id   TEXT NOT NULL,
    record      TEXT NOT NULL,
    platform_id TEXT,
    changes     TEXT NOT NULL
) STRICT;
CREATE INDEX change_history_by_time ON change_history (at DESC, id);
CREATE INDEX change_history_by_platform ON change_history (platform_id, at DESC);

-- Every saved connector of a custom type, numbered from 1; nothing is rewritten (a
-- roll back saves an old text as a new version). `text` NULL: the connector was
-- removed in that version.
CREATE TABLE connector_versions (
    type_id  TEXT NOT NULL REFERENCES platform_types(identifier) ON DELETE CASCADE,
    version  INTEGER NOT NULL CHECK (version >= 1),
    text     TEXT,
    saved_at TEXT NOT NULL,
    user     TEXT NOT NULL,
    via      TEXT NOT NULL,
    -- The version this one restored, for "rolled back to v3".
    restored_from INTEGER,
    PRIMARY KEY (type_id, version)
) STRICT;

-- The connector stored before versions existed becomes version 1.
INSERT INTO connector_versions (type_id, version, text, saved_at, user, via)
SELECT identifier, 1, connector, updated_at, 'unknown', 'app'
  FROM platform_types WHERE builtin = 0 AND connector IS NOT NULL;

-- The connector version each test run ran against (NULL: a built-in preset, or a
-- run recorded before versions existed).
ALTER TABLE test_runs ADD COLUMN connector_version INTEGER;

-- The newest validation run of each instance, beside it like last_test_*: its
-- status, when, and the connector version it ran against, so pages and the
-- registry can say "validated with v3; the connector changed since (v5)".
ALTER TABLE instances ADD COLUMN last_validation_status TEXT;
ALTER TABLE instances ADD COLUMN last_validation_at TEXT;
ALTER TABLE instances ADD COLUMN last_validation_connector INTEGER;
UPDATE instances SET
    last_validation_status = (SELECT status FROM test_runs t WHERE t.instance_id = instances.id
        AND t.kind = 'validation' ORDER BY started_at DESC LIMIT 1),
    last_validation_at = (SELECT started_at FROM test_runs t WHERE t.instance_id = instances.id
        AND t.kind = 'validation' ORDER BY started_at DESC LIMIT 1);

-- A new connector version makes validations stale: the registry index rebuilds.
CREATE TRIGGER connector_versions_generation_insert AFTER INSERT ON connector_versions
BEGIN UPDATE registry_generation SET value = value + 1; END;
