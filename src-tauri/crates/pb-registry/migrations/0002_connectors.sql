-- The connector (integration logic) of a platform type, as its YAML/JSON definition
-- text. NULL: the type has none yet (a built-in may fall back to a preset).
ALTER TABLE platform_types ADD COLUMN connector TEXT;
