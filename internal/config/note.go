package config

import "fmt"

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
