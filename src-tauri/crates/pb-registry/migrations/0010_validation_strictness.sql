-- Strict or lenient validation per platform (issue 15): lenient turns the failed
-- steps listed as known deviations (JSON array of {step, reason}) into warnings.
-- Existing platforms stay strict with no deviations.
ALTER TABLE platform_validation ADD COLUMN strictness TEXT NOT NULL DEFAULT 'strict';
ALTER TABLE platform_validation ADD COLUMN known_deviations TEXT NOT NULL DEFAULT '[]';
