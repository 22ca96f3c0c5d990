package source

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tables in testdata/rocksdb were written by RocksDB 7.8.3's ldb
// (Debian's rocksdb-tools, format version 5, index values delta-encoded):
// one per compression, each with two values {"token":"..."} among
// repeated text, so a block compressor copies the second token's prefix
// from the first (ldb --compression_type=C put, then compact), and
// blocks.sst, 400 keys in 8 ZSTD data blocks (ldb load, then compact).
const rocksdbToken = "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"

func rocksdbFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "rocksdb", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRocksDBTablesAreRead: a value in a RocksDB table whose blocks are
// compressed is in no run of the file's bytes: the data blocks are
// decompressed, whatever the compressor, and scanned.
func TestRocksDBTablesAreRead(t *testing.T) {
	for _, name := range []string{"snappy.sst", "zlib.sst", "lz4.sst", "zstd.sst", "bzip2.sst", "blocks.sst"} {
		data := rocksdbFixture(t, name)
		if strings.Contains(string(data), rocksdbToken) {
			t.Fatalf("%s holds the token as it is", name)
		}
		path := "db/" + name
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: path, Data: data})
		if !strings.Contains(got[path+"!(rocksdb blocks)"], `{"token":"`+rocksdbToken+`"}`) || len(rep.notices) > 0 {
			t.Errorf("%s: blocks not read: %v %+v", name, keysOfText(got), rep.notices)
		}
	}
}

// TestRocksDBTablesNotReadAreNamed: a table cut short (its footer kept),
// one of a format version not read, and one whose index lists a block
// more times than the bound on what archives expand to are named, not
// silently clean.
func TestRocksDBTablesNotReadAreNamed(t *testing.T) {
	data := rocksdbFixture(t, "blocks.sst")
	cut := append(append([]byte(nil), data[:len(data)/3]...), data[len(data)-rocksdbFooter:]...)
	newer := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(newer[len(newer)-12:], 6)
	for name, table := range map[string][]byte{"cut.sst": cut, "v6.sst": newer, "bomb.sst": repeatedBlockTable(64<<10, 2000)} {
		_, rep := expandAll(t, &Expander{MaxDepth: 4, MaxMemberSize: 8 << 20}, Unit{Path: name, Data: table})
		if n := noticeFor(rep, name); n == nil || !n.Incomplete {
			t.Errorf("%s: notices %+v", name, rep.notices)
		}
	}
}

// repeatedBlockTable builds a table of format version 3 with one stored
// data block of size bytes and an index listing it times times.
func repeatedBlockTable(size, times int) []byte {
	table := append(bytes.Repeat([]byte{1, 0, 2, 0xff}, size/4), make([]byte, tableTrailer)...)
	indexAt := len(table)
	var entry []byte
	entry = binary.AppendUvarint(entry, 0) // shared key bytes
	entry = binary.AppendUvarint(entry, 1) // unshared
	handle := binary.AppendUvarint(binary.AppendUvarint(nil, 0), uint64(size))
	entry = binary.AppendUvarint(entry, uint64(len(handle)))
	entry = append(append(entry, 'k'), handle...)
	for range times {
		table = append(table, entry...)
	}
	table = binary.LittleEndian.AppendUint32(table, 0) // no restart points
	indexSize := len(table) - indexAt
	table = append(table, make([]byte, tableTrailer)...)
	footer := []byte{1}
	footer = binary.AppendUvarint(binary.AppendUvarint(footer, 0), 0) // metaindex
	footer = binary.AppendUvarint(binary.AppendUvarint(footer, uint64(indexAt)), uint64(indexSize))
	footer = append(footer, make([]byte, 41-len(footer))...)
	footer = binary.LittleEndian.AppendUint32(footer, 3)
	return append(append(table, footer...), rocksdbMagic...)
}
