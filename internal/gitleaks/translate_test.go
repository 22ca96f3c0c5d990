package gitleaks

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestNameSecretGroup(t *testing.T) {
	cases := []struct {
		pattern string
		group   int
		want    string
		secret  string // what the pattern's secret is in the input
		input   string
	}{
		{`tok_[a-z]{4}`, 0, `(?P<secret>tok_[a-z]{4})`, "tok_abcd", "x tok_abcd"},
		{`a|tok_[a-z]{4}`, 0, `(?P<secret>a|tok_[a-z]{4})`, "tok_abcd", "tok_abcd"},
		{`key=(\w+)`, 0, `key=(?P<secret>\w+)`, "v4lue", "key=v4lue"},
		{`(id|secret)=([A-Za-z0-9]{6})`, 2, `(id|secret)=(?P<secret>[A-Za-z0-9]{6})`, "Abc123", "secret=Abc123"},
		{`(?P<kind>id|secret)=(?P<secret>x+)(?P<v>[0-9]+)`, 3, `(?P<kind>id|secret)=(x+)(?P<secret>[0-9]+)`, "42", "id=xx42"},
		// Parentheses in classes, escapes and \Q...\E are not groups.
		{`[(\]]\(\Q(x)\E(\d+)`, 1, `[(\]]\(\Q(x)\E(?P<secret>\d+)`, "12", "](((x)12"},
		{`[[:alpha:](]+=(?:v)([0-9]+)`, 1, `[[:alpha:](]+=(?:v)(?P<secret>[0-9]+)`, "7", "a(=v7"},
	}
	for _, c := range cases {
		got, err := nameSecretGroup(c.pattern, c.group)
		if err != nil {
			t.Errorf("%s group %d: %v", c.pattern, c.group, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s group %d = %s, want %s", c.pattern, c.group, got, c.want)
			continue
		}
		re := regexp.MustCompile(got)
		m := re.FindStringSubmatch(c.input)
		if m == nil || m[re.SubexpIndex("secret")] != c.secret {
			t.Errorf("%s on %q: %q, want secret %q", got, c.input, m, c.secret)
		}
	}
	if _, err := nameSecretGroup(`a(b)`, 2); err == nil {
		t.Error("secretGroup beyond the groups was accepted")
	}
}

// [extend] path merges the base config under this one, rule by rule,
// allowlists added; keys match in any case, as gitleaks reads them.
func TestReadConfigExtendsByPath(t *testing.T) {
	dir := t.TempDir()
	base := "[[rules]]\nid = \"corp-key\"\ndescription = \"base\"\nregex = '''corp_[a-z]{8}'''\nkeywords = [\"corp_\"]\n[rules.allowlist]\nstopwords = [\"base\"]\n\n[allowlist]\npaths = ['''^vendor/''']\n"
	over := "[extend]\npath = \"base.toml\"\n\n[[rules]]\nID = \"corp-key\"\nDescription = \"over\"\n[[rules.allowlists]]\nstopwords = [\"over\"]\n\n[[rules]]\nid = \"corp-other\"\nregex = '''other_[0-9]{6}'''\nkeywords = [\"other_\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "base.toml"), []byte(base), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gitleaks.toml"), []byte(over), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, notes, err := ReadConfig(filepath.Join(dir, "gitleaks.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %v", notes)
	}
	if len(cfg.Rules) != 2 {
		t.Fatalf("rules %+v", cfg.Rules)
	}
	r := cfg.Rules[0]
	if r.ID != "corp-key" || r.Description != "over" || r.Regex != "corp_[a-z]{8}" || len(r.Allowlists) != 2 {
		t.Errorf("merged rule %+v", r)
	}
	if gl := cfg.globalAllowlists(); len(gl) != 1 || gl[0].Paths[0] != "^vendor/" {
		t.Errorf("global allowlists %+v", gl)
	}
	// A chain deeper than gitleaks allows is an error.
	if err := os.WriteFile(filepath.Join(dir, "base.toml"), []byte("[extend]\npath = \"gitleaks.toml\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadConfig(filepath.Join(dir, "gitleaks.toml")); err == nil || !strings.Contains(err.Error(), "more than 2 deep") {
		t.Errorf("a loop of extends: %v", err)
	}
}
