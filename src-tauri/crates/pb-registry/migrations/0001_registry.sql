-- Platform types: built-ins are upserted from catalogue/builtin-types.json at open;
-- custom ones are created by administrators.
CREATE TABLE platform_types (
    identifier       TEXT PRIMARY KEY NOT NULL,
    display_name     TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    icon             TEXT NOT NULL,
    default_endpoint TEXT,
    builtin          INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE platforms (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    -- RESTRICT: a type in use cannot be deleted out from under its platforms.
    type_id     TEXT NOT NULL REFERENCES platform_types(identifier) ON DELETE RESTRICT,
    location    TEXT NOT NULL DEFAULT '',
    support_url TEXT,
    docs_url    TEXT,
    -- JSON array of {"key","value"}; tags are read and written with their platform.
    tags        TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX platforms_type ON platforms(type_id);

-- No secret column on purpose: credentials live in the OS keyring; this table only
-- records that one is configured and its version.
CREATE TABLE instances (
    id                    TEXT PRIMARY KEY NOT NULL,
    platform_id           TEXT NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    name                  TEXT NOT NULL COLLATE NOCASE,
    environment           TEXT NOT NULL,
    endpoint              TEXT NOT NULL,
    credential_version    INTEGER NOT NULL DEFAULT 0,
    credential_updated_at TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (platform_id, name)
) STRICT;
CREATE INDEX instances_platform ON instances(platform_id);
