-- 0004 (SQLite): the text the incident search (q) reads, indexed with
-- FTS5's trigram tokenizer, which finds any substring of three characters
-- or more, ignoring case. The indexes hold no copy of the text (external
-- content): triggers keep them in step with incidents and occurrences.

CREATE VIRTUAL TABLE incidents_search USING fts5(rule_id, rule_name, provider, preview, assignee, notes, tags,
	content='incidents', content_rowid='id', tokenize='trigram');

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents BEGIN
	INSERT INTO incidents_search (rowid, rule_id, rule_name, provider, preview, assignee, notes, tags)
	VALUES (new.id, new.rule_id, new.rule_name, new.provider, new.preview, new.assignee, new.notes, new.tags);
END;
CREATE TRIGGER incidents_search_update AFTER UPDATE OF rule_id, rule_name, provider, preview, assignee, notes, tags ON incidents BEGIN
	INSERT INTO incidents_search (incidents_search, rowid, rule_id, rule_name, provider, preview, assignee, notes, tags)
	VALUES ('delete', old.id, old.rule_id, old.rule_name, old.provider, old.preview, old.assignee, old.notes, old.tags);
	INSERT INTO incidents_search (rowid, rule_id, rule_name, provider, preview, assignee, notes, tags)
	VALUES (new.id, new.rule_id, new.rule_name, new.provider, new.preview, new.assignee, new.notes, new.tags);
END;
CREATE TRIGGER incidents_search_delete AFTER DELETE ON incidents BEGIN
	INSERT INTO incidents_search (incidents_search, rowid, rule_id, rule_name, provider, preview, assignee, notes, tags)
	VALUES ('delete', old.id, old.rule_id, old.rule_name, old.provider, old.preview, old.assignee, old.notes, old.tags);
END;

CREATE VIRTUAL TABLE occurrences_search USING fts5(path, repository,
	content='occurrences', content_rowid='id', tokenize='trigram');

CREATE TRIGGER occurrences_search_insert AFTER INSERT ON occurrences BEGIN
	INSERT INTO occurrences_search (rowid, path, repository) VALUES (new.id, new.path, new.repository);
END;
CREATE TRIGGER occurrences_search_update AFTER UPDATE OF path, repository ON occurrences BEGIN
	INSERT INTO occurrences_search (occurrences_search, rowid, path, repository) VALUES ('delete', old.id, old.path, old.repository);
	INSERT INTO occurrences_search (rowid, path, repository) VALUES (new.id, new.path, new.repository);
END;
CREATE TRIGGER occurrences_search_delete AFTER DELETE ON occurrences BEGIN
	INSERT INTO occurrences_search (occurrences_search, rowid, path, repository) VALUES ('delete', old.id, old.path, old.repository);
END;

INSERT INTO incidents_search (incidents_search) VALUES ('rebuild');
INSERT INTO occurrences_search (occurrences_search) VALUES ('rebuild');
