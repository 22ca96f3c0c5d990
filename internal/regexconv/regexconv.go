// Package regexconv rewrites other scanners' regular expressions for
// leakhound: it names the group that holds the secret and turns
// extended-syntax patterns into ones RE2 reads.
package regexconv

import (
	"fmt"
	"regexp/syntax"
	"strings"
)

// NameSecretGroup names the capture group that holds the secret
// "secret", as leakhound's patterns do: group n (gitleaks' secretGroup),
// or with n zero every group (gitleaks takes the first that captured
// something, and so does leakhound among groups named secret), or the
// whole match when there is no group.
func NameSecretGroup(pattern string, n int) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	groups := re.MaxCap()
	switch {
	case n < 0 || n > groups:
		return "", fmt.Errorf("secretGroup %d, but the regex has %d capture groups", n, groups)
	case groups == 0:
		return "(?P<secret>" + pattern + ")", nil
	}
	out, err := renameGroups(pattern, func(i int, name string) string {
		switch {
		case n == 0 || i == n:
			return "secret"
		case name == "secret":
			return "" // another group keeps its text but not the name
		}
		return name
	})
	if err != nil {
		return "", err
	}
	// What was written must say what was meant.
	check, err := syntax.Parse(out, syntax.Perl)
	if err != nil {
		return "", fmt.Errorf("naming the secret group: %v", err)
	}
	for i, name := range check.CapNames() {
		if i > 0 && (name == "secret") != (n == 0 || i == n) {
			return "", fmt.Errorf("could not name capture group %d of the regex", n)
		}
	}
	return out, nil
}

// renameGroups rewrites the names of a pattern's capture groups, the i-th
// (from 1) given its current name ("" for an unnamed one): an empty new
// name leaves the group unnamed. It reads escapes, classes and \Q...\E so
// a parenthesis there is not taken for a group.
func renameGroups(p string, rename func(i int, name string) string) (string, error) {
	var b strings.Builder
	group := 0
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p) && p[i+1] == 'Q':
			end := strings.Index(p[i+2:], `\E`)
			if end < 0 {
				b.WriteString(p[i:])
				return b.String(), nil
			}
			b.WriteString(p[i : i+2+end+2])
			i += 2 + end + 2
		case c == '\\':
			j := min(i+2, len(p))
			b.WriteString(p[i:j])
			i = j
		case c == '[':
			j := classEnd(p, i)
			b.WriteString(p[i:j])
			i = j
		case c == '(' && strings.HasPrefix(p[i:], "(?P<"), c == '(' && strings.HasPrefix(p[i:], "(?<"):
			open := strings.IndexByte(p[i:], '<')
			end := strings.IndexByte(p[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("unterminated group name")
			}
			group++
			writeGroup(&b, rename(group, p[i+open+1:i+end]))
			i += end + 1
		case c == '(' && !strings.HasPrefix(p[i:], "(?"):
			group++
			writeGroup(&b, rename(group, ""))
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

func writeGroup(b *strings.Builder, name string) {
	if name == "" {
		b.WriteString("(")
		return
	}
	b.WriteString("(?P<" + name + ">")
}

// classEnd returns the index after the character class starting at i:
// a ] first (or after ^) is a literal, [:alpha:] is a named class.
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for j < len(p) {
		switch {
		case p[j] == '\\':
			j += 2
		case strings.HasPrefix(p[j:], "[:"):
			if k := strings.Index(p[j+2:], ":]"); k >= 0 {
				j += 2 + k + 2
			} else {
				j++
			}
		case p[j] == ']':
			return j + 1
		default:
			j++
		}
	}
	return len(p)
}

// Verbose rewrites a pattern written with the extended-syntax flag x
// (free spacing and # comments, as Nosey Parker and Kingfisher rules use
// it) and with (?# ...) comments, neither of which RE2 reads, into the
// same expression without them. The x flag is taken from flag groups such
// as (?x) or (?xi) and holds to the end of the pattern.
func Verbose(p string) string {
	var b strings.Builder
	verbose := false
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case strings.HasPrefix(p[i:], "(?#"):
			end := strings.IndexByte(p[i:], ')')
			if end < 0 {
				return b.String()
			}
			i += end + 1
		case c == '(' && strings.HasPrefix(p[i:], "(?") && flagGroup(p[i:]) > 0:
			n := flagGroup(p[i:])
			flags := p[i+2 : i+n-1]
			if strings.Contains(flags, "x") {
				verbose = true
				flags = strings.ReplaceAll(flags, "x", "")
			}
			if flags != "" && flags != "-" {
				b.WriteString("(?" + flags + ")")
			}
			i += n
		case c == '\\' && i+1 < len(p):
			if verbose && (p[i+1] == ' ' || p[i+1] == '\t') {
				fmt.Fprintf(&b, `\x%02x`, p[i+1]) // an escaped blank is literal; RE2 does not read "\ "
			} else {
				b.WriteString(p[i : i+2])
			}
			i += 2
		case c == '[':
			j := classEnd(p, i)
			b.WriteString(p[i:j])
			i = j
		case verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'):
			i++
		case verbose && c == '#':
			end := strings.IndexByte(p[i:], '\n')
			if end < 0 {
				i = len(p)
			} else {
				i += end + 1
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// flagGroup returns the length of a flags-only group such as (?xi) or
// (?i-s) at the start of p, 0 when p does not start with one.
func flagGroup(p string) int {
	for j := 2; j < len(p); j++ {
		switch c := p[j]; {
		case c == ')':
			if j == 2 {
				return 0
			}
			return j + 1
		case c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
		default:
			return 0
		}
	}
	return 0
}
