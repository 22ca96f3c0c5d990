package gitleaks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
