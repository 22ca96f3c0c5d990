//go:build !race

// The race detector reports races between goroutines; the engine starts
// none and these tests scan in one, so under it they only ran slower
// (six minutes for the boundary test). `make test` runs them without it
// (scripts/test-norace.sh), as `make fuzz` runs FuzzWindows.

package detect_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
)

// finds reports whether scanning data reports rule r on a line that
// overlaps [lo, hi) of data.
func finds(s *detect.Scanner, data []byte, r *rule.Rule, lo, hi int) bool {
	// A rule limited to some paths is tried as its examples are: in a file
	// named like its example_path.
	for _, m := range s.ScanFile(r.ExamplePath, data) {
		if m.Rule.ID == r.ID && m.Start < hi && m.End > lo {
			return true
		}
	}
	return false
}

// plant returns prefix, a newline, the example and a newline, then suffix,
// with the example's span.
func plant(prefix, example, suffix []byte) ([]byte, int, int) {
	var b bytes.Buffer
	b.Write(prefix)
	b.WriteByte('\n')
	lo := b.Len()
	b.Write(example)
	hi := b.Len()
	b.WriteByte('\n')
	b.Write(suffix)
	return b.Bytes(), lo, hi
}

// TestExamplesFoundAtSegmentBoundaries plants every rule's first example
// so that it straddles the boundary between two of the engine's segments,
// after text dense with keywords: what a rule finds must not depend on
// where the engine cuts a large unit.
func TestExamplesFoundAtSegmentBoundaries(t *testing.T) {
	e := catalogueEngine(t)
	s := e.NewScanner()
	// Plain text, then keywords close before the boundary.
	dense := strings.Repeat("token = lookup(key) // the password is not here; AAAAAAAAAAAAAAAAAAAAAAAA\n", 50)
	filler := []byte(strings.Repeat("lorem ipsum dolor sit amet\n", detect.SegmentSize/27) + dense)
	for _, r := range catalogueRules(t) {
		ex := []byte(r.Examples[0])
		for _, cut := range []int{1, len(ex) / 2, len(ex) - 1} {
			prefix := filler[len(filler)-(detect.SegmentSize-1-cut):]
			data, lo, hi := plant(prefix, ex, []byte(dense))
			if !finds(s, data, r, lo, hi) {
				t.Errorf("%s: example not found when cut %d bytes in: %s", r.ID, cut, ex)
			}
		}
	}
}

// FuzzWindows plants a rule's example between arbitrary text and asserts
// the rule still finds it: thinning repeated keywords, budgets and
// segments may change how much work a unit costs, never what is found.
func FuzzWindows(f *testing.F) {
	f.Add([]byte("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), []byte("token=token=token=token="), uint16(0))
	f.Add([]byte("postmarkpostmarkpostmark"), []byte("\x00\xff\n\n"), uint16(7))
	f.Add(bytes.Repeat([]byte("ghp_"), 300), []byte("-----BEGIN"), uint16(300))
	f.Add([]byte(""), []byte(""), uint16(1000))
	e := catalogueEngine(f)
	all := catalogueRules(f)
	s := e.NewScanner()
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, pick uint16) {
		r := all[int(pick)%len(all)]
		// Text that opens a multi-line block (a PEM header) before the
		// example can legitimately change which block a rule reports.
		if r.Window > 0 && (bytes.Contains(prefix, []byte("BEGIN")) || bytes.Contains(suffix, []byte("END"))) {
			t.Skip()
		}
		ex := []byte(r.Examples[int(pick)%len(r.Examples)])
		data, lo, hi := plant(prefix, ex, suffix)
		// NUL and control bytes around it can make the unit binary,
		// compiled code whose names and values are not read as
		// assignments (a provider's key under "pepipost": {...}).
		if detect.BinaryContent(data) && !detect.BinaryContent(ex) {
			t.Skip()
		}
		if !finds(s, data, r, lo, hi) {
			t.Errorf("%s: example not found between %q and %q: %s", r.ID, prefix, suffix, ex)
		}
	})
}
