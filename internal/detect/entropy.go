package detect

import (
	"math"
	"regexp/syntax"

	"github.com/leakhound/leakhound/internal/rule"
)

// entropyMargin is how far below the mean entropy of random values of
// its length and alphabet a value may fall and still read as random: the
// mean less half a bit is about the first percentile for values of 12 to
// 32 characters (simulated: 14 hex characters average 3.11 bits, and 1 in
// 100 falls below 2.55).
const entropyMargin = 0.5

// randomLike reports whether a value of n characters of a provider's
// format, drawn from alphabet symbols (0: not a format), whose entropy h
// falls short of its rule's minimum still reads as random: within
// entropyMargin of the mean of random values of its length, as about 99
// in 100 are. A random value's entropy is bounded by its length: 14
// random hex characters average 3.11 bits and fall below 3 about 3 times
// in 10, so a minimum of 3 set for a 14-character key turned away real
// keys as often as that. Runs and repeats stay far below (aaaa...,
// 0f0f...), and so does a value of a smaller alphabet than the format's
// (hex where the format mixes cases). A generic rule knows no format: its
// minimum tells random-looking values from ids and words, so it stands.
//
// The bound depends only on the rule's format, so it is worked out once
// per rule (formatFloor), not for every value checked.
type formatFloor struct {
	format
	least float64
}

func floorOf(f format) formatFloor {
	fl := formatFloor{format: f}
	if f.length > 0 && f.alphabet > 0 {
		fl.least = randomEntropy(f.length, f.alphabet) - entropyMargin
	}
	return fl
}

// randomLike tells whether a value of n characters with entropy h is a
// value of the format as random as random values of it are.
func (f formatFloor) randomLike(h float64, n int) bool {
	return f.alphabet > 0 && f.length == n && h >= f.least
}

// minRandomHex is the shortest run of hex digits randomHex judges: below
// it, ids and numbers written in hex are as common as keys.
const minRandomHex = 24

// randomHex reports whether secret, of entropy h, is hex digits of one
// case as random as random hex of its length is. Hex has 16 symbols, so
// a random 32-digit key averages 3.61 bits and one in five falls below
// the 3.5 a generic rule asks of values of every alphabet; a random one
// of 48 base62 characters averages 5.2. Keys and tokens are often hex
// (Datadog's, Pepipost's, most "API key" pages' 32 digits).
func randomHex(secret []byte, h float64) bool {
	n := len(secret)
	return n >= minRandomHex && n <= 128 && hexOfOneCase(secret) && h >= randomEntropy(n, 16)-entropyMargin
}

// randomEntropy is the mean Shannon entropy, in bits per character, of n
// characters drawn uniformly from k symbols: each symbol's count is
// binomial(n, 1/k), and the mean is k times the mean of -(c/n) log2(c/n)
// over that count.
func randomEntropy(n, k int) float64 {
	if n <= 1 || k <= 1 {
		return 0
	}
	p := 1 / float64(k)
	// binomial(n, p) probabilities, term by term from c = 0.
	prob := math.Pow(1-p, float64(n))
	mean := 0.0
	for c := 1; c <= n; c++ {
		prob *= float64(n-c+1) / float64(c) * p / (1 - p)
		f := float64(c) / float64(n)
		mean -= prob * f * math.Log2(f)
	}
	return float64(k) * mean
}

// format describes the values of a rule's assigned shape when they all
// have one length (a format, not a free-form secret): that length, and
// how many symbols its characters are drawn from (16 for [0-9a-f]{14} and
// for a UUID's digits). A free-form shape ({16,}) is chosen by people,
// not drawn at random: its length is 0, and its rule's entropy minimum
// stands.
type format struct{ length, alphabet int }

func formatOf(r *rule.Rule) format {
	if r.Assigned == nil || r.Assigned.Value == "" {
		return format{}
	}
	re, err := syntax.Parse(r.Assigned.Value, syntax.Perl)
	if err != nil {
		return format{}
	}
	re = re.Simplify()
	n, ok := fixedLength(re)
	if !ok {
		return format{}
	}
	var symbols [256]bool
	classSymbols(re, &symbols)
	k := 0
	for _, in := range symbols {
		if in {
			k++
		}
	}
	return format{length: n, alphabet: k}
}

// classSymbols marks the ASCII bytes re's character classes hold.
func classSymbols(re *syntax.Regexp, symbols *[256]bool) {
	if re.Op == syntax.OpCharClass {
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1] && c < 256; c++ {
				symbols[c] = true
			}
		}
	}
	for _, sub := range re.Sub {
		classSymbols(sub, symbols)
	}
}

// fixedLength returns the length in bytes of every string re matches, when
// they all have the same; character classes count one byte, which holds
// for the ASCII shapes of tokens.
func fixedLength(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return len(string(re.Rune)), true
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return 1, true
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpCapture:
		return fixedLength(re.Sub[0])
	case syntax.OpRepeat:
		n, ok := fixedLength(re.Sub[0])
		return n * re.Min, ok && re.Min == re.Max
	case syntax.OpConcat:
		total := 0
		for _, sub := range re.Sub {
			n, ok := fixedLength(sub)
			if !ok {
				return 0, false
			}
			total += n
		}
		return total, true
	case syntax.OpAlternate:
		first, ok := fixedLength(re.Sub[0])
		for _, sub := range re.Sub[1:] {
			n, ok2 := fixedLength(sub)
			ok = ok && ok2 && n == first
		}
		return first, ok
	}
	return 0, false
}
