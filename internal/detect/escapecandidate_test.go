package detect

import (
	"math/rand/v2"
	"testing"
)

// escapeCandidate finds what a byte-by-byte search for mayEscape finds,
// from every start to every end, over bytes of every kind, with and
// without a shell's escape character or a folded line's break.
func TestEscapeCandidateIsTheFirstByteThatMayEscape(t *testing.T) {
	alphabet := []byte("ab09 \n\"'\\%&=^`\x00\x7f\x80\xc1\xc2\xe2\xff")
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range 300 {
		shell := []byte{0, '^', '`', '\n'}[k%4]
		data := make([]byte, rng.IntN(40))
		for i := range data {
			if rng.IntN(6) == 0 {
				data[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				data[i] = 'a' + byte(rng.IntN(26))
			}
		}
		for from := 0; from <= len(data); from++ {
			for to := from; to <= len(data); to++ {
				want := to
				for i := from; i < to; i++ {
					if mayEscape(data[i], shell) {
						want = i
						break
					}
				}
				if got := escapeCandidate(data, from, to, shell); got != want {
					t.Fatalf("%q [%d, %d) shell %q: %d, want %d", data, from, to, shell, got, want)
				}
			}
		}
	}
}
