-- Ready for application teams (issue 17): locations as records, a platform's
-- availability and publication, and its landing zones.
--
-- A platform's `location` column keeps its name but now holds a location's
-- identifier; the records are derived from the values in use by the migration's
-- Rust step (locations::records_from_platforms), which slugs them with the same
-- rules new identifiers are checked by and keeps each value as the display name.
CREATE TABLE locations (
    identifier   TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    managed_by   TEXT,
    -- As the other records defined in files: a document never overwrites what a
    -- newer version of it stored.
    definition_version INTEGER
) STRICT;

-- Private until the administrator says otherwise: a platform nobody chose to
-- offer is not offered. Every existing platform is a draft of an offering.
ALTER TABLE platforms ADD COLUMN restriction TEXT NOT NULL DEFAULT 'private'
    CHECK (restriction IN ('public', 'private', 'restricted'));
ALTER TABLE platforms ADD COLUMN restricted_to TEXT NOT NULL DEFAULT '[]';
ALTER TABLE platforms ADD COLUMN publication TEXT NOT NULL DEFAULT 'draft'
    CHECK (publication IN ('draft', 'published', 'deprecated', 'unpublished'));

-- Identifiers are unique across platforms, so a zone is named by its identifier
-- alone in files, the CLI and the change history (meshStack only needs them
-- unique per platform).
CREATE TABLE landing_zones (
    identifier    TEXT PRIMARY KEY,
    platform_id   TEXT NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    info_link     TEXT,
    -- quota key -> value, within the platform's quota definitions.
    quotas        TEXT NOT NULL DEFAULT '{}',
    -- Role mappings that replace the platform's for tenants of this zone.
    role_mappings TEXT NOT NULL DEFAULT '[]',
    restricted    INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    managed_by    TEXT,
    definition_version INTEGER
) STRICT;
CREATE INDEX landing_zones_by_platform ON landing_zones (platform_id, identifier);

-- The registry table shows a location's display name: renaming it is a change
-- the cached index must see.
CREATE TRIGGER locations_generation_update AFTER UPDATE ON locations
BEGIN UPDATE registry_generation SET value = value + 1; END;

-- The wizard gained a step (Landing zones, after Quotas, roles and naming):
-- saved drafts on a later step stay on the same step.
UPDATE wizard_drafts SET step = step + 1 WHERE step >= 6;
UPDATE wizard_drafts
   SET data = json_set(data, '$.reached', json_extract(data, '$.reached') + 1)
 WHERE json_valid(data) AND json_extract(data, '$.reached') >= 6;
