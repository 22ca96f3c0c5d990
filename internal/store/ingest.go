package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Ingest records a report, or one batch of it: the scan row (created by
// whichever batch comes first), an incident per distinct secret (created,
// or touched and reopened when it had been revoked), and an occurrence per
// distinct place. Each batch is one transaction, so a failed batch leaves
// nothing half-recorded and can simply be re-sent; a batch recorded before
// changes nothing and comes back as Duplicate.
func (s *db) Ingest(ctx context.Context, r *Report) (*IngestResult, error) {
	if r.ReportID == "" {
		return nil, fmt.Errorf("%w: report id is empty", ErrInvalid)
	}
	batch, batches := r.Batch, r.Batches
	if batch == 0 && batches == 0 {
		batch, batches = 1, 1
	}
	if batches < 1 || batches > MaxBatches || batch < 1 || batch > batches {
		return nil, fmt.Errorf("%w: batch %d of %d (batches run from 1 to at most %d)", ErrInvalid, r.Batch, r.Batches, MaxBatches)
	}
	now := r.ReceivedAt
	if now.IsZero() {
		now = time.Now()
	}
	nowTS := ts(now)
	// Incidents are locked in fingerprint order, so two concurrent
	// reports sharing secrets take their row locks in the same order and
	// cannot deadlock.
	items := append([]Item(nil), r.Items...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].KeyFP < items[j].KeyFP })
	digest := batchDigest(items)

	res := &IngestResult{}
	err := s.write(ctx, func(tx *sql.Tx) error {
		*res = IngestResult{Findings: len(items)}
		scanID, err := s.scanFor(ctx, tx, r, batches, nowTS)
		if err != nil {
			return err
		}
		res.ScanID = scanID
		err = tx.QueryRowContext(ctx, s.q(`INSERT INTO scan_batches (scan_id, batch, digest, findings, received_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (scan_id, batch) DO NOTHING RETURNING batch`), scanID, batch, digest, len(items), nowTS).Scan(&batch)
		if errors.Is(err, sql.ErrNoRows) {
			// Sent before (a client retry after a lost answer): the first
			// copy was recorded whole, so there is nothing to add, unless
			// this is other content under the same number.
			var recorded string
			if err := tx.QueryRowContext(ctx, s.q(`SELECT digest FROM scan_batches WHERE scan_id = ? AND batch = ?`), scanID, batch).Scan(&recorded); err != nil {
				return err
			}
			if recorded != "" && recorded != digest {
				return fmt.Errorf("%w: batch %d of report %s was recorded with other findings; a changed report needs a new report id", ErrConflict, batch, r.ReportID)
			}
			res.Duplicate = true
			return s.scanRow(ctx, tx, scanID, &res.Scan)
		}
		if err != nil {
			return fmt.Errorf("recording the batch: %w", err)
		}

		ids, created, reopened, err := s.touchIncidents(ctx, tx, items, nowTS)
		if err != nil {
			return err
		}
		res.Incidents = len(ids)
		// Audit in fingerprint order, with the first place of each.
		firstPlace := map[string]*Item{}
		for i := range items {
			if firstPlace[items[i].KeyFP] == nil {
				firstPlace[items[i].KeyFP] = &items[i]
			}
		}
		for i := range items {
			it := &items[i]
			if firstPlace[it.KeyFP] != it {
				continue
			}
			id := ids[it.KeyFP]
			switch {
			case created[id]:
				res.NewIncidents = append(res.NewIncidents, id)
				if err := addAudit(ctx, s, tx, AuditEntry{At: now, Actor: r.TokenName, IncidentID: id, Action: "created",
					Detail: fmt.Sprintf("first seen by scan %d in %s", scanID, place(r, it))}); err != nil {
					return err
				}
			case reopened[id]:
				res.Regressions = append(res.Regressions, id)
				if err := addAudit(ctx, s, tx, AuditEntry{At: now, Actor: r.TokenName, IncidentID: id, Action: "regression",
					Detail: fmt.Sprintf("revoked secret seen again by scan %d in %s: reopened", scanID, place(r, it))}); err != nil {
					return err
				}
			}
			if it.Validity != "" && !it.ValidatedAt.IsZero() {
				if err := s.recordValidity(ctx, tx, id, ValidityCheck{Status: it.Validity, Reason: it.ValidityReason, CheckedAt: it.ValidatedAt}); err != nil {
					return err
				}
			}
		}
		if err := s.insertOccurrences(ctx, tx, r, items, ids, scanID, nowTS); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE scans SET findings = findings + ?, new_incidents = new_incidents + ?,
			regressions = regressions + ?, batches_received = batches_received + 1 WHERE id = ?`),
			len(items), len(res.NewIncidents), len(res.Regressions), scanID); err != nil {
			return err
		}
		return s.scanRow(ctx, tx, scanID, &res.Scan)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// scanFor returns the scan of r's report id, creating it for the first
// batch to arrive. Later batches must describe the same source: a report
// id reused for another scan would mix two scans' places.
func (s *db) scanFor(ctx context.Context, tx *sql.Tx, r *Report, batches int, nowTS string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO scans (report_id, source, repository, ref, commit_sha, commit_range, ci_run, image,
		tool_version, complete, findings, new_incidents, regressions, token_name, received_at, batches, batches_received)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, 0) ON CONFLICT (report_id) DO NOTHING RETURNING id`),
		r.ReportID, r.Source, r.Repository, r.Ref, r.Commit, r.CommitRange, r.CIRun, r.Image, r.ToolVersion,
		boolInt(r.Complete), r.TokenName, nowTS, batches).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("recording the scan: %w", err)
	}
	var have Report
	var haveBatches int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT id, source, repository, ref, commit_sha, image, batches FROM scans WHERE report_id = ?`), r.ReportID).
		Scan(&id, &have.Source, &have.Repository, &have.Ref, &have.Commit, &have.Image, &haveBatches); err != nil {
		return 0, err
	}
	if have.Source != r.Source || have.Repository != r.Repository || have.Ref != r.Ref || have.Commit != r.Commit || have.Image != r.Image {
		return 0, fmt.Errorf("%w: report id %s was recorded for another source (%s %s)", ErrConflict, r.ReportID, have.Source, have.Repository)
	}
	if haveBatches != batches {
		return 0, fmt.Errorf("%w: report %s was announced in %d batches, this part says %d", ErrConflict, r.ReportID, haveBatches, batches)
	}
	return id, nil
}

// batchDigest identifies what a batch records (each item's secret and
// place), so a re-sent batch can be told from different findings sent
// under the same number. Validity answers and dates may differ between two
// sends of one batch and are left out.
func batchDigest(items []Item) string {
	h := sha256.New()
	for _, it := range items {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s\x00%s\n", it.KeyFP, it.Path, it.Line, it.Column, it.Commit, it.Layer)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// batchRows bounds the rows of one multi-row statement, well under both
// databases' limits on bound parameters.
const batchRows = 400

// touchIncidents creates the incidents of new secrets and moves the others'
// last_seen on, reopening those resolved as revoked. Only "revoked" is
// reopened: a false positive or a test credential is a judgement about the
// secret itself that seeing it again does not change, and ignored means
// the team chose not to be told. It works on whole batches, a few
// statements per report rather than a few per finding.
func (s *db) touchIncidents(ctx context.Context, tx *sql.Tx, items []Item, nowTS string) (ids map[string]int64, created, reopened map[int64]bool, err error) {
	var uniq []*Item
	seen := map[string]bool{}
	// A secret's other part may come with any of its places (the one next
	// to the access key id): the first one given is kept.
	pairs := map[string][]byte{}
	for i := range items {
		if !seen[items[i].KeyFP] {
			seen[items[i].KeyFP] = true
			uniq = append(uniq, &items[i])
		}
		if pairs[items[i].KeyFP] == nil && items[i].PairEnc != nil {
			pairs[items[i].KeyFP] = items[i].PairEnc
		}
	}
	// nullable turns a missing ciphertext into SQL NULL.
	nullable := func(b []byte) any {
		if b == nil {
			return nil
		}
		return b
	}
	ids, created, reopened = map[string]int64{}, map[int64]bool{}, map[int64]bool{}
	for start := 0; start < len(uniq); start += batchRows {
		batch := uniq[start:min(start+batchRows, len(uniq))]
		var vals []string
		var args []any
		for _, it := range batch {
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')")
			args = append(args, it.KeyFP, it.RuleID, it.RuleName, it.Provider, it.Severity, it.Preview, nullable(it.SecretEnc),
				nullable(pairs[it.KeyFP]), nowTS, nowTS, nowTS)
		}
		rows, err := tx.QueryContext(ctx, s.q(`INSERT INTO incidents (key_fp, rule_id, rule_name, provider, severity, preview, secret_enc,
			pair_enc, first_seen, last_seen, updated_at, tags) VALUES `+strings.Join(vals, ", ")+` ON CONFLICT (key_fp) DO NOTHING RETURNING id, key_fp`), args...)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("recording incidents: %w", err)
		}
		if err := scanIDs(rows, func(id int64, fp string) { ids[fp], created[id] = id, true }); err != nil {
			return nil, nil, nil, err
		}
		var existing []*Item
		for _, it := range batch {
			if _, ok := ids[it.KeyFP]; !ok {
				existing = append(existing, it)
			}
		}
		if len(existing) == 0 {
			continue
		}
		marks, fps := make([]string, len(existing)), make([]any, len(existing))
		for i, it := range existing {
			marks[i], fps[i] = "?", it.KeyFP
		}
		in := "(" + strings.Join(marks, ", ") + ")"
		rows, err = tx.QueryContext(ctx, s.q(`SELECT id, key_fp FROM incidents WHERE key_fp IN `+in), fps...)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := scanIDs(rows, func(id int64, fp string) { ids[fp] = id }); err != nil {
			return nil, nil, nil, err
		}
		rows, err = tx.QueryContext(ctx, s.q(`UPDATE incidents SET status = 'triggered', resolution = '', resolved_at = '', updated_at = ?
			WHERE key_fp IN `+in+` AND status = 'resolved' AND resolution = 'revoked' RETURNING id, key_fp`), append([]any{nowTS}, fps...)...)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := scanIDs(rows, func(id int64, _ string) { reopened[id] = true }); err != nil {
			return nil, nil, nil, err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET last_seen = ? WHERE key_fp IN `+in+` AND last_seen < ?`),
			append(append([]any{nowTS}, fps...), nowTS)...); err != nil {
			return nil, nil, nil, err
		}
		// A copy is kept from the first report that brings one (the
		// secret key was set later, or an older client sent no pair),
		// and replaced by the next one once the server found the kept
		// copy unreadable (MarkSecretUnreadable).
		// The pair goes first: replacing the secret clears the mark.
		for _, it := range existing {
			if pair := pairs[it.KeyFP]; pair != nil {
				if _, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET pair_enc = ?
					WHERE id = ? AND (pair_enc IS NULL OR secret_unreadable = 1)`), pair, ids[it.KeyFP]); err != nil {
					return nil, nil, nil, err
				}
			}
			if it.SecretEnc != nil {
				if _, err := tx.ExecContext(ctx, s.q(`UPDATE incidents SET secret_enc = ?, secret_unreadable = 0
					WHERE id = ? AND (secret_enc IS NULL OR secret_unreadable = 1)`), it.SecretEnc, ids[it.KeyFP]); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	}
	return ids, created, reopened, nil
}

func scanIDs(rows *sql.Rows, fn func(id int64, fp string)) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var fp string
		if err := rows.Scan(&id, &fp); err != nil {
			return err
		}
		fn(id, fp)
	}
	return rows.Err()
}

// insertOccurrences records each distinct place once; a place already
// known only moves its last scan and last_seen on. Duplicates inside the
// report are dropped first: PostgreSQL refuses a statement that updates
// one row twice.
func (s *db) insertOccurrences(ctx context.Context, tx *sql.Tx, r *Report, items []Item, ids map[string]int64, scanID int64, nowTS string) error {
	type key struct {
		id             int64
		ref, commit, p string
		line           int
		layer          string
	}
	seen := map[key]bool{}
	var vals []string
	var args []any
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO occurrences (incident_id, source, repository, ref, commit_sha, path, line, image, layer,
			col, author, email, commit_date, ci_run, first_scan_id, last_scan_id, first_seen, last_seen)
			VALUES `+strings.Join(vals, ", ")+`
			ON CONFLICT (incident_id, source, repository, ref, commit_sha, path, line, image, layer)
			DO UPDATE SET last_scan_id = excluded.last_scan_id, last_seen = excluded.last_seen`), args...)
		vals, args = vals[:0], args[:0]
		if err != nil {
			return fmt.Errorf("recording occurrences: %w", err)
		}
		return nil
	}
	for i := range items {
		it := &items[i]
		id := ids[it.KeyFP]
		// A commit pins the content, so the same commit reached from two
		// branches is one place; without a commit (a directory scan of a
		// checkout) the ref tells the places apart.
		ref := r.Ref
		if it.Commit != "" {
			ref = ""
		}
		k := key{id, ref, it.Commit, it.Path, it.Line, it.Layer}
		if seen[k] {
			continue
		}
		seen[k] = true
		vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, id, r.Source, r.Repository, ref, it.Commit, it.Path, it.Line, r.Image, it.Layer,
			it.Column, it.Author, it.Email, ts(it.CommitDate), r.CIRun, scanID, scanID, nowTS, nowTS)
		if len(vals) == batchRows {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// recordValidity keeps the answers as history and the newest on the
// incident. History is kept as runs: an answer equal to the newest row's
// (status and reason) and later than it extends that row, any other is a
// row of its own, so an unchanging key re-checked every 6 hours for a
// year is one row, not 1,460.
func (s *db) recordValidity(ctx context.Context, tx *sql.Tx, id int64, v ValidityCheck) error {
	at := ts(v.CheckedAt)
	var row int64
	var status, reason, end string
	err := tx.QueryRowContext(ctx, s.q(`SELECT id, status, reason, last_checked_at FROM validity_checks
		WHERE incident_id = ? ORDER BY last_checked_at DESC, id DESC LIMIT 1`), id).Scan(&row, &status, &reason, &end)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	same := err == nil && status == v.Status && reason == v.Reason
	switch {
	case same && at > end:
		_, err = tx.ExecContext(ctx, s.q(`UPDATE validity_checks SET last_checked_at = ?, checks = checks + 1 WHERE id = ?`), at, row)
	case same && at == end:
		err = nil // this very answer, recorded again
	default:
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO validity_checks (incident_id, status, reason, checked_at, last_checked_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (incident_id, checked_at, status) DO NOTHING`), id, v.Status, v.Reason, at, at)
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.q(`UPDATE incidents SET validity = ?, validity_reason = ?, validity_checked_at = ?
		WHERE id = ? AND validity_checked_at < ?`), v.Status, v.Reason, at, id, at)
	return err
}

func (s *db) RecordValidity(ctx context.Context, id int64, v ValidityCheck, actor string, audit ValidityAudit) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		// The status this answer replaces is read under the row's lock
		// (SQLite's transactions hold the database's), so it is the
		// right one also when two checks of one incident end together.
		// Only the audit needs it: ingest records answers without.
		var previous, checkedAt string
		err := tx.QueryRowContext(ctx, s.q(`SELECT validity, validity_checked_at FROM incidents WHERE id = ?`+s.d.forUpdate), id).Scan(&previous, &checkedAt)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		replaced := err == nil && checkedAt < ts(v.CheckedAt)
		if err := s.recordValidity(ctx, tx, id, v); err != nil {
			return err
		}
		detail := fmt.Sprintf("checked: %s %s", v.Status, v.Reason)
		if replaced && previous != v.Status {
			detail = fmt.Sprintf("%s → %s: %s", cmp.Or(previous, NotChecked), v.Status, v.Reason)
		} else if audit == AuditStatusChange {
			return nil
		}
		return addAudit(ctx, s, tx, AuditEntry{At: time.Now(), Actor: actor, IncidentID: id, Action: "validity", Detail: detail})
	})
}

func place(r *Report, it *Item) string {
	where := r.Repository
	if r.Image != "" {
		where = r.Image
	}
	p := fmt.Sprintf("%s:%d", it.Path, it.Line)
	if where != "" {
		p = where + " " + p
	}
	if it.Commit != "" {
		c := it.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		p += " (commit " + c + ")"
	}
	return p
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
