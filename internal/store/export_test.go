package store

import (
	"context"
	"database/sql"
	"strings"
)

// SearchPlan returns the database's plan for the incident search of q
// (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), for tests that
// check the search reads its index.
func SearchPlan(ctx context.Context, st Store, q string) (string, error) {
	s := st.(*db)
	cond, args := s.searchCond(q)
	query := s.q(`SELECT i.id FROM incidents i WHERE ` + cond)
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	explain := "EXPLAIN QUERY PLAN "
	if s.d.name == "postgres" {
		explain = "EXPLAIN "
	}
	rows, err := conn.QueryContext(ctx, explain+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		lines = append(lines, vals[len(vals)-1].String)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// FillForSearch adds n incidents, each with one occurrence, straight in
// SQL (much faster than Ingest), and refreshes the planner's statistics:
// enough rows that a plan shows what the search reads at scale. Texts
// are numbered: rule "bulk-rule-N", path "bulk/N/settings.yml",
// repository "https://git.example.test/org-(N%97)/repo-N.git".
func FillForSearch(ctx context.Context, st Store, n int) error {
	s := st.(*db)
	gen := `WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ?) SELECT x FROM seq`
	if s.d.name == "postgres" {
		gen = `SELECT x FROM generate_series(1, ?::int) AS x`
	}
	for _, q := range []string{
		`INSERT INTO incidents (key_fp, rule_id, rule_name, provider, severity, preview, first_seen, last_seen, updated_at, tags)
			SELECT 'bulk-' || x, 'bulk-rule-' || x, 'Bulk rule', 'bulk', 'low', 'bulk****', '2024', '2024', '2024', '[]' FROM (` + gen + `) AS g`,
		`INSERT INTO occurrences (incident_id, source, repository, ref, commit_sha, path, line, image, layer, col, author, email,
			commit_date, ci_run, first_scan_id, last_scan_id, first_seen, last_seen)
			SELECT id, 'git', 'https://git.example.test/org-' || (CAST(substr(key_fp, 6) AS INTEGER) % 97) || '/repo-' || substr(key_fp, 6) || '.git', 'main', '', 'bulk/' || substr(key_fp, 6) || '/settings.yml',
			1, '', '', 1, '', '', '', '', 0, 0, '2024', '2024' FROM incidents WHERE key_fp LIKE 'bulk-%'`,
	} {
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, n)
		}
		if _, err := s.sql.ExecContext(ctx, s.q(q), args...); err != nil {
			return err
		}
	}
	_, err := s.sql.ExecContext(ctx, "ANALYZE")
	return err
}

// ForgetMigration removes a migration's record, so the next Open applies
// it again: how a test gives a migration data written before it.
func ForgetMigration(ctx context.Context, st Store, version int) error {
	s := st.(*db)
	_, err := s.sql.ExecContext(ctx, s.q(`DELETE FROM schema_migrations WHERE version = ?`), version)
	return err
}

// UndoPairColumn takes the database back to before migration 0007 (its
// column dropped, its record removed), so the next Open applies it to
// data written before it.
func UndoPairColumn(ctx context.Context, st Store) error {
	s := st.(*db)
	if _, err := s.sql.ExecContext(ctx, `ALTER TABLE incidents DROP COLUMN pair_enc`); err != nil {
		return err
	}
	return ForgetMigration(ctx, st, 7)
}

// SetRawTags writes an incident's tags column as it is, bypassing the
// store's checks: how a test damages a row.
func SetRawTags(ctx context.Context, st Store, id int64, raw string) error {
	s := st.(*db)
	_, err := s.sql.ExecContext(ctx, s.q(`UPDATE incidents SET tags = ? WHERE id = ?`), raw, id)
	return err
}

// RawTags reads an incident's tags column as stored.
func RawTags(ctx context.Context, st Store, id int64) (string, error) {
	s := st.(*db)
	var raw string
	err := s.sql.QueryRowContext(ctx, s.q(`SELECT tags FROM incidents WHERE id = ?`), id).Scan(&raw)
	return raw, err
}
