package testutil

import (
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// Catalogue returns every built-in rule, as a scan uses them.
func Catalogue(t testing.TB) []*rule.Rule {
	t.Helper()
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rule.Flatten(providers)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
