package detect

import (
	"bytes"
	"slices"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// Overlapping formats: two providers may issue tokens of one shape
// (Paystack's sk_live_ + 40 hex is a valid Stripe key too). A rule's
// wins_over names the rules it overlaps; the engine decides between them
// per secret, reading whether either provider is named around it, instead
// of each pattern leaving a hole where the other's format lies.

// rulePair is (winner, loser) as a rule declared it.
type rulePair struct{ winner, loser *rule.Rule }

// precedence holds the catalogue's declared overlaps.
type precedence struct {
	wins map[rulePair]bool
	// names are the words that name a rule's provider (its id and name,
	// lower case), for the rules that take part in an overlap.
	names map[*rule.Rule][]string
}

func newPrecedence(rules []*rule.Rule) precedence {
	byID := make(map[string]*rule.Rule, len(rules))
	for _, r := range rules {
		byID[r.ID] = r
	}
	p := precedence{}
	for _, r := range rules {
		for _, id := range r.WinsOver {
			// A rule the user disabled, or a custom rule's target that is
			// not loaded, simply has nothing to win over.
			other := byID[id]
			if other == nil || other == r {
				continue
			}
			if p.wins == nil {
				p.wins, p.names = map[rulePair]bool{}, map[*rule.Rule][]string{}
			}
			p.wins[rulePair{r, other}] = true
			p.names[r], p.names[other] = providerWords(r), providerWords(other)
		}
	}
	return p
}

// providerWords are the lower-case words that name r's provider in text:
// its id (workos), the id without dashes, and its name without blanks.
func providerWords(r *rule.Rule) []string {
	words := []string{r.Provider}
	add := func(w string) {
		if len(w) >= 3 && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	add(strings.ReplaceAll(r.Provider, "-", ""))
	add(strings.Map(func(c rune) rune {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			return c
		}
		return -1
	}, strings.ToLower(r.ProviderName)))
	return words
}

// Around a secret, how many lines before and after may name its provider
// for an overlap: a comment above, a settings block's header.
const (
	overlapLinesBefore = mediumLines
	overlapLinesAfter  = 2
)

// settleOverlaps drops, of two provider matches that overlap and whose
// rules declared an order (wins_over), the one that yields: the rule whose
// provider is named nearer the secret wins; when neither is named, or both
// equally near, the declaring rule does. Matches are sorted by start.
func (p precedence) settleOverlaps(data []byte, ms []Match) []Match {
	if len(p.wins) == 0 || len(ms) < 2 {
		return ms
	}
	var drop []bool
	for i := range ms {
		for j := i + 1; j < len(ms) && ms[j].Start < ms[i].End; j++ {
			a, b := ms[i].Rule, ms[j].Rule
			aWins, bWins := p.wins[rulePair{a, b}], p.wins[rulePair{b, a}]
			if !aWins && !bWins {
				continue
			}
			// A declaring rule whose match holds the other's whole and more
			// is the credential the other is a part of (a webhook URL
			// carrying a Google API key): naming the part's provider around
			// it does not make the part the credential.
			if aWins && within(ms[j], ms[i]) || bWins && within(ms[i], ms[j]) {
				aWins, bWins = aWins && within(ms[j], ms[i]), bWins && within(ms[i], ms[j])
			} else if aNamed, bNamed := p.named(data, ms[i], a), p.named(data, ms[j], b); aNamed != bNamed {
				aWins, bWins = aNamed > bNamed, bNamed > aNamed
			}
			if aWins == bWins {
				continue // both declared: the catalogue test reports it
			}
			if drop == nil {
				drop = make([]bool, len(ms))
			}
			if aWins {
				drop[j] = true
			} else {
				drop[i] = true
			}
		}
	}
	return without(ms, drop)
}

// within reports whether in lies inside out and is shorter.
func within(in, out Match) bool {
	return out.Start <= in.Start && in.End <= out.End && in.End-in.Start < out.End-out.Start
}

// Where a provider is named relative to a secret, the nearer the better.
const (
	notNamed = iota
	namedAround
	namedOnLine
)

// named says how near m r's provider is named, as a word of its own: on
// m's line (outside the secret), on the lines around it, or not at all.
// The nearer name wins when two providers are named (a .env file with
// both STRIPE_SECRET_KEY and CLERK_SECRET_KEY).
func (p precedence) named(data []byte, m Match, r *rule.Rule) int {
	lineStart, lineEnd := lineAt(data, m.Start), lineEndAt(data, m.End)
	lo, hi := linesAround(data, lineStart, lineEnd, overlapLinesBefore, overlapLinesAfter)
	best := notNamed
	var buf [8 << 10]byte
	for _, part := range [2][2]int{{lo, m.Start}, {m.End, hi}} {
		text := lowerASCII(buf[:0], data[part[0]:part[1]])
		for _, w := range p.names[r] {
			for off := 0; ; {
				i := bytes.Index(text[off:], []byte(w))
				if i < 0 {
					break
				}
				at := part[0] + off + i
				off += i + 1
				if insideWord(data, at) || !endsWord(data, at+len(w)) {
					continue
				}
				if at >= lineStart && at < lineEnd {
					return namedOnLine
				}
				best = namedAround
			}
		}
	}
	return best
}

// endsWord reports whether a name ending at end is a whole word: no letter
// follows, or a camelCase hump does (stripeKey, not stripes).
func endsWord(data []byte, end int) bool {
	if end >= len(data) || !isLetter(data[end]) {
		return true
	}
	return 'a' <= data[end-1] && data[end-1] <= 'z' && 'A' <= data[end] && data[end] <= 'Z'
}

// preferDecoded keeps one of a plain match and a match of the same rule
// in an escape-decoded view that overlap it (P%40ssw0rd read as written,
// P@ssw0rd in the percent-decoded view): the decoded one, the credential
// as it is used, when the escape means something where it stands, and the
// plain one otherwise. A percent-escape means something in a URL only (a
// % in a quoted password is a %); a decoded secret with control
// characters (\x00 in a test's byte string) is no password anyone types.
// The decoded match keeps its own confidence and note (P@ssw0rd is weak,
// P%40ssw0rd does not read so) and takes the plain one's key path when it
// has none. ms is sorted by Start.
func preferDecoded(data []byte, ms []Match) []Match {
	var drop []bool
	for i := range ms {
		d := &ms[i]
		if !escapeEncoding(d.Encoding) {
			continue
		}
		shadows := func(j int) {
			p := &ms[j]
			if p.Rule != d.Rule || p.Encoding != "" || p.End <= d.Start || p.Start >= d.End {
				return
			}
			if drop == nil {
				drop = make([]bool, len(ms))
			}
			if hasControl(d.Secret) || d.Encoding == EncodingPercent && !inURL(data, p) {
				drop[i] = true
				return
			}
			drop[j] = true
			if d.KeyPath == "" {
				d.KeyPath = p.KeyPath
			}
		}
		// As in overlapsOther, a secret's length bounds how far back an
		// overlapping match can start.
		for j := i - 1; j >= 0 && ms[j].Start > d.Start-(rule.MaxWindow+2*maxLineReach); j-- {
			shadows(j)
		}
		for j := i + 1; j < len(ms) && ms[j].Start < d.End; j++ {
			shadows(j)
		}
	}
	return without(ms, drop)
}

// escapeEncoding tells whether a match was found in an escape-decoded
// view (see scanEscaped), not in plain sight or in base64.
func escapeEncoding(enc string) bool {
	switch enc {
	case EncodingPercent, EncodingBackslash, EncodingHTML, EncodingQuotedPrintable, EncodingShell, EncodingFolding:
		return true
	}
	return false
}

// without returns ms less the matches drop marks (nil: none), in place.
func without(ms []Match, drop []bool) []Match {
	if drop == nil {
		return ms
	}
	out := ms[:0]
	for i, m := range ms {
		if !drop[i] {
			out = append(out, m)
		}
	}
	return out
}

// hasControl tells whether s holds an ASCII control character.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// inURL tells whether a pattern match is a URL's (it holds ://), where
// percent-escapes are decoded before use.
func inURL(data []byte, m *Match) bool {
	return m.MatchEnd > m.MatchStart && m.MatchEnd <= len(data) && bytes.Contains(data[m.MatchStart:m.MatchEnd], []byte("://"))
}
