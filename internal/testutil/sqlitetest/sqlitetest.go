// Package sqlitetest writes SQLite databases for tests. It is apart from
// testutil so that only the tests that need SQLite link it.
package sqlitetest

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // registers "sqlite"
)

// SQLite runs stmts in a new SQLite database and returns its file's
// bytes.
func SQLite(t testing.TB, stmts ...string) []byte {
	t.Helper()
	db, _ := sqliteFiles(t, true, stmts)
	return db
}

// SQLiteWAL runs stmts (which set journal_mode=WAL) in a new SQLite
// database and returns its file and its write-ahead log as they are
// while it is open: what was written since the last checkpoint is in
// the log alone.
func SQLiteWAL(t testing.TB, stmts ...string) (db, wal []byte) {
	t.Helper()
	return sqliteFiles(t, false, stmts)
}

func sqliteFiles(t testing.TB, closed bool, stmts []string) (file, wal []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // PRAGMAs hold for one connection
	for _, stmt := range stmts {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) []byte {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if closed {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		return read(path), nil
	}
	return read(path), read(path + "-wal")
}
