package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/testutil/sqlitetest"
)

// sqliteFile makes a SQLite database of one table (k, v) holding rows,
// in encoding, with 1 KiB pages, and returns its bytes.
func sqliteFile(t *testing.T, encoding string, rows ...[2]string) string {
	t.Helper()
	stmts := []string{`PRAGMA page_size = 1024`, `PRAGMA encoding = "` + encoding + `"`, `CREATE TABLE t (k TEXT, v TEXT)`}
	for _, r := range rows {
		stmts = append(stmts, `INSERT INTO t VALUES ('`+r[0]+`', '`+r[1]+`')`)
	}
	return string(sqlitetest.SQLite(t, stmts...))
}

// TestSQLiteRowsAreScannedAsText: a SQLite database stores a row's
// values back to back, so scanned as bytes a token stored after a text
// column ending in a letter ran into it ("GITHUB_TOKENghp_..."); a value
// longer than a page is cut by overflow page numbers; a UTF-16
// database's text is not ASCII. Each hid a token (exit 0). The rows are
// now also scanned as text, one a line, as FILE!(rows).
func TestSQLiteRowsAreScannedAsText(t *testing.T) {
	tok := testutil.NewGen(814).GitHubToken("ghp_")
	kv := [2]string{"GITHUB_TOKEN", tok}
	foundAt(t, map[string]string{
		"app.db":   sqliteFile(t, "UTF-8", [2]string{"user", "alice"}, kv),
		"wide.db":  sqliteFile(t, "UTF-16le", kv),
		"wide2.db": sqliteFile(t, "UTF-16be", kv),
	}, tok, ExitFindings, "app.db!(rows)", "wide.db!(rows)", "wide2.db!(rows)")

	// Long values spill onto overflow pages, each starting with the next
	// one's number: every row's token is found, wherever a page boundary
	// cuts it.
	var rows [][2]string
	for pad := 0; pad < 1100; pad += 37 {
		rows = append(rows, [2]string{"note", strings.Repeat("#", pad) + "\nGITHUB_TOKEN=" + tok + "\n" + strings.Repeat("z", 2000)})
	}
	paths, stderr, code := scanFiles(t, map[string]string{"notes.db": sqliteFile(t, "UTF-8", rows...)}, tok)
	inRows := 0
	for _, p := range paths {
		if p == "notes.db!(rows)" {
			inRows++
		}
	}
	if code != ExitFindings || inRows != len(rows) {
		t.Errorf("exit %d, found in %d of %d rows (at %v)\n%s", code, inRows, len(rows), paths, stderr)
	}
}

// TestSQLiteWriteAheadLogRowsAreScanned: in WAL mode a database's newest
// rows are in its -wal file until a checkpoint copies them back; read as
// bytes, its pages have the same faults as the database's. Its frames'
// pages are read as rows too.
func TestSQLiteWriteAheadLogRowsAreScanned(t *testing.T) {
	gen := testutil.NewGen(816)
	short, long := gen.GitHubToken("ghp_"), gen.GitHubToken("ghp_")
	db, wal := sqlitetest.SQLiteWAL(t, `PRAGMA journal_mode = WAL`, `CREATE TABLE t (k TEXT, v TEXT)`,
		`INSERT INTO t VALUES ('GITHUB_TOKEN', '`+short+`')`,
		`INSERT INTO t VALUES ('note', '`+strings.Repeat("#", 3000)+`GITHUB_TOKEN=`+long+`')`)
	files := map[string]string{"app.db": string(db), "app.db-wal": string(wal)}
	for _, tok := range []string{short, long} {
		paths, stderr, code := scanFiles(t, files, tok)
		if code != ExitFindings || !slices.Contains(paths, "app.db-wal!(rows)") {
			t.Errorf("exit %d, found at %v; want in app.db-wal!(rows)\n%s", code, paths, stderr)
		}
	}
}
