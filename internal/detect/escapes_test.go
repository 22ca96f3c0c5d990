//go:build !race

package detect_test

import (
	"bytes"
	"runtime"
	"testing"
)

// TestRunsOfEscapesHaveBoundedCost: content made of nothing but escapes
// that stand for a token's characters (so every line is decoded) allocates
// less than its own size and finds nothing: views are bounded, each
// decoded once.
func TestRunsOfEscapesHaveBoundedCost(t *testing.T) {
	if testing.Short() {
		t.Skip("scans 80 MB")
	}
	s := catalogueEngine(t).NewScanner()
	for _, unit := range []string{`\x41`, `\u0041`, `%41`, `&#65;`, `\` + "\n", "\u200b", "p\u0430"} {
		data := bytes.Repeat([]byte(unit), (16<<20)/len(unit))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ms := s.Scan(data)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > uint64(len(data)) {
			t.Errorf("%q: the scan allocated %d MB for %d MB", unit, n>>20, len(data)>>20)
		}
		if len(ms) != 0 {
			t.Errorf("%q: %d findings, first %s", unit, len(ms), ms[0].Rule.ID)
		}
	}
}
