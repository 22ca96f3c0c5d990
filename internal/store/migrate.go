package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations are forward-only: migrations/NNNN_name.sql, applied in order
// at start-up, each recorded in schema_migrations. A released file is never
// edited; a change is a new file. Where the databases need different SQL
// (a search index), one version has two files, NNNN_name.sqlite.sql and
// NNNN_name.postgres.sql, and each database runs its own.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// dataSteps are migrations SQL alone cannot express, run after the SQL of
// the migration of that name, in its transaction: the SQL file says what
// the step does.
var dataSteps = map[string]func(ctx context.Context, s *db, tx *sql.Tx) error{
	"strip_credentials": stripStoredCredentials,
}

// loadMigrations returns the migrations of one dialect, in order.
func loadMigrations(dialect string) ([]migration, error) {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		if d := path.Ext(base); d != "" {
			if d[1:] != dialect {
				continue
			}
			base = strings.TrimSuffix(base, d)
		}
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql or NNNN_name.DIALECT.sql", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("%s migration %04d_%s: versions must run 1, 2, 3... without gaps or repeats", dialect, m.version, m.name)
		}
	}
	return out, nil
}

// statements splits a migration into statements for the dialect: comment
// lines dropped, placeholders filled, split at a semicolon ending a line
// (for a CREATE TRIGGER, at the line ending in END;, since its body holds
// statements of its own).
func (s *db) statements(src string) []string {
	src = strings.NewReplacer("{{id}}", s.d.id, "{{blob}}", s.d.blob).Replace(src)
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		end := strings.TrimSpace(line)
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(cur.String())), "CREATE TRIGGER") {
			if !strings.HasSuffix(strings.ToUpper(end), "END;") {
				continue
			}
		}
		if strings.HasSuffix(end, ";") {
			if st := strings.TrimSpace(cur.String()); st != ";" {
				out = append(out, st)
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); st != "" {
		out = append(out, st)
	}
	return out
}

// migrate applies every pending migration in one transaction: a failure
// leaves the schema as it was (both databases have transactional DDL).
func (s *db) migrate(ctx context.Context) error {
	all, err := loadMigrations(s.d.name)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if s.d.lock != "" {
			if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		applied := map[int]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return err
			}
			applied[v] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for v := range applied {
			if v > len(all) {
				return fmt.Errorf("the database has schema version %d, newer than this binary knows (%d): upgrade leakhound", v, len(all))
			}
		}
		for _, m := range all {
			if applied[m.version] {
				continue
			}
			for _, st := range s.statements(m.sql) {
				if _, err := tx.ExecContext(ctx, st); err != nil {
					return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
				}
			}
			if step := dataSteps[m.name]; step != nil {
				if err := step(ctx, s, tx); err != nil {
					return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
				}
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, ts(time.Now())); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *db) Migrations(ctx context.Context) ([]Migration, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Migration
	for rows.Next() {
		var m Migration
		var at string
		if err := rows.Scan(&m.Version, &m.Name, &at); err != nil {
			return nil, err
		}
		m.AppliedAt = parseTS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Timestamps are stored as fixed-width UTC text so they compare and sort
// the same way in both databases.
const tsLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(tsLayout)
}

func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func parseTSPtr(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := parseTS(s)
	return &t
}
