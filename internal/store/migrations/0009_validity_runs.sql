-- 0009: a run of the same answer is one row of validity history. The
-- periodic re-check (every 6 hours) added a row per check without end;
-- now an answer equal to the newest row's (status and reason) moves that
-- row's last_checked_at, the run's newest check, and counts it in
-- checks. Rows written before are runs of one check.
ALTER TABLE validity_checks ADD COLUMN last_checked_at TEXT NOT NULL DEFAULT '';
ALTER TABLE validity_checks ADD COLUMN checks INTEGER NOT NULL DEFAULT 1;
UPDATE validity_checks SET last_checked_at = checked_at;
