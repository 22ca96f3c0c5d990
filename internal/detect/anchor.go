package detect

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// startsAtKeyword reports whether every match of pattern starts with one of
// keywords (compared in lower case), so that trying the pattern once at each
// keyword hit finds every match a window search would. This lets the engine
// anchor most provider rules by itself: a hit then costs the length of the
// attempt, not a search of the whole line around it, which is what keeps
// text dense with keywords from costing a line's reach per hit and rule.
// A leading \b is allowed; the engine checks it against the byte before
// the hit, which an anchored attempt cannot see.
func startsAtKeyword(pattern string, keywords []string) (ok, wordBoundary bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false, false
	}
	re = re.Simplify()
	prefixes, wb, ok := leadingLiterals(re, 64)
	if !ok || len(prefixes) == 0 {
		return false, false
	}
	for _, p := range prefixes {
		p = strings.ToLower(p)
		found := false
		for _, k := range keywords {
			if strings.HasPrefix(p, strings.ToLower(k)) {
				found = true
				break
			}
		}
		if !found {
			return false, false
		}
	}
	return true, wb
}

// leadingLiterals returns the literal strings one of which every match of
// re begins with, as long as they are (so the longest known prefix of each
// alternative), and whether the match is preceded by a \b. ok is false
// when re can start some other way, or the set would exceed limit.
func leadingLiterals(re *syntax.Regexp, limit int) (lits []string, wb, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			// Case-insensitive literals are compared in lower case.
			return []string{strings.ToLower(string(re.Rune))}, false, true
		}
		return []string{string(re.Rune)}, false, true
	case syntax.OpCapture:
		return leadingLiterals(re.Sub[0], limit)
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			l, w, ok := leadingLiterals(sub, limit)
			if !ok || w {
				return nil, false, false
			}
			lits = append(lits, l...)
			if len(lits) > limit {
				return nil, false, false
			}
		}
		return lits, false, true
	case syntax.OpCharClass:
		// A small class such as [xX] or [sr] expands to its members.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				out = append(out, string(unicode.ToLower(r)))
				if len(out) > 8 {
					return nil, false, false
				}
			}
		}
		return dedupe(out), false, true
	case syntax.OpConcat:
		subs := re.Sub
		if len(subs) > 0 && subs[0].Op == syntax.OpWordBoundary {
			wb, subs = true, subs[1:]
		}
		// Extend the first element's literals with what follows, as far
		// as the following elements are literals too.
		if len(subs) == 0 {
			return nil, false, false
		}
		lits, w, ok := leadingLiterals(subs[0], limit)
		if !ok || w {
			return nil, false, false
		}
		for _, next := range subs[1:] {
			more, w, ok := leadingLiterals(next, limit)
			if !ok || w || len(lits)*len(more) > limit || !complete(next) {
				if ok && !w && len(lits)*len(more) <= limit {
					lits = cross(lits, more)
				}
				break
			}
			lits = cross(lits, more)
		}
		return lits, wb, true
	}
	return nil, false, false
}

// complete reports whether re matches exactly one of its leading literals
// (so what follows it can extend them).
func complete(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral, syntax.OpCharClass:
		return true
	case syntax.OpCapture:
		return complete(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !complete(s) {
				return false
			}
		}
		return true
	}
	return false
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedupe(out)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
