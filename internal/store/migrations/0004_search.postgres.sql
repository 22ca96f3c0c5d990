-- 0004 (PostgreSQL): the text the incident search (q) reads, indexed with
-- pg_trgm's trigram GIN indexes, which serve LIKE '%...%' on the same
-- expressions. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension since PostgreSQL 13: the database's owner may create it.
-- The incident's searched columns are one expression, joined by a unit
-- separator (U+001F) no search can hold, so a match never spans two.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX incidents_search ON incidents USING gin ((lower(rule_id || E'\x1f' || rule_name || E'\x1f' || provider || E'\x1f' ||
	preview || E'\x1f' || assignee || E'\x1f' || notes || E'\x1f' || tags)) gin_trgm_ops);
CREATE INDEX occurrences_path_search ON occurrences USING gin (lower(path) gin_trgm_ops);
CREATE INDEX occurrences_repository_search ON occurrences USING gin (lower(repository) gin_trgm_ops);
