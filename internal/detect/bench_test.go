package detect_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

// catalogueRules are the built-in rules, shared by the tests (see
// CatalogueRulesForTest): not to be changed.
func catalogueRules(b testing.TB) []*rule.Rule {
	b.Helper()
	return detect.CatalogueRulesForTest(b)
}

// catalogueEngine is an engine of the built-in catalogue, built once per
// test binary (see CatalogueEngineForTest).
func catalogueEngine(b testing.TB) *detect.Engine {
	b.Helper()
	return detect.CatalogueEngineForTest(b)
}

// goSource returns up to limit bytes of Go's own source files, split into
// files as the scanner sees them: real code with realistic keyword hits.
func goSource(b *testing.B, limit int) [][]byte {
	b.Helper()
	var files [][]byte
	total := 0
	root := filepath.Join(runtime.GOROOT(), "src")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || total >= limit {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil {
			files = append(files, data)
			total += len(data)
		}
		return nil
	})
	if total == 0 {
		b.Skip("no Go source found under GOROOT")
	}
	return files
}

func benchmarkFiles(b *testing.B, files [][]byte) {
	e := catalogueEngine(b)
	s := e.NewScanner()
	var size int64
	for _, f := range files {
		size += int64(len(f))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			s.Scan(f)
		}
	}
}

// BenchmarkScanGoSource scans 32 MB of Go's standard library with the
// whole catalogue on one core.
func BenchmarkScanGoSource(b *testing.B) { benchmarkFiles(b, goSource(b, 32<<20)) }

// BenchmarkScanKeywordDense scans text where most lines hold a keyword of
// the generic rules (token, key, secret, password) but no credential: the
// worst case for the regex stage.
func BenchmarkScanKeywordDense(b *testing.B) {
	line := "\tif token, err := client.Key(ctx, secretName); err != nil { return password_hint }\n"
	benchmarkFiles(b, [][]byte{[]byte(strings.Repeat(line, 100000))})
}

// BenchmarkScanNoHits is the prefilter alone: no keyword occurs.
func BenchmarkScanNoHits(b *testing.B) {
	line := "\tthe quick brown fox jumps over the lazy dog 0123 ( ) { } == != <= >=\n"
	benchmarkFiles(b, [][]byte{[]byte(strings.Repeat(line, 100000))})
}

// BenchmarkScanDerived scans a history of Go's standard library: 20
// versions of each file, each made from the one before by a few edits
// of a line (what most commits are), with the ranges a delta would copy,
// as a history scan does (ScanDerived). MB/s counts every version's
// bytes, as `scan git` reads them.
func BenchmarkScanDerived(b *testing.B) {
	type version struct {
		data   []byte
		copies []detect.Copied
	}
	var histories [][]version
	var size int64
	g := testutil.NewGen(3)
	for _, f := range goSource(b, 4<<20) {
		lines := strings.SplitAfter(string(f), "\n")
		h := []version{{data: f}}
		for range 19 {
			// Each edit replaces a line with a new one; the copies are the
			// unchanged runs of lines between the edits.
			edited := slices.Clone(lines)
			for range 1 + g.IntN(3) {
				edited[g.IntN(len(edited))] = "\tx := compute(" + g.String(testutil.Base62, 8+g.IntN(30)) + ")\n"
			}
			var data []byte
			var copies []detect.Copied
			from := 0
			for i, l := range edited {
				if l == lines[i] {
					if n := len(copies); n > 0 && copies[n-1].At+copies[n-1].Len == len(data) && copies[n-1].From+copies[n-1].Len == from {
						copies[n-1].Len += len(l)
					} else {
						copies = append(copies, detect.Copied{At: len(data), From: from, Len: len(l)})
					}
				}
				data = append(data, l...)
				from += len(lines[i])
			}
			h = append(h, version{data: data, copies: copies})
			lines = edited
		}
		for _, v := range h {
			size += int64(len(v.data))
		}
		histories = append(histories, h)
	}
	s := catalogueEngine(b).NewScanner()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	var keep [2]detect.Prefilter
	for i := 0; i < b.N; i++ {
		for _, h := range histories {
			for k, v := range h {
				base := &keep[(k+1)%2]
				if k == 0 {
					base = nil
				}
				s.ScanDerived("pkg/file.go", v.data, base, v.copies, &keep[k%2])
			}
		}
	}
}
