package detect

import (
	"fmt"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// CheckExamples runs a rule's examples through the whole engine (prefilter,
// windows, filters, precedence) and describes every way they fail: an
// example the rule does not find, one another provider rule also reports
// (an overlap wins_over and the context did not settle),
// or a negative example it matches. How many examples a rule must have is
// the catalogue's policy, not checked here.
func (e *Engine) CheckExamples(r *rule.Rule) []string {
	var problems []string
	s := e.NewScanner()
	for _, ex := range r.Examples {
		found := map[string]bool{}
		identifiers := map[string]bool{}
		for _, m := range s.ScanFile(r.ExamplePath, []byte(ex)) {
			found[m.Rule.ID] = true
			identifiers[m.Rule.ID] = m.Rule.Identifier
		}
		if !found[r.ID] {
			problems = append(problems, fmt.Sprintf("example not found (found %v): %s", sortedKeys(found), ex))
		}
		if r.Generic() {
			continue
		}
		for id := range found {
			// An identifier (the public half of a pair) is never
			// reported, so it is no second reporter.
			if id != r.ID && !strings.HasPrefix(id, "generic-") && !identifiers[id] {
				// Overlapping formats are settled by the rules' wins_over
				// and the provider named around the secret; what is left
				// here is an overlap the engine cannot settle.
				problems = append(problems, fmt.Sprintf("example also matched by %s and the engine cannot settle which rule reports it (declare wins_over, or name the provider in the example): %s", id, ex))
			}
		}
	}
	for _, ex := range r.NegativeExamples {
		for _, m := range s.ScanFile(r.ExamplePath, []byte(ex)) {
			if m.Rule.ID == r.ID {
				problems = append(problems, fmt.Sprintf("negative example matched: %s", ex))
				break
			}
		}
	}
	return problems
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
