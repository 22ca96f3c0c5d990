package detect

import (
	"bytes"
	"fmt"
	"strings"
)

// unitFor is what a file's name tells the scan of its content.
func unitFor(name string) unit {
	return unit{syntax: syntaxOf(name), test: name != "" && isTestPath(name), docs: name != "" && isDocsPath(name),
		labels: name != "" && isLabelPath(name), path: name}
}

// pathRuleApplies reports whether rule ri, limited to some file names,
// applies to the file name (an archive member by its own name).
func (e *Engine) pathRuleApplies(ri int32, name string) bool {
	c := &e.rules[ri]
	if c.pathRe != nil && !c.pathRe.MatchString(name) {
		return false
	}
	if c.paths == nil {
		return c.pathRe != nil
	}
	member := name[strings.LastIndexByte(name, '!')+1:]
	return member != "" && c.paths.Match(member, false)
}

// PathProfile names everything a file's name changes in how its content
// is scanned: its syntax, whether it is a test or a localisation file,
// the rules limited to some file names that apply to it, and the
// providers its base name holds. The same
// content under two names of one profile gives the same matches, so a
// history scan reads a blob found at several paths once per profile.
func (e *Engine) PathProfile(name string) string {
	u := unitFor(name)
	var b strings.Builder
	fmt.Fprintf(&b, "%d %t %t %t", u.syntax, u.test, u.docs, u.labels)
	for _, ri := range e.pathRules {
		if e.pathRuleApplies(ri, name) {
			fmt.Fprintf(&b, " %d", ri)
		}
	}
	// A provider named by the file's name is context for its values.
	for _, k := range e.providersInName(name, nil) {
		fmt.Fprintf(&b, " k%d", k)
	}
	return b.String()
}

// binaryContent tells binary content (the sources scan it as bytes) from
// text by its first 8000 bytes: more than 1 in 100 of them, and at least
// 4, are control characters that text does not use. A stray NUL in a text
// file, or the escape sequences of a coloured log, leave it text.
func binaryContent(data []byte) bool {
	head := data[:min(len(data), 8000)]
	if bytes.IndexByte(head, 0) < 0 {
		return false // binary content has NUL bytes; text seldom does
	}
	n := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b || c == 0x7f {
			n++
		}
	}
	return n >= 4 && n*100 > len(head)
}
