package source

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil/sqlitetest"
)

// sqliteSeed is a database of 512-byte pages holding a short row, a row
// over several overflow pages and an index, in encoding.
func sqliteSeed(t testing.TB, encoding string) []byte {
	return sqlitetest.SQLite(t, `PRAGMA page_size = 512`, `PRAGMA encoding = "`+encoding+`"`,
		`CREATE TABLE t (k TEXT, v BLOB)`, `CREATE INDEX tk ON t (k)`,
		`INSERT INTO t VALUES ('name', 'value')`, `INSERT INTO t VALUES ('long', '`+strings.Repeat("0123456789", 200)+`')`)
}

// FuzzSQLiteRows: whatever the bytes, reading rows neither panics nor
// yields more than the file plus a mebibyte; an intact database's rows
// are read whole, its index's keys too.
func FuzzSQLiteRows(f *testing.F) {
	for _, enc := range []string{"UTF-8", "UTF-16le", "UTF-16be"} {
		f.Add(sqliteSeed(f, enc))
	}
	_, wal := sqlitetest.SQLiteWAL(f, `PRAGMA page_size = 512`, `PRAGMA journal_mode = WAL`, `CREATE TABLE t (k TEXT, v TEXT)`,
		`INSERT INTO t VALUES ('name', '`+strings.Repeat("0123456789", 200)+`')`)
	if rows, cut := sqliteRows(wal); cut || !bytes.Contains(rows, []byte("name\t"+strings.Repeat("0123456789", 200)+"\n")) {
		f.Fatalf("log: rows %q, cut %v", rows, cut)
	}
	f.Add(wal)
	long := "long\t" + strings.Repeat("0123456789", 200) + "\n"
	for _, enc := range []string{"UTF-8", "UTF-16le"} {
		rows, cut := sqliteRows(sqliteSeed(f, enc))
		if cut || !bytes.Contains(rows, []byte("name\tvalue\n")) || !bytes.Contains(rows, []byte(long)) || bytes.Count(rows, []byte("name")) != 2 {
			f.Fatalf("%s: rows %q, cut %v", enc, rows, cut)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _ := sqliteRows(data)
		if len(rows) > len(data)+1<<20 {
			t.Fatalf("%d bytes of rows from %d", len(rows), len(data))
		}
	})
}
