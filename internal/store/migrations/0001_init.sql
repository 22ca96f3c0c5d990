-- 0001: the incident model. Placeholders in braces are replaced per
-- database so both share one schema: {{id}} is an auto-increment primary
-- key, {{blob}} a byte string. Timestamps are fixed-width UTC text
-- (2006-01-02T15:04:05.000000Z), which sorts and compares the same way on
-- both databases.

CREATE TABLE incidents (
	id {{id}},
	key_fp TEXT NOT NULL UNIQUE,
	rule_id TEXT NOT NULL,
	rule_name TEXT NOT NULL,
	provider TEXT NOT NULL,
	severity TEXT NOT NULL,
	preview TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'triggered',
	resolution TEXT NOT NULL DEFAULT '',
	assignee TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	tags TEXT NOT NULL DEFAULT '',
	validity TEXT NOT NULL DEFAULT '',
	validity_reason TEXT NOT NULL DEFAULT '',
	validity_checked_at TEXT NOT NULL DEFAULT '',
	secret_enc {{blob}},
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	resolved_at TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);
CREATE INDEX incidents_status ON incidents(status, last_seen);
CREATE INDEX incidents_provider ON incidents(provider);

CREATE TABLE scans (
	id {{id}},
	report_id TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL,
	repository TEXT NOT NULL,
	ref TEXT NOT NULL,
	commit_sha TEXT NOT NULL,
	commit_range TEXT NOT NULL,
	ci_run TEXT NOT NULL,
	image TEXT NOT NULL,
	tool_version TEXT NOT NULL,
	complete INTEGER NOT NULL,
	findings INTEGER NOT NULL,
	new_incidents INTEGER NOT NULL,
	regressions INTEGER NOT NULL,
	token_name TEXT NOT NULL,
	received_at TEXT NOT NULL
);

-- One place a secret was seen. The unique index is what makes re-sending
-- a report harmless: the same place only moves last_seen forward.
CREATE TABLE occurrences (
	id {{id}},
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	source TEXT NOT NULL,
	repository TEXT NOT NULL,
	ref TEXT NOT NULL,
	commit_sha TEXT NOT NULL,
	path TEXT NOT NULL,
	line INTEGER NOT NULL,
	image TEXT NOT NULL,
	layer TEXT NOT NULL,
	col INTEGER NOT NULL,
	author TEXT NOT NULL,
	email TEXT NOT NULL,
	commit_date TEXT NOT NULL,
	ci_run TEXT NOT NULL,
	first_scan_id BIGINT NOT NULL,
	last_scan_id BIGINT NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL
);
CREATE UNIQUE INDEX occurrences_place ON occurrences(incident_id, source, repository, ref, commit_sha, path, line, image, layer);

CREATE TABLE validity_checks (
	id {{id}},
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	status TEXT NOT NULL,
	reason TEXT NOT NULL,
	checked_at TEXT NOT NULL,
	UNIQUE (incident_id, checked_at, status)
);

CREATE TABLE api_tokens (
	id {{id}},
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT NOT NULL DEFAULT '',
	revoked_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE sessions (
	hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE TABLE audit_log (
	id {{id}},
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	incident_id BIGINT,
	action TEXT NOT NULL,
	detail TEXT NOT NULL
);
CREATE INDEX audit_incident ON audit_log(incident_id, id);

CREATE TABLE checklist_ticks (
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	step TEXT NOT NULL,
	done_by TEXT NOT NULL,
	done_at TEXT NOT NULL,
	PRIMARY KEY (incident_id, step)
);
