package detect_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
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
