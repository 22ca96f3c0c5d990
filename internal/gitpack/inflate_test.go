package gitpack

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestEntryOfAnotherSize: an entry whose zlib stream is sound but whose
// header states one byte more or less than it inflates to is a
// CorruptError naming the entry and both sizes. The index's CRC-32 is
// made to match, so that only inflating can tell.
func TestEntryOfAnotherSize(t *testing.T) {
	for _, c := range []struct {
		nibble int
		want   string
	}{
		{+1, "it inflates to 5000 bytes, its header states 5001"},
		{-1, "it inflates to more than the 4999 bytes its header states"},
	} {
		r := testutil.NewRepo(t)
		g := testutil.NewGen(5)
		r.Write2(map[string]string{"a.txt": g.String(testutil.Base62, 5000)}, "one")
		r.Git("repack", "-a", "-d", "-q")
		id, _ := ParseID(r.Git("rev-parse", "HEAD:a.txt"))
		s, err := Open(objectDir(t, r), Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := s.loose[0]
		i, _ := p.idx.find(id)
		e, err := p.readEntry(func() int64 { off, _ := p.idx.offset(i); return off }(), nil)
		if err != nil || e.size != 5000 {
			t.Fatalf("entry: %+v, %v", e, err)
		}
		crcAt := 8 + 256*4 + 20*p.idx.n + 4*i
		idxPath := strings.TrimSuffix(p.path, ".pack") + ".idx"
		s.Close()

		pack := readWritable(t, p.path)
		pack[e.offset] = pack[e.offset]&0xf0 | byte(int(pack[e.offset]&0x0f)+c.nibble) // 5000 is 0x1388: the low nibble
		writeBack(t, p.path, pack)
		idx := readWritable(t, idxPath)
		binary.BigEndian.PutUint32(idx[crcAt:], crc32.ChecksumIEEE(pack[e.offset:e.end]))
		writeBack(t, idxPath, idx)

		s, err = Open(objectDir(t, r), Options{Few: true}) // the index's own checksum no longer matches
		if err != nil {
			t.Fatal(err)
		}
		var corrupt *CorruptError
		_, _, err = s.Read(id, nil, 0)
		s.Close()
		if !errors.As(err, &corrupt) || !strings.Contains(err.Error(), c.want) || !strings.Contains(corrupt.Entry, "at offset") {
			t.Fatalf("%v, want a CorruptError naming the entry and saying %q", err, c.want)
		}
	}
}

// TestLooseObjectOfAnotherSize: a loose object whose header states one
// byte more or less than follows it is a CorruptError saying the
// object's sizes.
func TestLooseObjectOfAnotherSize(t *testing.T) {
	for stated, want := range map[int]string{
		11: "it inflates to 10 bytes, its header states 11",
		9:  "it inflates to more than the 9 bytes its header states",
	} {
		r := testutil.NewRepo(t)
		r.Write2(map[string]string{"a.txt": "0123456789"}, "one")
		id, _ := ParseID(r.Git("rev-parse", "HEAD:a.txt"))
		name := id.String()
		path := filepath.Join(objectDir(t, r), name[:2], name[2:])
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		fmt.Fprintf(w, "blob %d\x000123456789", stated)
		w.Close()
		writeBack(t, path, z.Bytes())
		s, err := Open(objectDir(t, r), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var corrupt *CorruptError
		_, _, err = s.Read(id, nil, 0)
		s.Close()
		if !errors.As(err, &corrupt) || !strings.Contains(err.Error(), want) {
			t.Fatalf("stated %d: %v, want a CorruptError saying %q", stated, err, want)
		}
	}
}

func readWritable(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeBack(t *testing.T, path string, b []byte) {
	t.Helper()
	os.Chmod(path, 0o644)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
