package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/leakhound/leakhound/internal/pipeline"
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

// TestScanFindsCatalogueByBuild: on Linux a scan names its cached
// catalogue by the binary's build ID instead of hashing the rule files,
// and reads it back from there.
func TestScanFindsCatalogueByBuild(t *testing.T) {
	key := pipeline.BuiltinCatalogueKey()
	if runtime.GOOS != "linux" {
		if key != "" {
			t.Fatalf("key %q off Linux", key)
		}
		t.Skip("the build ID is read from /proc/self/exe")
	}
	if !strings.HasPrefix(key, "build-") {
		t.Fatalf("key %q", key)
	}
	cache := t.TempDir()
	env := map[string]string{"LEAKHOUND_CACHE_DIR": cache}
	if _, stderr, code := runWith(t, "nothing here\n", env, "scan", "stdin"); code != ExitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	names, _ := filepath.Glob(filepath.Join(cache, "catalogue-*.gob"))
	if len(names) != 1 || filepath.Base(names[0]) != "catalogue-"+key+".gob" {
		t.Fatalf("cache holds %v, want catalogue-%s.gob", names, key)
	}
	// The scan reads what is under that name: a one-rule catalogue
	// cached there makes the scan find that rule's token, which no
	// built-in rule knows.
	const acme = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acmetok_]\n    pattern: '(?P<secret>acmetok_[a-z0-9]{20})'\n"
	if err := os.Remove(names[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := rule.LoadCachedAs(fstest.MapFS{"acme.yaml": {Data: []byte(acme)}}, cache, key, true); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runWith(t, "t = acmetok_q7x2mz9k4p1w8r3n6b5v\n", env, "scan", "stdin")
	if code != ExitFindings || !strings.Contains(stdout, "acme-token") {
		t.Fatalf("exit %d, want the cached catalogue's acme-token: %s %s", code, stdout, stderr)
	}
}
