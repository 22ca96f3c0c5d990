package detect

import (
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// Rules imported from gitleaks run as gitleaks runs them: over the whole
// file when a keyword is anywhere in it (or always, without keywords),
// limited by a path regex, without leakhound's noise filters, and with
// entropy compared strictly.
func TestImportedRuleSemantics(t *testing.T) {
	rules := []*rule.Rule{
		{ID: "corp-key", Name: "Corp key", Severity: "high", Provider: "corp", Keywords: []string{"corpservice"},
			Pattern: `CK-(?P<secret>[A-Z0-9]{12})`, WholeFile: true, Exact: true},
		{ID: "corp-everywhere", Name: "Corp any", Severity: "high", Provider: "corp",
			Pattern: `ZZ(?P<secret>x{8})ZZ`, WholeFile: true, Exact: true},
		{ID: "corp-pathonly", Name: "Corp path", Severity: "high", Provider: "corp", PathPattern: `(^|/)deploy/.*\.ya?ml$`,
			Pattern: `pw:\s*(\S{6,})`, WholeFile: true, Exact: true},
		{ID: "corp-entropy", Name: "Corp entropy", Severity: "high", Provider: "corp", Keywords: []string{"ent="},
			Pattern: `ent=(?P<secret>\S+)`, Entropy: 2, Exact: true},
	}
	e, err := New(rules)
	if err != nil {
		t.Fatal(err)
	}
	s := e.NewScanner()
	found := func(name, data string) map[string]string {
		out := map[string]string{}
		for _, m := range s.ScanFile(name, []byte(data)) {
			out[m.Rule.ID] = m.Secret
		}
		return out
	}
	// The keyword is three lines away from the match: gitleaks' keywords
	// only gate the file.
	if got := found("app.go", "// talks to corpservice\n\n\nkey := \"CK-AB12CD34EF56\"\n"); got["corp-key"] != "AB12CD34EF56" {
		t.Errorf("whole-file rule with a distant keyword: %v", got)
	}
	if got := found("app.go", "key := \"CK-AB12CD34EF56\"\n"); got["corp-key"] != "" {
		t.Errorf("whole-file rule without its keyword in the file: %v", got)
	}
	// No keyword: every file; and no placeholder filter (xxxxxxxx).
	if got := found("notes.txt", "a\nZZxxxxxxxxZZ\n"); got["corp-everywhere"] != "xxxxxxxx" {
		t.Errorf("keyword-less exact rule: %v", got)
	}
	if got := found("deploy/prod/values.yaml", "db:\n  pw: hunter22\n"); got["corp-pathonly"] != "hunter22" {
		t.Errorf("path-limited rule on its path: %v", got)
	}
	if got := found("src/values.yaml", "db:\n  pw: hunter22\n"); got["corp-pathonly"] != "" {
		t.Errorf("path-limited rule elsewhere: %v", got)
	}
	// "abcd" has an entropy of exactly 2 bits: at the minimum is not
	// above it.
	if got := found("a.txt", "ent=abcd\nent=abcde\n"); got["corp-entropy"] != "abcde" {
		t.Errorf("entropy must be above the minimum: %v", got)
	}
	// Tests keep their confidence.
	for _, m := range s.ScanFile("internal/x_test.go", []byte("corpservice CK-AB12CD34EF56\n")) {
		if m.Rule.ID == "corp-key" && m.Confidence != ConfidenceHigh {
			t.Errorf("exact rule lowered to %s in a test file", m.Confidence)
		}
	}
}

// The secret is the first group that captured something, so a pattern
// with optional alternatives still yields one.
func TestSecretIsFirstNonEmptyGroup(t *testing.T) {
	e, err := New([]*rule.Rule{{ID: "corp-alt", Name: "x", Severity: "high", Provider: "corp", Keywords: []string{"corp"},
		Pattern: `corp(?P<secret>[0-9]*)-(?P<secret>[a-z]{6,})`, Exact: true}})
	if err != nil {
		t.Fatal(err)
	}
	ms := e.Scan([]byte("corp-abcdefg\n"))
	if len(ms) != 1 || ms[0].Secret != "abcdefg" || ms[0].MatchEnd-ms[0].MatchStart != len("corp-abcdefg") {
		t.Errorf("got %+v", ms)
	}
}
