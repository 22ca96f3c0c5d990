package detect

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// TestAutomatonMatchesNaiveSearch compares every hit with a brute-force
// case-insensitive search over random keywords and text.
func TestAutomatonMatchesNaiveSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcAB_-"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for round := 0; round < 200; round++ {
		var keywords []string
		seen := map[string]bool{}
		for len(keywords) < 1+r.IntN(8) {
			k := string(bytes.ToLower([]byte(word(1 + r.IntN(4)))))
			if !seen[k] {
				seen[k] = true
				keywords = append(keywords, k)
			}
		}
		text := []byte(word(r.IntN(200)))
		a := newAutomaton(keywords)
		var got []string
		a.scan(text, new([walks][]hitAt), func(k int32, end int) { got = append(got, keywords[k]+"@"+itoa(end)) })
		var want []string
		low := bytes.ToLower(text)
		for _, k := range keywords {
			for i := 0; i+len(k) <= len(low); i++ {
				if string(low[i:i+len(k)]) == k {
					want = append(want, k+"@"+itoa(i+len(k)))
				}
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if len(got) != len(want) {
			t.Fatalf("keywords %q text %q: got %v want %v", keywords, text, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("keywords %q text %q: got %v want %v", keywords, text, got, want)
			}
		}
	}
}

func itoa(n int) string {
	return string(rune('0'+n/100%10)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}

// TestAutomatonSplitWalk checks the walks side by side used for large
// inputs against the single stream, with keywords straddling their bounds.
func TestAutomatonSplitWalk(t *testing.T) {
	keywords := []string{"secret", "token", "ab", "ghp_", "begin rsa private key"}
	a := newAutomaton(keywords)
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 50; round++ {
		n := 4096 + r.IntN(5000)
		data := make([]byte, n)
		for i := range data {
			data[i] = "abx _"[r.IntN(5)]
		}
		for j := 0; j < 20; j++ {
			k := keywords[r.IntN(len(keywords))]
			// Straddle the bound between two walks.
			at := n/walks*(1+r.IntN(walks-1)) - len(k) + r.IntN(2*len(k))
			if j > 10 {
				at = r.IntN(n - len(k))
			}
			copy(data[at:], strings.ToUpper(k))
		}
		var one, two []string
		a.scanRange(data, 0, 0, func(k int32, end int) { one = append(one, fmt.Sprint(k, "@", end)) })
		a.scan(data, new([walks][]hitAt), func(k int32, end int) { two = append(two, fmt.Sprint(k, "@", end)) })
		if strings.Join(one, ",") != strings.Join(two, ",") {
			t.Fatalf("split walk differs:\n one %v\n two %v", one, two)
		}
	}
}

// TestAutomatonTableIsAllocatedAtItsSize: the states are counted before
// the table is built (one per distinct keyword prefix), so it is allocated
// once and exactly: a bound of one state per keyword byte held twice the
// memory.
func TestAutomatonTableIsAllocatedAtItsSize(t *testing.T) {
	for _, kws := range [][]string{
		{"key", "keyword", "keys", "token", "to", "tok"},
		{"a"},
		{"password", "pass", "passwd", "pwd", "secret", "sec", "x-api-key", "api_key"},
	} {
		a := newAutomaton(kws)
		if len(a.trans) != cap(a.trans) || len(a.outStart) != cap(a.outStart) {
			t.Errorf("%v: table %d of %d, outputs %d of %d", kws, len(a.trans), cap(a.trans), len(a.outStart), cap(a.outStart))
		}
	}
}

// TestContinuationBytesAreOneClass: keywords holding UTF-8 characters
// (look-alikes, invisible characters) widen the table by one class, not
// one per continuation byte, and match any character of the same first
// byte and length; keywords differing only there are one keyword.
func TestContinuationBytesAreOneClass(t *testing.T) {
	// "aРb" and "aАb": Cyrillic Er (D0 A0) and A (D0 90).
	keywords := []string{normalizeKeyword("a\u0420b"), normalizeKeyword("a\u0410b")}
	if keywords[0] != keywords[1] {
		t.Fatalf("normalized apart: %q %q", keywords[0], keywords[1])
	}
	a := newAutomaton(keywords[:1])
	// Classes: none, a, the first byte D0, continuation, b.
	if a.stride != 5 {
		t.Fatalf("stride %d, want 5", a.stride)
	}
	for _, text := range []string{"xa\u0420b", "xa\u0410b", "xA\u043fB"} { // п is D0 BF
		var ends []int
		a.scan([]byte(text), new([walks][]hitAt), func(k int32, end int) { ends = append(ends, end) })
		if len(ends) != 1 || ends[0] != len(text) {
			t.Errorf("%q: hits at %v, want one at %d", text, ends, len(text))
		}
	}
	// Another first byte (Greek, CE) or length is another character.
	for _, text := range []string{"xa\u0391b", "xa\u2014b"} {
		a.scan([]byte(text), new([walks][]hitAt), func(k int32, end int) { t.Errorf("%q: hit at %d", text, end) })
	}
}
