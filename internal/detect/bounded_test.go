//go:build !race

package detect_test

import (
	"runtime"
	"testing"
)

// TestRunOfEveryByteHasBoundedCost scans a 64 MB run of each byte value
// with the whole catalogue and asserts that the scan allocates a bounded
// amount, whatever the byte: keyword hits and windows are kept one segment
// at a time, and a keyword repeated back to back (a run of "A" hits the
// 20-"A" prefix of X's bearer tokens at every byte) reaches the rules once
// per run, not once per byte. Without the bound such a file took minutes
// and gigabytes. Not run under the race detector, which makes it slow; the
// Makefile runs it without.
func TestRunOfEveryByteHasBoundedCost(t *testing.T) {
	if testing.Short() {
		t.Skip("scans 16 GB")
	}
	e := catalogueEngine(t)
	s := e.NewScanner()
	data := make([]byte, 64<<20)
	const bound = 16 << 20 // well under the input's size
	var before, after runtime.MemStats
	for c := 0; c < 256; c++ {
		for i := range data {
			data[i] = byte(c)
		}
		runtime.ReadMemStats(&before)
		ms := s.Scan(data)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > bound {
			t.Errorf("byte %#02x: the scan allocated %d MB (bound %d MB)", c, n>>20, bound>>20)
		}
		if len(ms) != 0 {
			t.Errorf("byte %#02x: %d findings in a run of one byte, first %s", c, len(ms), ms[0].Rule.ID)
		}
	}
}
