package source

import (
	"bytes"
	"strings"
	"testing"
)

// TestStructuredFilesLongerThanAPiece: a table, an Avro or a Parquet file
// longer than a piece reaches the expander as a stream; when it is a file
// (u.File) it is read again from there, its blocks or pages found as
// when it is held whole, and when it is not (standard input, a member)
// it is named rather than left to the scan of its bytes.
func TestStructuredFilesLongerThanAPiece(t *testing.T) {
	var records []string
	for i := range 300 {
		records = append(records, strings.Repeat("event of a user session, ", 8)+string(rune('a'+i%26)))
	}
	records[250] = `{"token":"` + rocksdbToken + `"}`
	avro := avroContainer("null", records, 16, avroCodecs(t)["null"])
	for _, tc := range []struct {
		name, member string
		data         []byte
	}{
		{"db/blocks.sst", "(rocksdb blocks)", rocksdbFixture(t, "blocks.sst")},
		{"events.avro", "(avro blocks)", avro},
		{"rows.parquet", "(parquet pages)", parquetFixture(t, "gzip-v1.parquet")},
	} {
		// Past the head the expander sniffs, so it is read as a stream.
		const piece = 4096
		if len(tc.data) <= sniffLen {
			t.Fatalf("%s: %d bytes, within the head", tc.name, len(tc.data))
		}
		x := &Expander{MaxDepth: 4, PieceSize: piece, Overlap: piece / 4}
		u := Unit{Path: tc.name, Data: tc.data[:piece], More: bytes.NewReader(tc.data[piece:]), File: bytes.NewReader(tc.data)}
		got, rep := expandAll(t, x, u)
		if !strings.Contains(got[tc.name+"!"+tc.member], rocksdbToken) || len(rep.notices) > 0 {
			t.Errorf("%s: not read from the file: %v %+v", tc.name, keysOfText(got), rep.notices)
		}
		u.File, u.More = nil, bytes.NewReader(tc.data[piece:])
		if _, rep := expandAll(t, x, u); len(rep.notices) != 1 || !rep.notices[0].Incomplete {
			t.Errorf("%s: a stream: notices %+v", tc.name, rep.notices)
		}
	}
}
