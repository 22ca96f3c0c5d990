package coverage

import (
	"os"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// TestCoverageFileIsCurrent regenerates docs/coverage.md from the rule
// catalogue and fails when the file differs: a rule added or removed
// without running the generator makes the table stale.
func TestCoverageFileIsCurrent(t *testing.T) {
	old, err := os.ReadFile("../../docs/coverage.md")
	if err != nil {
		t.Fatal(err)
	}
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	text, err := Regenerate(string(old), providers)
	if err != nil {
		t.Fatal(err)
	}
	if text != string(old) {
		oldLines, newLines := strings.Split(string(old), "\n"), strings.Split(text, "\n")
		for i := 0; i < min(len(oldLines), len(newLines)); i++ {
			if oldLines[i] != newLines[i] {
				t.Fatalf("docs/coverage.md is stale (run go run ./scripts/gencoverage); first difference at line %d:\n have: %.200s\n want: %.200s", i+1, oldLines[i], newLines[i])
			}
		}
		t.Fatalf("docs/coverage.md is stale (run go run ./scripts/gencoverage): %d lines, want %d", len(oldLines), len(newLines))
	}
}

func provider(id, name string, ruleIDs ...string) *rule.Provider {
	p := &rule.Provider{ID: id, Name: name}
	for _, r := range ruleIDs {
		p.Rules = append(p.Rules, rule.Rule{ID: r, Provider: id})
	}
	return p
}

const sample = "# Coverage\n\nintro\n\n## Totals\n\n- old totals\n\n## How to read the table\n\nlegend\n\n" + tableHeader +
	"| Acme | acme; Acme API Key | GL TH | `ak_` 32 chars | `acme-api-key` | covered; missing kind: webhook secret |\n" +
	"| zenrows | zenrows; ZenRows API Key | TH KF | 40 chars |  | missing |\n" +
	"| Big Cloud | bigcloud; Big Cloud Storage | TH |  | `bigcloud-storage-key` | covered |\n" +
	"| Vendor X | vendorx | TH |  | `vendorx-gone-token` | covered |\n" +
	"| Shared A | sharedthing | TH |  |  | missing |\n" +
	"| Shared B | sharedthing | KF |  |  | missing: reason the inventory gives |\n" +
	"| Skipped | skippy | TH |  |  | skipped: not a secret |\n"

// TestUpdateRecomputesRulesAndStatus proves how rows find their rules: by
// the row's name, by the rules it lists (a provider kept apart, such as a
// cloud's storage service, counts for its parent's row), never for a
// provider two rows could claim; statuses follow, annotations stay.
func TestUpdateRecomputesRulesAndStatus(t *testing.T) {
	providers := []*rule.Provider{
		provider("acme", "Acme", "acme-api-key", "acme-webhook-secret"),
		provider("zenrows", "ZenRows", "zenrows-api-key"),
		provider("bigcloud-storage", "Big Cloud Storage", "bigcloud-storage-key", "bigcloud-storage-sas"),
		provider("sharedthing", "Shared Thing", "sharedthing-token"),
		provider("skippy", "Skippy", "skippy-key"),
		provider("loner", "Loner", "loner-token"),
	}
	text, err := Regenerate(sample, providers)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| Acme | acme; Acme API Key | GL TH | `ak_` 32 chars | `acme-api-key`, `acme-webhook-secret` | covered; missing kind: webhook secret |",
		"| zenrows | zenrows; ZenRows API Key | TH KF | 40 chars | `zenrows-api-key` | covered |",
		"| Big Cloud | bigcloud; Big Cloud Storage | TH |  | `bigcloud-storage-key`, `bigcloud-storage-sas` | covered |",
		"| Vendor X | vendorx | TH |  |  | missing |",
		"| Shared A | sharedthing | TH |  |  | missing |",
		"| Shared B | sharedthing | KF |  |  | missing: reason the inventory gives |",
		"| Skipped | skippy | TH |  | `skippy-key` | skipped: not a secret |",
		"**7 provider rows** from 10 peer rule names: **3 covered**",
		"**3 missing**,\n  **1 skipped** as a whole. 1 covered rows still lack a kind",
		"leakhound: **8 rules from 6 providers**, 0 with a validity check.",
		"## leakhound rules in no row (2)",
		"`loner-token`, `sharedthing-token`.",
		"intro\n\n## Totals\n\n- **7",
		"## How to read the table\n\nlegend\n\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("regenerated file lacks %q:\n%s", want, text)
		}
	}
	again, err := Regenerate(text, providers)
	if err != nil || again != text {
		t.Errorf("regenerating is not stable (err %v)", err)
	}
	if _, err := Parse("no headings here"); err == nil {
		t.Error("a file without the table parsed")
	}
	if _, err := Parse(strings.Replace(sample, "| Acme | acme;", "| Acme acme;", 1)); err == nil {
		t.Error("a row with five cells parsed")
	}
}
