package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/util"
)

// TestLevelDBTablesAreRead: a web app's token kept in Chromium's Local
// Storage (a LevelDB whose tables compress their blocks with Snappy) is
// in no run of the table's bytes: the blocks are decompressed and
// scanned; a cut table is named.
func TestLevelDBTablesAreRead(t *testing.T) {
	// Two tokens: Snappy copies the second's prefix ({"token":"ghp_)
	// from the first, so only the first is whole in the table's bytes.
	const first, token = "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", "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"
	data := leveldbTableFile(t, first, token)
	if strings.Contains(string(data), token) {
		t.Fatal("the table holds the second token as it is: Snappy did not copy its prefix")
	}
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "Local Storage/leveldb/000005.ldb", Data: data})
	if !strings.Contains(got["Local Storage/leveldb/000005.ldb!(leveldb blocks)"], `{"token":"`+token+`"}`) || len(rep.notices) > 0 {
		t.Errorf("blocks not read: %v %+v", keysOfText(got), rep.notices)
	}
	// Cut short but for its footer: named, not silently clean.
	cut := append(append([]byte(nil), data[:len(data)/3]...), data[len(data)-leveldbFooter:]...)
	_, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "cut.ldb", Data: cut})
	if n := noticeFor(rep, "cut.ldb"); n == nil || !n.Incomplete {
		t.Errorf("a cut table: notices %+v", rep.notices)
	}
}

// leveldbTableFile writes a LevelDB whose values hold first and second
// among repeated text, compacts it and returns its table file.
func leveldbTableFile(t testing.TB, first, second string) []byte {
	t.Helper()
	dir := t.TempDir()
	db, err := leveldb.OpenFile(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Repeated text, which Snappy compresses, around the token.
	filler := strings.Repeat("session state of a tab, ", 50)
	for i, k := range []string{"_https://app.example\x00\x01a", "_https://app.example\x00\x01token", "_https://app.example\x00\x01z"} {
		v := filler + string(rune('a'+i))
		if strings.HasSuffix(k, "token") {
			v = `{"token":"` + first + `"}` + filler + `{"token":"` + second + `"}`
		}
		if err := db.Put([]byte(k), []byte(v), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CompactRange(util.Range{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "*.ldb"))
	if len(tables) == 0 {
		t.Fatal("no table written")
	}
	data, err := os.ReadFile(tables[0])
	if err != nil {
		t.Fatal(err)
	}
	return data
}
