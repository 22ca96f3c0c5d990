package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// incidentCols never includes secret_enc or pair_enc: only their presence
// is read, so no list or page can carry a ciphertext by accident.
const incidentCols = `i.id, i.key_fp, i.rule_id, i.rule_name, i.provider, i.severity, i.preview, i.status, i.resolution,
	i.assignee, i.notes, i.tags, i.validity, i.validity_reason, i.validity_checked_at, i.first_seen, i.last_seen,
	i.resolved_at, i.updated_at, (SELECT COUNT(*) FROM occurrences o WHERE o.incident_id = i.id),
	CASE WHEN i.secret_enc IS NULL THEN 0 ELSE 1 END, CASE WHEN i.pair_enc IS NULL THEN 0 ELSE 1 END`

func scanIncident(row interface{ Scan(...any) error }) (*Incident, error) {
	var (
		inc                                   Incident
		tags, vAt, first, last, resolved, upd string
		stored, pairStored                    int
	)
	if err := row.Scan(&inc.ID, &inc.Fingerprint, &inc.RuleID, &inc.RuleName, &inc.Provider, &inc.Severity, &inc.Preview,
		&inc.Status, &inc.Resolution, &inc.Assignee, &inc.Notes, &tags, &inc.Validity, &inc.ValidityReason, &vAt,
		&first, &last, &resolved, &upd, &inc.Occurrences, &stored, &pairStored); err != nil {
		return nil, err
	}
	inc.Tags = []string{}
	if tags != "" {
		// A damaged value is this incident's problem alone: the incident
		// is still listed, says its tags are unreadable, and the stored
		// value stays as it is (UpdateIncident leaves it alone).
		if err := json.Unmarshal([]byte(tags), &inc.Tags); err != nil {
			inc.Tags, inc.TagsUnreadable = []string{}, true
		}
	}
	inc.ValidityCheckedAt = parseTSPtr(vAt)
	inc.FirstSeen, inc.LastSeen, inc.UpdatedAt = parseTS(first), parseTS(last), parseTS(upd)
	inc.ResolvedAt = parseTSPtr(resolved)
	inc.SecretStored, inc.PairStored = stored == 1, pairStored == 1
	return &inc, nil
}

