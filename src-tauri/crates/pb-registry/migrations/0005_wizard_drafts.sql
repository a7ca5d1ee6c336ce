-- Drafts of the "Establish a custom platform" wizard, saved as the administrator
-- types so that closing the app loses nothing. `data` is the wizard's form state as
-- JSON; it never holds a secret (secrets go to the OS keyring when saved).
CREATE TABLE wizard_drafts (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    step INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX wizard_drafts_by_update ON wizard_drafts (updated_at DESC);
