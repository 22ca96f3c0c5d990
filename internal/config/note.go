package config

import (
	"fmt"
	"strings"
)

// Note is something an import from another tool's config could not carry
// over as it was (Inexact), or says how it was carried over: the
// import's report, so nothing is dropped silently.
type Note struct {
	// Subject names the part of the other config: "rule aws-custom",
	// "[extend] disabledRules".
	Subject string
	Text    string
	Inexact bool
}

func (n Note) String() string {
	if n.Subject == "" {
		return n.Text
	}
	return fmt.Sprintf("%s: %s", n.Subject, n.Text)
}

// CountInexact returns how many notes mark a difference in behaviour.
func CountInexact(notes []Note) int {
	n := 0
	for _, note := range notes {
		if note.Inexact {
			n++
		}
	}
	return n
}

// Notes collects the notes of an import.
type Notes []Note

// Add appends a note.
func (ns *Notes) Add(subject string, inexact bool, format string, args ...any) {
	*ns = append(*ns, Note{Subject: subject, Text: fmt.Sprintf(format, args...), Inexact: inexact})
}

// ImportKeywords lower-cases another tool's keywords for a custom rule.
// leakhound's keywords are 3 bytes or more: with a shorter one the rule
// gets none and runs on every file (it may find more), which a note says.
func ImportKeywords(keywords []string, subject string, notes *Notes) []string {
	var out []string
	for _, k := range keywords {
		if len(k) < 3 {
			notes.Add(subject, true, "keyword %q is shorter than leakhound's 3-byte minimum: the rule runs on every file, not only those holding a keyword (it may find more)", k)
			return nil
		}
		out = append(out, strings.ToLower(k))
	}
	return out
}

// Plural is one when n is 1, else many: the notes' counts.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
