package rule_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

func loadCatalogue(t *testing.T) []*rule.Rule {
	t.Helper()
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatalf("loading catalogue: %v", err)
	}
	all, err := rule.Flatten(providers)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestCatalogueExamples proves every rule finds each of its examples and
// none of its negative examples, through the whole engine (prefilter,
// windows, filters, precedence), not just the regular expression.
func TestCatalogueExamples(t *testing.T) {
	all := loadCatalogue(t)
	engine, err := detect.New(all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.Examples) == 0 || len(r.NegativeExamples) == 0 {
				t.Errorf("needs at least one example and one negative example")
			}
			for _, ex := range r.Examples {
				found := ruleIDs(engine.Scan([]byte(ex)))
				if !found[r.ID] {
					t.Errorf("example not found by %s (found %v):\n%s", r.ID, keys(found), ex)
				}
				// No two provider rules may claim the same example.
				if !r.Generic() {
					for id := range found {
						if id != r.ID && !strings.HasPrefix(id, "generic-") {
							t.Errorf("example of %s also matched by %s:\n%s", r.ID, id, ex)
						}
					}
				}
			}
			for _, ex := range r.NegativeExamples {
				if ruleIDs(engine.Scan([]byte(ex)))[r.ID] {
					t.Errorf("negative example matched:\n%s", ex)
				}
			}
		})
	}
}

func TestCatalogueSize(t *testing.T) {
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	const minProviders = 120
	if len(providers) < minProviders {
		t.Errorf("catalogue has %d providers, want at least %d", len(providers), minProviders)
	}
}

func ruleIDs(ms []detect.Match) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		out[m.Rule.ID] = true
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
