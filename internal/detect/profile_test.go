package detect

import (
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// TestPathProfile: names that scan alike share a profile; a test folder, a
// localisation file, another syntax, a rule limited to some file names or
// a provider in the file's name make another.
func TestPathProfile(t *testing.T) {
	rules := append(testRules(), &rule.Rule{ID: "acme-rc", Name: "Acme rc", Severity: "high", Keywords: []string{"acme_"},
		Pattern: `(?P<secret>acme_[a-z0-9]{20})`, Provider: "acme", Paths: []string{".acmerc"}},
		&rule.Rule{ID: "acme-key", Name: "Acme key", Severity: "high", Keywords: []string{"acme"}, Provider: "acme",
			Assigned: &rule.Assigned{Value: "[a-f0-9]{32}", Near: 5}})
	e, err := New(rules)
	if err != nil {
		t.Fatal(err)
	}
	same := [][2]string{{"app/a.env", "deploy/b.env"}, {"src/x.go", "lib/y/z.go"}, {"a.zip!inner/c.txt", "dist/a.zip!inner/d.txt"}}
	for _, p := range same {
		if e.PathProfile(p[0]) != e.PathProfile(p[1]) {
			t.Errorf("%s and %s scan alike, profiles %q and %q", p[0], p[1], e.PathProfile(p[0]), e.PathProfile(p[1]))
		}
	}
	differ := [][2]string{{"app/a.env", "tests/a.env"}, {"app/de.json", "app/i18n/de.json"}, {"a.yaml", "a.json"},
		{"home/notes", "home/.acmerc"}, {"a.zip!x/notes", "a.zip!x/.acmerc"}, {"config/app.yml", "config/acme.yml"}}
	for _, p := range differ {
		if e.PathProfile(p[0]) == e.PathProfile(p[1]) {
			t.Errorf("%s and %s scan differently, same profile %q", p[0], p[1], e.PathProfile(p[0]))
		}
	}
}
