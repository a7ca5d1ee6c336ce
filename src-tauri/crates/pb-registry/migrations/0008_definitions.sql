-- Definition files (issue 6). The version of the document a record was last
-- imported from: an older version of the document does not overwrite it. NULL:
-- created in the app, or by a document without a version.
ALTER TABLE platform_types ADD COLUMN definition_version INTEGER;
ALTER TABLE platforms ADD COLUMN definition_version INTEGER;
ALTER TABLE instances ADD COLUMN definition_version INTEGER;
-- Where each of the instance's secrets came from, as written in the file (JSON
-- object: slot → {fromEnv | fromFile | keyring}), so export writes the same
-- reference back. References only, never a secret.
ALTER TABLE instances ADD COLUMN secret_refs TEXT NOT NULL DEFAULT '{}';
-- The provisioning folder a record was defined in: such records are read-only in
-- the app ("managed by file") and may be pruned when the folder drops them.
ALTER TABLE platform_types ADD COLUMN managed_by TEXT;
ALTER TABLE platforms ADD COLUMN managed_by TEXT;
ALTER TABLE instances ADD COLUMN managed_by TEXT;
