-- 0002: a report may arrive in batches under one report id (a scan with
-- more findings than one request may carry). Each batch is recorded once:
-- (scan_id, batch) is the idempotency key of a batch, and its digest of
-- the places it holds tells a re-sent batch from a different one sent
-- under the same number. Reports received before this migration are one
-- batch, with no digest.

ALTER TABLE scans ADD COLUMN batches INTEGER NOT NULL DEFAULT 1;
ALTER TABLE scans ADD COLUMN batches_received INTEGER NOT NULL DEFAULT 1;

CREATE TABLE scan_batches (
	scan_id BIGINT NOT NULL REFERENCES scans(id),
	batch INTEGER NOT NULL,
	digest TEXT NOT NULL,
	findings INTEGER NOT NULL,
	received_at TEXT NOT NULL,
	PRIMARY KEY (scan_id, batch)
);
INSERT INTO scan_batches (scan_id, batch, digest, findings, received_at) SELECT id, 1, '', findings, received_at FROM scans;
