package cli

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// TestRulesListFilters runs rules list with each filter and compares what
// it lists, and its totals line, with the catalogue read by the loader.
func TestRulesListFilters(t *testing.T) {
	all, err := loadRules(&IO{Getenv: func(string) string { return "" }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	idLine := regexp.MustCompile(`(?m)^([a-z0-9]+(?:-[a-z0-9]+)+)\s`)
	cases := []struct {
		args []string
		keep func(*rule.Rule) bool
	}{
		{nil, func(*rule.Rule) bool { return true }},
		{[]string{"--provider", "stripe"}, func(r *rule.Rule) bool { return r.Provider == "stripe" }},
		{[]string{"--provider", "google cloud platform"}, func(r *rule.Rule) bool { return r.ProviderName == "Google Cloud Platform" }},
		{[]string{"--category", "Payment"}, func(r *rule.Rule) bool { return r.Category == "payment" }},
		{[]string{"--validated"}, func(r *rule.Rule) bool { return r.Validate != nil }},
		{[]string{"--category", "email", "--validated"}, func(r *rule.Rule) bool { return r.Category == "email" && r.Validate != nil }},
	}
	for _, c := range cases {
		var want []*rule.Rule
		for _, r := range all {
			if c.keep(r) {
				want = append(want, r)
			}
		}
		if len(want) == 0 {
			t.Fatalf("%v: the catalogue has no such rule; the case proves nothing", c.args)
		}
		out, stderr, code := run(t, "", append([]string{"rules", "list"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		listed := idLine.FindAllStringSubmatch(out, -1)
		if len(listed) != len(want) {
			t.Errorf("%v: lists %d rules, want %d", c.args, len(listed), len(want))
		}
		for _, m := range listed {
			if r := findRule(all, m[1]); r == nil || !c.keep(r) {
				t.Errorf("%v: lists %s", c.args, m[1])
			}
		}
		tot, _ := rule.Count(want)
		if !strings.Contains(out, fmt.Sprintf("from %d provider", tot.Providers)) || !strings.Contains(out, fmt.Sprintf("\n%d rule", tot.Rules)) ||
			!strings.Contains(out, fmt.Sprintf(", %d with a validity check", tot.Validated)) {
			t.Errorf("%v: totals line wrong, want %+v:\n%s", c.args, tot, out[max(0, len(out)-200):])
		}
	}
	for _, bad := range [][]string{{"--provider", "no-such-vendor"}, {"--category", "nothing"}} {
		_, stderr, code := run(t, "", append([]string{"rules", "list"}, bad...)...)
		if code != ExitError || !strings.Contains(stderr, "no ") {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
}
