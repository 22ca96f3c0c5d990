-- 0003: sign-in attempts, kept in the database so a limit survives a
-- restart and holds across several server processes. A row is written
-- before the password is checked (a reservation), kept when the password
-- was wrong, and deleted when it was right. key is "user:<name>" or
-- "ip:<address>"; rows older than the window are deleted as new ones come.

CREATE TABLE login_attempts (
	id {{id}},
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);
CREATE INDEX login_attempts_at ON login_attempts(at);
