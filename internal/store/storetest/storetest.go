// Package storetest opens fresh stores for tests: SQLite in a temporary
// directory always, and PostgreSQL when LEAKHOUND_TEST_POSTGRES names a
// server (scripts/postgres-test.sh starts one for `make test`). Each test
// gets its own PostgreSQL database, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/leakhound/leakhound/internal/store"
)

// EnvPostgres names the PostgreSQL server the tests may use.
const EnvPostgres = "LEAKHOUND_TEST_POSTGRES"

// Backend is one database kind to run a test against.
type Backend struct {
	Name string
	// DSN returns a fresh, empty database for one test.
	DSN func(t testing.TB) string
}

// Backends lists SQLite, and PostgreSQL when it is available. Without it a
// NOTICE says the PostgreSQL half did not run.
func Backends(t testing.TB) []Backend {
	out := []Backend{{Name: "sqlite", DSN: SQLiteDSN}}
	if os.Getenv(EnvPostgres) != "" {
		out = append(out, Backend{Name: "postgres", DSN: PostgresDSN})
	} else {
		t.Logf("NOTICE: %s is not set: PostgreSQL tests skipped (scripts/postgres-test.sh starts a server)", EnvPostgres)
	}
	return out
}

// Each runs fn as a subtest on every backend with a fresh, migrated store.
func Each(t *testing.T, fn func(t *testing.T, s store.Store)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			fn(t, Open(t, b.DSN(t)))
		})
	}
}

// EachDSN runs fn as a subtest on every backend with the address of a
// fresh, empty database, for tests that open it more than once (several
// servers on one database, a restart).
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			fn(t, b.DSN(t))
		})
	}
}

// Open opens and migrates dsn, closed when the test ends.
func Open(t testing.TB, dsn string) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SQLiteDSN is a database file in the test's temporary directory.
func SQLiteDSN(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "leakhound.db")
}

// PostgresDSN creates a database on the test server and drops it when the
// test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("NOTICE: %s is not set: PostgreSQL test skipped", EnvPostgres)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "lh_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("dropping test database: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Exec runs one statement on dsn's database over a connection of its own,
// bypassing the store: how a test damages a row. The statement must suit
// both databases (literal values, no placeholders).
func Exec(t testing.TB, dsn, statement string) {
	t.Helper()
	driver, source := "pgx", dsn
	if path, ok := strings.CutPrefix(dsn, "sqlite://"); ok {
		driver, source = "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(statement); err != nil {
		t.Fatalf("%s: %v", statement, err)
	}
}
