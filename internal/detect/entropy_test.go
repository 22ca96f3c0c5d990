package detect

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// TestRandomEntropyIsTheMean: the closed form agrees with the entropy of
// random values drawn for the test.
func TestRandomEntropyIsTheMean(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n        int
		alphabet string
	}{{14, "0123456789abcdef"}, {32, "0123456789abcdef"}, {20, "abcdefghijklmnopqrstuvwxyz0123456789"}, {16, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}} {
		const samples = 4000
		sum := 0.0
		v := make([]byte, c.n)
		for range samples {
			for i := range v {
				v[i] = c.alphabet[r.IntN(len(c.alphabet))]
			}
			sum += rule.Entropy(v)
		}
		got, want := randomEntropy(c.n, len(c.alphabet)), sum/samples
		if math.Abs(got-want) > 0.02 {
			t.Errorf("randomEntropy(%d, %d) = %.3f, simulated mean %.3f", c.n, len(c.alphabet), got, want)
		}
	}
}

// TestEntropyOfShortFormats: a provider format's short random value that
// repeats a few characters passes a minimum set above what its length
// allows; repeats and runs do not, and a generic rule's minimum stands.
func TestEntropyOfShortFormats(t *testing.T) {
	cases := []struct {
		v        string
		min      float64
		alphabet int
		want     bool
	}{
		{"3ff77bb6fe6885", 3, 16, true}, // 2.90 bits, 14 random hex
		{"9a1f6f1375c9e2", 3, 16, true}, // 3.38 bits
		{"3ff77bb6fe6885", 3, 0, false}, // no format: the minimum stands
		{"0f0f0f0f0f0f0f", 3, 16, false},
		{"ab12ab12ab12ab", 3, 16, false},
		{"aaaaaaaaaaaaab", 3, 16, false},
		// 64 hex where the format mixes 64 symbols: not of the format.
		{"3c15b7d347c8812360c60a56efd6efbfe18b5eef41db620351432df5514ce04d", 4.5, 64, false},
	}
	for _, c := range cases {
		h := rule.Entropy([]byte(c.v))
		if got := h >= c.min || floorOf(format{len(c.v), c.alphabet}).randomLike(h, len(c.v)); got != c.want {
			t.Errorf("%q (%.2f bits) against %v with alphabet %d: %v, want %v", c.v, h, c.min, c.alphabet, got, c.want)
		}
	}
	for shape, want := range map[string]format{
		"[0-9a-f]{14}": {14, 16},
		"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}": {36, 16},
		"[A-Za-z0-9_\\-]{64}":                       {64, 64},
		"[A-Za-z0-9_\\-+/=.!@#%^&*]{16,}":           {},
		"[0-9a-f]{32}(?:-[0-9a-f]{8}-[0-9a-f]{8})?": {},
	} {
		r := &rule.Rule{Assigned: &rule.Assigned{Value: shape}}
		if got := formatOf(r); got != want {
			t.Errorf("formatOf(%s) = %+v, want %+v", shape, got, want)
		}
	}
}
