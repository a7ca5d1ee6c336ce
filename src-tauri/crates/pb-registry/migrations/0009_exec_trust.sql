-- Exec connectors this machine agreed to run (issue 13). Local on purpose: no
-- definition file carries trust and export never writes this table. `key` is the
-- SHA-256 over the command, the environment the connector sets, the program path
-- and the program file's own SHA-256, so any change to them needs a new trust.
CREATE TABLE exec_trust (
    platform_type TEXT NOT NULL,
    key TEXT NOT NULL,
    command TEXT NOT NULL,          -- JSON array, argv as the definition gives it
    env TEXT NOT NULL,              -- JSON array of [name, template] pairs
    program TEXT NOT NULL,          -- the program file after lookup
    program_sha256 TEXT NOT NULL,
    trusted_at TEXT NOT NULL,
    PRIMARY KEY (platform_type, key)
);

-- Secrets an import could not store in the keyring (it stopped answering after
-- the transaction): JSON object slot → why, shown on the instance until the slot
-- is stored. A re-run of the import writes exactly these.
ALTER TABLE instances ADD COLUMN secret_problems TEXT NOT NULL DEFAULT '{}';
