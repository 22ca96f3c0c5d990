package gitleaks

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

func TestParseIgnore(t *testing.T) {
	in := strings.Join([]string{
		"# comment",
		"",
		"  418EDF165DBB63D6F46993AE8F8818FFD87EA582:cmd/rules/jwt.go:jwt:17  ",
		"418edf1:src/a.py:aws-access-token:3",
		`config\windows\app.env:generic-api-key:2`,
		"./docs/odd:name.md:github-pat:9",
		"file.txt:rule:0",
		"file.txt:rule:x",
		"justtext",
		"file.txt::4",
	}, "\n")
	ig, err := ParseIgnore(strings.NewReader(in), ".gitleaksignore")
	if err != nil {
		t.Fatal(err)
	}
	want := []IgnoreEntry{
		{Line: 3, Commit: "418edf165dbb63d6f46993ae8f8818ffd87ea582", Path: "cmd/rules/jwt.go", RuleID: "jwt", StartLine: 17},
		{Line: 4, Commit: "418edf1", Path: "src/a.py", RuleID: "aws-access-token", StartLine: 3},
		{Line: 5, Path: "config/windows/app.env", RuleID: "generic-api-key", StartLine: 2},
		{Line: 6, Path: "docs/odd:name.md", RuleID: "github-pat", StartLine: 9},
	}
	if !reflect.DeepEqual(ig.Entries, want) {
		t.Errorf("entries\n got %+v\nwant %+v", ig.Entries, want)
	}
	if len(ig.Problems) != 4 {
		t.Errorf("problems: %q", ig.Problems)
	}
	for i, line := range []int{7, 8, 9, 10} {
		if i < len(ig.Problems) && !strings.HasPrefix(ig.Problems[i], fmt.Sprintf(".gitleaksignore:%d:", line)) {
			t.Errorf("problem %d does not name line %d: %s", i, line, ig.Problems[i])
		}
	}
}

func TestRuleMatcher(t *testing.T) {
	rules := []*rule.Rule{
		{ID: "github-personal-access-token", Provider: "github"},
		{ID: "new-relic-user-key", Provider: "new-relic"},
		{ID: "google-api-key", Provider: "google"},
		{ID: "onepassword-secret-key", Provider: "onepassword"},
		{ID: "postmark-server-token", Provider: "postmark"},
		{ID: "generic-password", Provider: "generic"},
		{ID: "acme-token", Provider: "acme", Aliases: []string{"acme"}},
	}
	m := NewRuleMatcher(rules)
	cases := []struct {
		gitleaks, rule, provider string
		want                     int
	}{
		{"github-pat", "github-personal-access-token", "github", SameProvider},
		{"github-pat", "generic-password", "generic", Unclaimed},
		{"slack-bot-token", "github-personal-access-token", "github", NoMatch},
		{"new-relic-user-api-key", "new-relic-user-key", "new-relic", SameProvider},
		{"gcp-api-key", "google-api-key", "google", SameProvider},
		{"1password-secret-key", "onepassword-secret-key", "onepassword", SameProvider},
		// gitleaks has no Postmark rule: its generic rule finds them.
		{"generic-api-key", "postmark-server-token", "postmark", Unclaimed},
		{"generic-api-key", "generic-password", "generic", SameProvider},
		{"generic-api-key", "github-personal-access-token", "github", NoMatch},
		{"etsy-access-token", "generic-password", "generic", SameProvider},
		{"acme", "acme-token", "acme", SameRule},
	}
	for _, c := range cases {
		if got := m.Rank(c.gitleaks, c.rule, c.provider); got != c.want {
			t.Errorf("Rank(%s, %s) = %d, want %d", c.gitleaks, c.rule, got, c.want)
		}
	}
}
