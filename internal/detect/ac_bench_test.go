package detect

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// BenchmarkAutomaton measures the prefilter alone over Go source with the
// catalogue's keywords.
func BenchmarkAutomaton(b *testing.B) {
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		b.Fatal(err)
	}
	all, _ := rule.Flatten(providers)
	e, err := New(all)
	if err != nil {
		b.Fatal(err)
	}
	var data []byte
	matches, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "net", "http", "*.go"))
	for _, m := range matches {
		d, _ := os.ReadFile(m)
		data = append(data, d...)
	}
	if len(data) == 0 {
		b.Skip("no Go source")
	}
	hits := 0
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.ac.scan(data, new([walks][]hitAt), func(int32, int) { hits++ })
	}
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	b.ReportMetric(float64(e.ac.states()), "states")
}