func (s *db) Incident(ctx context.Context, id int64) (*Incident, error) {
	inc, err := scanIncident(s.sql.QueryRowContext(ctx, s.q(`SELECT `+incidentCols+` FROM incidents i WHERE i.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return inc, err
}

// normPage applies the default and the ceiling of a list's page size.
func normPage(p Page) Page {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	if p.Limit > 500 {
		p.Limit = 500
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

func (s *db) ListIncidents(ctx context.Context, f IncidentFilter) ([]Incident, int, error) {
	var where []string
	var args []any
	switch f.Status {
	case "":
	case "open":
		where = append(where, "i.status IN ('triggered', 'assigned')")
	default:
		where = append(where, "i.status = ?")
		args = append(args, f.Status)
	}
	for _, c := range []struct{ col, v string }{{"i.provider", f.Provider}, {"i.severity", f.Severity}, {"i.validity", f.Validity}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if f.Source != "" {
		where = append(where, "EXISTS (SELECT 1 FROM occurrences o WHERE o.incident_id = i.id AND o.source = ?)")
		args = append(args, f.Source)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		cond, qargs := s.searchCond(q)
		where = append(where, cond)
		args = append(args, qargs...)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.sql.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM incidents i`+cond), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := normPage(f.Page)
	rows, err := s.sql.QueryContext(ctx, s.q(`SELECT `+incidentCols+` FROM incidents i`+cond+
		` ORDER BY i.last_seen DESC, i.id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Incident{}
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *inc)
	}
	return out, total, rows.Err()
}

// searchedColumns are the incident's text a search (q) reads; it also
// reads its occurrences' paths and repositories.
var searchedColumns = []string{"rule_id", "rule_name", "provider", "preview", "assignee", "notes", "tags"}

// searchCond matches incidents holding q, ignoring case, in one of
// searchedColumns or in an occurrence's path or repository. Each database
// answers from its trigram index (migration 0004): SQLite's FTS5 tables
// with a phrase query, PostgreSQL's pg_trgm GIN indexes with LIKE on the
// indexed expressions. FTS5 cannot look up fewer than three characters,
// so a shorter q reads the tables.
func (s *db) searchCond(q string) (string, []any) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
	if s.d.name == "postgres" {
		// The unit separator joins the columns in the index; a q holding
		// one would match across two of them.
		like = strings.ReplaceAll(like, "\x1f", "")
		return `i.id IN (SELECT id FROM incidents WHERE lower(` + strings.Join(searchedColumns, ` || E'\x1f' || `) + `) LIKE ? ESCAPE '\'
			UNION SELECT incident_id FROM occurrences WHERE lower(path) LIKE ? ESCAPE '\'
			UNION SELECT incident_id FROM occurrences WHERE lower(repository) LIKE ? ESCAPE '\')`,
			[]any{like, like, like}
	}
	if utf8.RuneCountInString(q) >= 3 {
		phrase := `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
		return `i.id IN (SELECT rowid FROM incidents_search WHERE incidents_search MATCH ?
			UNION SELECT o.incident_id FROM occurrences o WHERE o.id IN (SELECT rowid FROM occurrences_search WHERE occurrences_search MATCH ?))`,
			[]any{phrase, phrase}
	}
	var ors []string
	var args []any
	for _, col := range searchedColumns {
		ors = append(ors, "LOWER(i."+col+`) LIKE ? ESCAPE '\'`)
		args = append(args, like)
	}
	ors = append(ors, `EXISTS (SELECT 1 FROM occurrences o WHERE o.incident_id = i.id AND (LOWER(o.path) LIKE ? ESCAPE '\' OR LOWER(o.repository) LIKE ? ESCAPE '\'))`)
	return "(" + strings.Join(ors, " OR ") + ")", append(args, like, like)
}

// UpdateIncident applies the changes and writes one audit entry per field
// that changed. Resolving requires a resolution; any other status clears
// it. Assigning someone to a triggered incident moves it to assigned.
func (s *db) UpdateIncident(ctx context.Context, id int64, u IncidentUpdate, actor string) (*Incident, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, err := scanIncident(tx.QueryRowContext(ctx, s.q(`SELECT `+incidentCols+` FROM incidents i WHERE i.id = ?`), id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		next := *cur
		if u.Assignee != nil {
			next.Assignee = strings.TrimSpace(*u.Assignee)
			if u.Status == nil && next.Assignee != "" && cur.Status == StatusTriggered {
				next.Status = StatusAssigned
			}
		}
		if u.Status != nil {
			next.Status = *u.Status
			if !slices.Contains(Statuses, next.Status) {
				return fmt.Errorf("%w: status %q (want one of %s)", ErrInvalid, next.Status, strings.Join(Statuses, ", "))
			}
		}
		if u.Resolution != nil {
			next.Resolution = *u.Resolution
		}
		if next.Status == StatusResolved {
			if !slices.Contains(Resolutions, next.Resolution) {
				return fmt.Errorf("%w: a resolved incident needs a resolution: one of %s", ErrInvalid, strings.Join(Resolutions, ", "))
			}
		} else {
			if u.Resolution != nil && *u.Resolution != "" {
				return fmt.Errorf("%w: a resolution is only for status resolved", ErrInvalid)
			}
			next.Resolution = ""
		}
		if u.Notes != nil {
			next.Notes = *u.Notes
		}
		if u.Tags != nil {
			next.Tags = cleanTags(*u.Tags)
		}
		if err := checkEdit(next, u); err != nil {
			return err
		}
		now := time.Now()
		resolvedAt := ""
		if next.ResolvedAt != nil {
			resolvedAt = ts(*next.ResolvedAt)
		}
		var changes []AuditEntry
		change := func(action, detail string) {
			changes = append(changes, AuditEntry{At: now, Actor: actor, IncidentID: id, Action: action, Detail: detail})
		}
		if next.Status != cur.Status || next.Resolution != cur.Resolution {
			detail := cur.Status + " → " + next.Status
			if next.Resolution != "" {
				detail += " as " + strings.ReplaceAll(next.Resolution, "_", " ")
			}
			change("status", detail)
			resolvedAt = ""
			if next.Status == StatusResolved {
				resolvedAt = ts(now)
			}
		}
		if next.Assignee != cur.Assignee {
			change("assignee", fmt.Sprintf("%q → %q", cur.Assignee, next.Assignee))
		}
		if next.Notes != cur.Notes {
			change("notes", "notes edited")
		}
		// Tags are written only when an edit changes them (NULL keeps the
		// stored value): unreadable tags stay until an edit sets tags.
		var tags any
		if u.Tags != nil && (cur.TagsUnreadable || !slices.Equal(next.Tags, cur.Tags)) {
			detail := strings.Join(next.Tags, ", ")
			if cur.TagsUnreadable {
				detail = "unreadable tags replaced: " + detail
			}
			change("tags", detail)
			b, err := json.Marshal(next.Tags)
			if err != nil {
				return err
			}
			tags = string(b)
		}
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET status = ?, resolution = ?, assignee = ?, notes = ?,
			tags = COALESCE(?, tags), resolved_at = ?, updated_at = ? WHERE id = ?`),
			next.Status, next.Resolution, next.Assignee, next.Notes, tags, resolvedAt, ts(now), id); err != nil {
			return err
		}
		for _, e := range changes {
			if err := addAudit(ctx, s, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Incident(ctx, id)
}

// checkEdit refuses an edit that sets the assignee, notes or tags over
// their limits; fields the edit leaves alone are not judged.
func checkEdit(next Incident, u IncidentUpdate) error {
	if u.Assignee != nil {
		if err := checkLength("assignee", next.Assignee, MaxAssigneeLength); err != nil {
			return err
		}
	}
	if u.Notes != nil {
		if err := checkLength("notes", next.Notes, MaxNotesLength); err != nil {
			return err
		}
	}
	if u.Tags == nil {
		return nil
	}
	if len(next.Tags) > MaxTags {
		return fmt.Errorf("%w: %d tags; at most %d", ErrInvalid, len(next.Tags), MaxTags)
	}
	for _, t := range next.Tags {
		if err := checkLength("tag", t, MaxTagLength); err != nil {
			return err
		}
	}
	return nil
}

func cleanTags(in []string) []string {
	out := []string{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func (s *db) Occurrences(ctx context.Context, incidentID int64, p Page) ([]Occurrence, int, error) {
	var total int
	if err := s.sql.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM occurrences WHERE incident_id = ?`), incidentID).Scan(&total); err != nil {
		return nil, 0, err
	}
	p = normPage(p)
	rows, err := s.sql.QueryContext(ctx, s.q(`SELECT id, incident_id, source, repository, ref, commit_sha, path, line, image, layer,
		col, author, email, commit_date, ci_run, first_scan_id, last_scan_id, first_seen, last_seen
		FROM occurrences WHERE incident_id = ? ORDER BY repository, path, line, id LIMIT ? OFFSET ?`), incidentID, p.Limit, p.Offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Occurrence{}
	for rows.Next() {
		var o Occurrence
		var cdate, first, last string
		if err := rows.Scan(&o.ID, &o.IncidentID, &o.Source, &o.Repository, &o.Ref, &o.Commit, &o.Path, &o.Line, &o.Image, &o.Layer,
			&o.Column, &o.Author, &o.Email, &cdate, &o.CIRun, &o.FirstScanID, &o.LastScanID, &first, &last); err != nil {
			return nil, 0, err
		}
		o.CommitDate = parseTSPtr(cdate)
		o.FirstSeen, o.LastSeen = parseTS(first), parseTS(last)
		out = append(out, o)
	}
	return out, total, rows.Err()
}

func (s *db) ValidityHistory(ctx context.Context, incidentID int64) ([]ValidityCheck, error) {
	return queryAll(ctx, s.sql, s.q(`SELECT status, reason, checked_at, last_checked_at, checks FROM validity_checks
		WHERE incident_id = ? ORDER BY last_checked_at DESC, id DESC LIMIT 100`), []any{incidentID}, func(rows *sql.Rows) (ValidityCheck, error) {
		var v ValidityCheck
		var at, last string
		err := rows.Scan(&v.Status, &v.Reason, &at, &last, &v.Checks)
		v.CheckedAt = parseTS(at)
		if v.Checks > 1 {
			v.LastCheckedAt = parseTSPtr(last)
		}
		return v, err
	})
}

func (s *db) EncryptedSecret(ctx context.Context, incidentID int64) (secret, pair []byte, err error) {
	err = s.sql.QueryRowContext(ctx, s.q(`SELECT secret_enc, pair_enc FROM incidents WHERE id = ?`), incidentID).Scan(&secret, &pair)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && secret == nil) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return secret, pair, nil
}

func (s *db) MarkSecretUnreadable(ctx context.Context, incidentID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET secret_unreadable = 1 WHERE id = ? AND secret_enc IS NOT NULL`), incidentID)
		return err
	})
}

func (s *db) DropPair(ctx context.Context, incidentID int64, pairEnc []byte, actor, why string) (bool, error) {
	dropped := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET pair_enc = NULL WHERE id = ? AND pair_enc = ?`), incidentID, pairEnc)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return err
		}
		dropped = true
		return addAudit(ctx, s, tx, AuditEntry{Actor: actor, IncidentID: incidentID, Action: "pair_dropped", Detail: why})
	})
	return dropped, err
}

