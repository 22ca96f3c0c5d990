package source

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// FuzzBzip2: whatever the bytes, the bzip2 reader keeps the heap and the
// units handed on bounded, and, where the standard library's reader on
// its own decodes the planted text, the expander finds it. Seeds are
// written by bzip2(1) (testdata), one stream and two concatenated.
func FuzzBzip2(f *testing.F) {
	for _, name := range []string{"planted.txt.bz2", "planted-two-streams.bz2"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		seeds(f, data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if unbzip2(data) {
			want = planted + ".bz2!" + planted
		}
		checkExpand(t, planted+".bz2", data, want)
	})
}

// unbzip2 tells whether data is a bzip2 stream the expander recognises
// that the standard library's reader decodes as the planted text.
func unbzip2(data []byte) bool {
	if kindOf(data) != kindBzip2 {
		return false
	}
	out, err := io.ReadAll(io.LimitReader(bzip2.NewReader(bytes.NewReader(data)), 4<<10))
	return err == nil && bytes.Equal(out, plantedText)
}

// The bzip2 seeds hold the planted text, so FuzzBzip2's oracle is not
// empty, and the expander reads both.
func TestBzip2SeedsHoldPlantedText(t *testing.T) {
	for _, name := range []string{"planted.txt.bz2", "planted-two-streams.bz2"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		got, rep := expandAll(t, fuzzExpander(), Unit{Path: planted + ".bz2", Data: data})
		want := string(plantedText)
		if name == "planted-two-streams.bz2" {
			want = "first\n" + want
		} else if !unbzip2(data) {
			t.Errorf("%s: the oracle misses the planted text", name)
		}
		if got[planted+".bz2!"+planted] != want || len(rep.notices) > 0 {
			t.Errorf("%s: got %q, notices %+v", name, got, rep.notices)
		}
	}
}

// BenchmarkDecompress measures the expander's decompression of one text
// file (Go source, 8 MB) compressed by gzip, xz and bzip2 at their
// default levels; MB/s is of the compressed input, out-MB/s of the text.
func BenchmarkDecompress(b *testing.B) {
	text := goSourceText(b, 8<<20)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(text)
	zw.Close()
	for _, c := range []struct {
		name string
		data func() []byte
	}{
		{"gzip", func() []byte { return gz.Bytes() }},
		{"xz", func() []byte { return testutil.Compressed(b, "xz", text) }},
		{"bzip2", func() []byte { return testutil.Compressed(b, "bzip2", text) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := c.data()
			x := &Expander{MaxDepth: 4}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for range b.N {
				n := 0
				x.Expand(Unit{Path: "src.txt." + c.name, Data: data}, &memReport{}, func(u Unit) {
					if u.Piece != nil {
						n += u.Piece.To - u.Piece.From
					} else {
						n += len(u.Data)
					}
				})
				if n != len(text) {
					b.Fatalf("read %d bytes of %d", n, len(text))
				}
			}
			b.ReportMetric(float64(len(text))*float64(b.N)/b.Elapsed().Seconds()/1e6, "out-MB/s")
		})
	}
}

// goSourceText is the standard library's Go source, to size bytes.
func goSourceText(b *testing.B, size int) []byte {
	var buf bytes.Buffer
	filepath.WalkDir(filepath.Join(runtime.GOROOT(), "src"), func(p string, d os.DirEntry, err error) error {
		if err != nil || buf.Len() >= size || d.IsDir() || filepath.Ext(p) != ".go" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil {
			buf.Write(data)
		}
		return nil
	})
	if buf.Len() < size {
		b.Skip("too little Go source")
	}
	return buf.Bytes()[:size]
}

// A bzip2 stream expands far more than DEFLATE (its run-length stage
// makes 45 MB of one byte a single 900 KB block): concatenated streams
// of repeated text are cut at the archive-bomb bound, named, and the
// heap stays small.
func TestBzip2BombIsBounded(t *testing.T) {
	line := append(bytes.Repeat([]byte("a"), 1023), '\n')
	stream := testutil.Compressed(t, "bzip2", bytes.Repeat(line, (16<<20)/len(line)), "-9")
	data := bytes.Repeat(stream, 8) // 128 MiB of text
	rep := &memReport{}
	scanned, peak := 0, uint64(0)
	(&Expander{MaxDepth: 4}).Expand(Unit{Path: "logs.bz2", Data: data}, rep, func(u Unit) {
		if u.Piece != nil {
			scanned += u.Piece.To - u.Piece.From
		} else {
			scanned += len(u.Data)
		}
		peak = max(peak, heapObjects())
	})
	limit := bombFloor + bombRatio*len(data)
	if scanned < limit/2 || scanned > 2*limit || len(rep.notices) != 1 || !rep.notices[0].Incomplete ||
		!strings.Contains(rep.notices[0].Reason, "an archive bomb") {
		t.Errorf("%d bytes of %d compressed: scanned %d, limit %d, notices %+v", len(data), 128<<20, scanned, limit, rep.notices)
	}
	if peak > 256<<20 {
		t.Errorf("the heap held %d MiB", peak>>20)
	}
}
