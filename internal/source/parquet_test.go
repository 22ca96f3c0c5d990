package source

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The files in testdata/parquet were written by
// github.com/parquet-go/parquet-go v0.32.0 (a program outside this
// repository): 150 rows of a key, a value and a number, in pages of 2 KB,
// with the codec and data page version their names say; row 120's value
// holds two tokens, so a block compressor copies the second's prefix
// from the first.
const parquetToken = "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"

func parquetFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "parquet", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestParquetPagesAreRead: a value in a Parquet file whose pages are
// compressed is in no run of the file: the pages are decompressed,
// whatever the codec and page version, and scanned.
func TestParquetPagesAreRead(t *testing.T) {
	for _, name := range []string{"snappy-v1.parquet", "zstd-v2.parquet", "lz4-v1.parquet", "gzip-v1.parquet"} {
		data := parquetFixture(t, name)
		if !strings.HasPrefix(name, "gzip") && bytes.Contains(data, []byte(parquetToken)) {
			t.Fatalf("%s holds the token as it is", name)
		}
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: data})
		if !strings.Contains(got[name+"!(parquet pages)"], `{"token":"`+parquetToken+`"}`) || len(rep.notices) > 0 {
			t.Errorf("%s: pages not read: %v %+v", name, keysOfText(got), rep.notices)
		}
	}
}

// TestParquetNotReadIsNamed: a Parquet file cut short (its tail kept)
// and one with a page in a codec not opened are named, not silently
// clean.
func TestParquetNotReadIsNamed(t *testing.T) {
	data := parquetFixture(t, "zstd-v2.parquet")
	cut := append(append([]byte(nil), data[:len(data)/3]...), data[len(data)-200:]...)
	codec := bytes.Clone(data)
	at := bytes.Index(codec, []byte("\x28\xb5\x2f\xfd"))
	copy(codec[at:], "BROT")
	for name, file := range map[string][]byte{"cut.parquet": cut, "codec.parquet": codec} {
		_, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: file})
		named := false
		for _, n := range rep.notices {
			named = named || n.Incomplete && strings.HasPrefix(n.Path, name)
		}
		if !named {
			t.Errorf("%s: notices %+v", name, rep.notices)
		}
	}
}