func (s *db) OpenByProvider(ctx context.Context) ([]Count, error) {
	return queryAll(ctx, s.sql, `SELECT provider, COUNT(*) FROM incidents
		WHERE status IN ('triggered', 'assigned') GROUP BY provider ORDER BY COUNT(*) DESC, provider`, nil, scanCount)
}

func (s *db) OpenByValidity(ctx context.Context) ([]Count, error) {
	return queryAll(ctx, s.sql, `SELECT CASE WHEN validity = '' THEN '`+NotChecked+`' ELSE validity END AS v, COUNT(*) FROM incidents
		WHERE status IN ('triggered', 'assigned') GROUP BY v ORDER BY COUNT(*) DESC, v`, nil, scanCount)
}

// OpenOverTime relies on timestamps being fixed-width UTC text, which
// compares like time in both databases.
func (s *db) OpenOverTime(ctx context.Context, at []time.Time) ([]Count, error) {
	out := make([]Count, 0, len(at))
	for _, t := range at {
		var c Count
		c.Label = t.UTC().Format("Jan 2")
		err := s.sql.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM incidents WHERE first_seen <= ? AND (resolved_at = '' OR resolved_at > ?)`),
			ts(t), ts(t)).Scan(&c.N)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *db) Checklist(ctx context.Context, incidentID int64) ([]Tick, error) {
	return queryAll(ctx, s.sql, s.q(`SELECT step, done_by, done_at FROM checklist_ticks WHERE incident_id = ? ORDER BY done_at`),
		[]any{incidentID}, func(rows *sql.Rows) (Tick, error) {
			var t Tick
			var at string
			err := rows.Scan(&t.Step, &t.DoneBy, &at)
			t.DoneAt = parseTS(at)
			return t, err
		})
}

// SetTick ticks or unticks a step. Ticking a ticked step keeps who did it
// first; both directions are audited.
func (s *db) SetTick(ctx context.Context, incidentID int64, step, actor string, done bool) error {
	if step == "" {
		return fmt.Errorf("%w: empty checklist step", ErrInvalid)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM incidents WHERE id = ?`), incidentID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return ErrNotFound
		}
		now := time.Now()
		var r sql.Result
		var err error
		action := "checklist_tick"
		if done {
			r, err = tx.ExecContext(ctx, s.q(`INSERT INTO checklist_ticks (incident_id, step, done_by, done_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (incident_id, step) DO NOTHING`), incidentID, step, actor, ts(now))
		} else {
			action = "checklist_untick"
			r, err = tx.ExecContext(ctx, s.q(`DELETE FROM checklist_ticks WHERE incident_id = ? AND step = ?`), incidentID, step)
		}
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return addAudit(ctx, s, tx, AuditEntry{At: now, Actor: actor, IncidentID: incidentID, Action: action, Detail: step})
	})
}

