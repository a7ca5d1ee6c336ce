-- The wizard and the registry (issue 5).
-- A platform the wizard is still establishing is a draft until Finish.
ALTER TABLE platforms ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('draft', 'active'));
-- A stable, human-readable handle (`event-streaming-eu`), used by files and the CLI.
-- Platforms from before this version get one from their id; it can be edited.
ALTER TABLE platforms ADD COLUMN identifier TEXT;
UPDATE platforms SET identifier = 'platform-' || substr(id, 1, 8);
CREATE UNIQUE INDEX platforms_identifier ON platforms(identifier);
-- Markdown: how application teams get access (VPN, request form, contacts).
ALTER TABLE platforms ADD COLUMN access_info TEXT NOT NULL DEFAULT '';
CREATE INDEX platforms_location ON platforms(location);

-- JSON Schema of the custom fields every instance of the type fills in.
ALTER TABLE platform_types ADD COLUMN config_schema TEXT;

-- Custom-field values (JSON object; secret fields are in the keyring, only their
-- keys are listed in secret_fields so the UI can show "configured").
ALTER TABLE instances ADD COLUMN field_values TEXT NOT NULL DEFAULT '{}';
ALTER TABLE instances ADD COLUMN secret_fields TEXT NOT NULL DEFAULT '[]';
-- The newest test, copied on every recorded run so the registry can filter and
-- sort 100k instances by status without a correlated subquery per row.
ALTER TABLE instances ADD COLUMN last_test_kind TEXT;
ALTER TABLE instances ADD COLUMN last_test_status TEXT;
ALTER TABLE instances ADD COLUMN last_test_at TEXT;
ALTER TABLE instances ADD COLUMN last_test_summary TEXT;
UPDATE instances SET
    (last_test_kind, last_test_status, last_test_at, last_test_summary) =
    (SELECT r.kind, r.status, r.started_at, r.summary FROM test_runs r
      WHERE r.instance_id = instances.id ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1);
CREATE INDEX instances_environment ON instances(environment);
CREATE INDEX instances_status ON instances(last_test_status);

-- Tag definitions restrict what tags platforms may carry.
CREATE TABLE tag_definitions (
    key TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    mandatory INTEGER NOT NULL DEFAULT 0 CHECK (mandatory IN (0, 1)),
    -- JSON array; empty: any value.
    allowed_values TEXT NOT NULL DEFAULT '[]',
    pattern TEXT,
    updated_at TEXT NOT NULL
) STRICT;
