-- The registry table's in-memory index (registry_index.rs) is rebuilt when this
-- number moves. Triggers bump it on every change to platforms or instances, from
-- any connection or process (the app, platformctl), so a cached index can tell
-- in one read whether it is stale.
CREATE TABLE registry_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO registry_generation (id, value) VALUES (1, 0);

CREATE TRIGGER platforms_generation_insert AFTER INSERT ON platforms
BEGIN UPDATE registry_generation SET value = value + 1; END;
CREATE TRIGGER platforms_generation_update AFTER UPDATE ON platforms
BEGIN UPDATE registry_generation SET value = value + 1; END;
CREATE TRIGGER platforms_generation_delete AFTER DELETE ON platforms
BEGIN UPDATE registry_generation SET value = value + 1; END;
CREATE TRIGGER instances_generation_insert AFTER INSERT ON instances
BEGIN UPDATE registry_generation SET value = value + 1; END;
CREATE TRIGGER instances_generation_update AFTER UPDATE ON instances
BEGIN UPDATE registry_generation SET value = value + 1; END;
CREATE TRIGGER instances_generation_delete AFTER DELETE ON instances
BEGIN UPDATE registry_generation SET value = value + 1; END;