const scanCols = `id, report_id, source, repository, ref, commit_sha, commit_range, ci_run, image,
	tool_version, complete, findings, new_incidents, regressions, token_name, received_at, batches, batches_received`

func scanScan(row interface{ Scan(...any) error }, sc *Scan) error {
	var complete int
	var at string
	if err := row.Scan(&sc.ID, &sc.ReportID, &sc.Source, &sc.Repository, &sc.Ref, &sc.Commit, &sc.CommitRange, &sc.CIRun, &sc.Image,
		&sc.ToolVersion, &complete, &sc.Findings, &sc.NewIncidents, &sc.Regressions, &sc.TokenName, &at, &sc.Batches, &sc.BatchesReceived); err != nil {
		return err
	}
	sc.Complete = complete == 1 && sc.BatchesReceived >= sc.Batches
	sc.ReceivedAt = parseTS(at)
	return nil
}

// scanRow reads one scan inside a transaction.
func (s *db) scanRow(ctx context.Context, tx *sql.Tx, id int64, sc *Scan) error {
	return scanScan(tx.QueryRowContext(ctx, s.q(`SELECT `+scanCols+` FROM scans WHERE id = ?`), id), sc)
}

func (s *db) Scans(ctx context.Context, p Page) ([]Scan, int, error) {
	var total int
	if err := s.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM scans`).Scan(&total); err != nil {
		return nil, 0, err
	}
	p = normPage(p)
	rows, err := s.sql.QueryContext(ctx, s.q(`SELECT `+scanCols+` FROM scans ORDER BY id DESC LIMIT ? OFFSET ?`), p.Limit, p.Offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Scan{}
	for rows.Next() {
		var sc Scan
		if err := scanScan(rows, &sc); err != nil {
			return nil, 0, err
		}
		out = append(out, sc)
	}
	return out, total, rows.Err()
}

func (s *db) ScanByReport(ctx context.Context, reportID string) (*Scan, []int, error) {
	var sc Scan
	err := scanScan(s.sql.QueryRowContext(ctx, s.q(`SELECT `+scanCols+` FROM scans WHERE report_id = ?`), reportID), &sc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.sql.QueryContext(ctx, s.q(`SELECT batch FROM scan_batches WHERE scan_id = ? ORDER BY batch`), sc.ID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	missing := []int{}
	next := 1
	add := func(upTo int) {
		for ; next < upTo && len(missing) < MaxMissingListed; next++ {
			missing = append(missing, next)
		}
	}
	for rows.Next() {
		var b int
		if err := rows.Scan(&b); err != nil {
			return nil, nil, err
		}
		add(b)
		next = b + 1
	}
	add(sc.Batches + 1)
	return &sc, missing, rows.Err()
}

// Audit lists the log, newest first; incidentID > 0 keeps one incident's.
func (s *db) Audit(ctx context.Context, incidentID int64, p Page) ([]AuditEntry, int, error) {
	cond, args := "", []any{}
	if incidentID > 0 {
		cond, args = " WHERE incident_id = ?", append(args, incidentID)
	}
	var total int
	if err := s.sql.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM audit_log`+cond), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p = normPage(p)
	rows, err := s.sql.QueryContext(ctx, s.q(`SELECT id, at, actor, incident_id, action, detail FROM audit_log`+cond+
		` ORDER BY id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var at string
		var inc sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &inc, &e.Action, &e.Detail); err != nil {
			return nil, 0, err
		}
		e.At, e.IncidentID = parseTS(at), inc.Int64
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func (s *db) AddAudit(ctx context.Context, e AuditEntry) error {
	return s.write(ctx, func(tx *sql.Tx) error { return addAudit(ctx, s, tx, e) })
}

func addAudit(ctx context.Context, s *db, tx *sql.Tx, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	var inc any
	if e.IncidentID > 0 {
		inc = e.IncidentID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (at, actor, incident_id, action, detail) VALUES (?, ?, ?, ?, ?)`),
		ts(e.At), e.Actor, inc, e.Action, e.Detail)
	if err != nil {
		return fmt.Errorf("writing the audit log: %w", err)
	}
	return nil
}

// queryAll runs a query and scans every row with scan; the shared loop of
// the store's list queries.
func queryAll[T any](ctx context.Context, db *sql.DB, query string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanCount(rows *sql.Rows) (Count, error) {
	var c Count
	err := rows.Scan(&c.Label, &c.N)
	return c, err
}
