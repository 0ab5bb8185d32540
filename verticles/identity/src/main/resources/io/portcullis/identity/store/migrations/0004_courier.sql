-- Placeholder on the recovery branch only: migration 4 belongs to the courier (its own branch brings the real
-- file, which replaces this one when the branches are merged). Kept so that migration 5 gets its number.
SELECT 1;
