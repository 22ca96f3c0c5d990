package testutil

import (
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// Catalogue returns every built-in rule, as a scan uses them.
func Catalogue(t testing.TB) []*rule.Rule {
	t.Helper()
	rs, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// SharedCatalogue is Catalogue loaded once per test binary, for the tests
// that only read the rules (they must not change them): parsing the
// catalogue takes seconds under the race detector.
func SharedCatalogue(t testing.TB) []*rule.Rule {
	t.Helper()
	rs, err := sharedCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

var sharedCatalogue = sync.OnceValues(loadCatalogue)

func loadCatalogue() ([]*rule.Rule, error) {
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		return nil, err
	}
	return rule.Flatten(providers)
}
