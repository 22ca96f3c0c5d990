package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
)

// BenchmarkNew is the engine's start-up: compiling the catalogue's
// keywords and reading which patterns start at a keyword. Every command
// pays it once.
func BenchmarkNew(b *testing.B) {
	rules := catalogueRules(b)
	for b.Loop() {
		if _, err := detect.New(rules); err != nil {
			b.Fatal(err)
		}
	}
}
