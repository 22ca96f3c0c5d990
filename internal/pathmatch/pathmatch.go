// Package pathmatch matches slash-separated relative paths against
// .gitignore-style patterns: *, ?, [..], ** , a leading / to anchor, a
// trailing / for directories only, and ! to re-include.
package pathmatch

import (
	"fmt"
	"regexp"
	"strings"
)

// Matcher holds compiled patterns; the last pattern that matches decides.
type Matcher struct {
	patterns []pattern
}

type pattern struct {
	source  string
	negate  bool
	dirOnly bool
	re      *regexp.Regexp
	// literal is the longest run of plain characters in the glob: a path
	// without it cannot match, and checking that is far cheaper than the
	// expression (a catalogue rule's paths are tried on every file).
	literal string
}

// New compiles patterns. Blank lines and lines starting with # are ignored.
func New(patterns []string) (*Matcher, error) {
	m := &Matcher{}
	for _, raw := range patterns {
		p := strings.TrimSpace(raw)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		cp := pattern{source: raw}
		if strings.HasPrefix(p, "!") {
			cp.negate, p = true, p[1:]
		}
		if strings.HasSuffix(p, "/") {
			cp.dirOnly, p = true, strings.TrimRight(p, "/")
		}
		anchored := strings.Contains(p, "/")
		p = strings.TrimPrefix(p, "/")
		if p == "" {
			return nil, fmt.Errorf("exclude pattern %q matches nothing", raw)
		}
		expr := "^"
		if !anchored {
			expr += "(?:.*/)?"
		}
		expr += globToRegexp(p) + "(/.*)?$"
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("exclude pattern %q: %v", raw, err)
		}
		cp.re, cp.literal = re, longestLiteral(p)
		m.patterns = append(m.patterns, cp)
	}
	return m, nil
}

// Match reports whether the relative path is excluded. isDir says whether
// path itself is a directory (for patterns ending in /).
func (m *Matcher) Match(path string, isDir bool) bool {
	if m == nil {
		return false
	}
	excluded := false
	for _, p := range m.patterns {
		if !strings.Contains(path, p.literal) {
			continue
		}
		sub := p.re.FindStringSubmatchIndex(path)
		if sub == nil {
			continue
		}
		// A directory-only pattern matches a file only through a parent.
		if p.dirOnly && !isDir && sub[2] < 0 {
			continue
		}
		excluded = !p.negate
	}
	return excluded
}

func globToRegexp(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "/**") && i+3 == len(glob):
			b.WriteString("/.*")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			if j := strings.IndexByte(glob[i:], ']'); j > 1 {
				class := glob[i+1 : i+j]
				if class[0] == '!' {
					class = "^" + class[1:]
				}
				b.WriteString("[" + class + "]")
				i += j
			} else {
				b.WriteString(`\[`)
			}
		case c == '\\' && i+1 < len(glob):
			i++
			b.WriteString(regexp.QuoteMeta(string(glob[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// longestLiteral returns the longest run of characters in glob that stand
// for themselves and must appear in any path it matches: wildcards,
// classes, escapes and slashes (which ** may swallow) end a run.
func longestLiteral(glob string) string {
	best, start := "", 0
	for i := 0; i <= len(glob); i++ {
		if i < len(glob) && strings.IndexByte("*?[\\/", glob[i]) < 0 {
			continue
		}
		if i-start > len(best) {
			best = glob[start:i]
		}
		switch {
		case i < len(glob) && glob[i] == '[':
			if j := strings.IndexByte(glob[i:], ']'); j > 1 {
				i += j // a class stands for one character of several
			}
		case i < len(glob) && glob[i] == '\\':
			i++
		}
		start = i + 1
	}
	return best
}
