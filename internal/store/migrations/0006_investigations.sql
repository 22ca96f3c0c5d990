-- 0006: investigations run from an incident (leakhound investigate on the
-- stored secret): who ran it and when, from which leak date, whether the
-- activity held anything unusual, and the report as text and JSON. The
-- report holds what the provider said, never the secret.
CREATE TABLE investigations (
	id {{id}},
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	actor TEXT NOT NULL,
	ran_at TEXT NOT NULL,
	since TEXT NOT NULL,
	flagged INTEGER NOT NULL,
	summary TEXT NOT NULL,
	report_text TEXT NOT NULL,
	report_json TEXT NOT NULL
);

CREATE INDEX investigations_incident ON investigations (incident_id, ran_at);
