package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// dialect is what differs between the two databases; everything else is
// shared SQL.
type dialect struct {
	name   string
	driver string
	id     string // auto-increment primary key column type
	blob   string
	dollar bool // $1 placeholders instead of ?
	// serialize orders writers inside the process. SQLite has one writer
	// at a time anyway; waiting on a Go mutex is cheaper and fairer than
	// many connections polling on SQLITE_BUSY.
	serialize bool
	// lock takes the migration lock inside a transaction (PostgreSQL: an
	// advisory lock, so two servers starting together do not race).
	lock string
	// keyLock takes a lock on one string key inside a transaction, so
	// count-then-insert is atomic across server processes (PostgreSQL: an
	// advisory lock on the key's hash; SQLite's write transactions are
	// already one at a time).
	keyLock string
	// forUpdate, after a SELECT of one row, locks it until the
	// transaction ends (PostgreSQL; SQLite's write transactions hold the
	// whole database).
	forUpdate string
}

var (
	sqliteDialect = dialect{name: "sqlite", driver: "sqlite", id: "INTEGER PRIMARY KEY AUTOINCREMENT", blob: "BLOB", serialize: true}
	pgDialect     = dialect{name: "postgres", driver: "pgx", id: "BIGSERIAL PRIMARY KEY", blob: "BYTEA", dollar: true,
		lock: "SELECT pg_advisory_xact_lock(7315402811)", keyLock: "SELECT pg_advisory_xact_lock(7315, hashtext(?))",
		forUpdate: " FOR UPDATE"}
)

// db is the Store over database/sql.
type db struct {
	sql     *sql.DB
	d       dialect
	writeMu sync.Mutex
}

// DefaultDataDir is where serve keeps its SQLite file and server key.
const DefaultDataDir = "leakhound-data"

// SQLiteURL is the --db value for the SQLite file in dataDir.
func SQLiteURL(dataDir string) string {
	return "sqlite://" + filepath.ToSlash(filepath.Join(dataDir, "leakhound.db"))
}

// Open connects to dsn and brings the schema up to date. dsn is
// postgres://... (or postgresql://), sqlite://PATH, or a plain file path
// for SQLite.
func Open(ctx context.Context, dsn string) (Store, error) {
	s, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.sql.Close()
		return nil, fmt.Errorf("migrating the database schema: %w", err)
	}
	return s, nil
}

func open(ctx context.Context, dsn string) (*db, error) {
	var (
		d    dialect
		conn string
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, conn = pgDialect, dsn
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("--db %q: no SQLite file named", dsn)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("creating the data directory: %w", err)
			}
		}
		// WAL lets the dashboard read while a report is written; the busy
		// timeout covers another process (token create) writing at the
		// same moment; immediate transactions take the write lock up
		// front so two writers never deadlock on a lock upgrade.
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
		d, conn = sqliteDialect, "file:"+path+"?"+q.Encode()
	}
	sdb, err := sql.Open(d.driver, conn)
	if err != nil {
		return nil, fmt.Errorf("opening %s database: %w", d.name, err)
	}
	if d.name == "sqlite" {
		sdb.SetMaxOpenConns(8)
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connecting to the %s database: %w", d.name, redactDSN(err, dsn))
	}
	if d.name == "sqlite" {
		// The file holds fingerprints and maybe encrypted secrets: keep it
		// private to the server's user.
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
		if err := os.Chmod(path, 0o600); err != nil && !os.IsNotExist(err) {
			sdb.Close()
			return nil, err
		}
	}
	return &db{sql: sdb, d: d}, nil
}

// redactDSN keeps a password in the URL out of error messages.
func redactDSN(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	if p, ok := u.User.Password(); ok && p != "" {
		return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), p, "xxxxx"))
	}
	return err
}

func (s *db) Close() error { return s.sql.Close() }

// q rewrites ? placeholders for the dialect. Queries never hold a literal
// question mark, so the rewrite is a plain scan.
func (s *db) q(query string) string {
	if !s.d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// write runs fn in a transaction, committed when fn returns nil. SQLite
// writers are ordered by a mutex; PostgreSQL ones retry on deadlock or
// serialization failure, which concurrent reports touching the same
// incidents can cause.
func (s *db) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.d.serialize {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = s.writeOnce(ctx, fn)
		if err == nil || !retryable(err) {
			return err
		}
	}
	return err
}

func (s *db) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable reports PostgreSQL's deadlock_detected and
// serialization_failure, matched by SQLSTATE in the message so the store
// needs no driver-specific error types.
func retryable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 40P01") || strings.Contains(msg, "SQLSTATE 40001")
}
