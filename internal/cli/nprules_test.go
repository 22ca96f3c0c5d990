package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// kingfisherRules is a Kingfisher 1.x custom rules file in the schema of
// its docs/RULES.md: a free-spacing pattern with an inline comment,
// min_entropy, confidence, examples, a validation request, a hidden
// helper rule, a rule RE2 cannot read and one whose example fails.
const kingfisherRules = `rules:
  - name: Acme Widget Token
    id: custom.acme.1
    pattern: |
      (?xi)
      \b
      (acmew_[a-z0-9]{24})   (?# the token )
      \b
    min_entropy: 3.0
    confidence: medium
    examples:
      - ACME=acmew_q8z2m4x7c1v9b3n6l0k5j8h2
    references:
      - https://acme.example/docs/tokens
    validation:
      type: Http
      content:
        request:
          method: GET
          url: https://api.acme.example/v1/check
  - name: Acme account id
    id: custom.acme.2
    visible: false
    pattern: '\b(acct_[0-9]{8})\b'
  - name: Lookahead
    id: custom.look.1
    pattern: 'look_(?=[a-z])([a-z]{12})'
  - name: Wrong example
    id: custom.wrong.1
    pattern: '\b(zzq_[a-z]{10})\b'
    examples:
      - 'nothing to see here'
`

// config import kingfisher makes custom rules of a rules file; the rule
// fires on its example's shape in a scan, kingfisher:ignore still
// silences a line, and each rule that cannot run is named, not dropped
// silently.
func TestKingfisherRulesImport(t *testing.T) {
	g := testutil.NewGen(75)
	// The rules and the config stay outside the scanned tree: their
	// examples are secrets to the rule, in leakhound as in Kingfisher.
	dir, kf := t.TempDir(), t.TempDir()
	tok := func() string { return "acmew_" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 24) }
	write(t, kf, "rules.yaml", kingfisherRules)
	write(t, dir, "app/settings.py", "ACME_TOKEN = '"+tok()+"'\n")
	write(t, dir, "app/test.py", "ACME_TOKEN = '"+tok()+"'  # kingfisher:ignore\n")
	_, stderr, code := run(t, "", "config", "import", "kingfisher", filepath.Join(kf, "rules.yaml"))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"note: line 2: rule custom.acme.1: imported as kingfisher-custom-acme-1",
		"not exact: line 2: rule custom.acme.1: its validation and revocation requests are not carried over",
		"note: line 21: rule custom.acme.2: a hidden helper rule",
		"not exact: line 25: rule custom.look.1: pattern does not compile in RE2",
		"not exact: rule kingfisher-custom-wrong-1: its own examples fail in leakhound",
		"wrote " + filepath.Join(kf, ".leakhound.toml") + ": 1 custom rule,",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the import does not say %q:\n%s", want, stderr)
		}
	}
	got, _ := scanPlaces(t, dir, ExitFindings, "--config", filepath.Join(kf, ".leakhound.toml"))
	if want := []string{"kingfisher-custom-acme-1 app/settings.py"}; !slices.Equal(got, want) {
		t.Errorf("reported %v, want %v", got, want)
	}
}

// A Nosey Parker (or Titus) rules file: the rule's examples and negative
// examples hold in leakhound, and it fires in a scan.
func TestNoseyParkerRulesImport(t *testing.T) {
	g := testutil.NewGen(76)
	rules := `rules:
- name: Corp Deploy Key
  id: np.corp.1
  pattern: '\b(corpdk_[A-Za-z0-9]{30})\b'
  references:
  - https://corp.example/keys
  examples:
  - 'DEPLOY_KEY=corpdk_Q8z2M4x7C1v9B3n6L0k5J8h2A4s6Df'
  negative_examples:
  - 'corpdk_short'
`
	for _, tool := range []string{"noseyparker", "titus"} {
		dir, np := t.TempDir(), t.TempDir()
		write(t, np, "np.yml", rules)
		write(t, dir, "deploy/env.sh", "export DEPLOY_KEY=corpdk_"+g.String(testutil.Base62, 30)+"\n")
		if _, stderr, code := run(t, "", "config", "import", tool, filepath.Join(np, "np.yml")); code != 0 {
			t.Fatalf("%s import: exit %d\n%s", tool, code, stderr)
		}
		got, _ := scanPlaces(t, dir, ExitFindings, "--config", filepath.Join(np, ".leakhound.toml"))
		if want := []string{tool + "-np-corp-1 deploy/env.sh"}; !slices.Equal(got, want) {
			t.Errorf("%s: reported %v, want %v", tool, got, want)
		}
	}
}

// What is not a rules file stops the import, exit 2, saying why.
func TestRulesImportBadInput(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "noid.yml", "rules:\n  - name: x\n    pattern: 'x_[0-9]+'\n")
	write(t, dir, "conf.yml", "rules:\n  - name: x\n    id: a.1\n    pattern: 'x_[0-9]+'\n    confidence: certain\n")
	write(t, dir, "list.yml", "- name: x\n")
	for file, want := range map[string]string{
		"noid.yml": "line 2: rule \"x\" has no id",
		"conf.yml": "line 2: rule a.1: confidence \"certain\"",
		"list.yml": "not a rules file",
	} {
		importFails(t, "kingfisher", filepath.Join(dir, file), want)
	}
}

// A Kingfisher baseline (version 2, and the legacy ExactFindings form,
// whose paths carry the scanned directory's name) carries its accepted
// findings over as .leakhoundignore fingerprints: they stay quiet, a new
// secret is reported, and entries leakhound cannot place are named.
func TestKingfisherBaselineHolds(t *testing.T) {
	g := testutil.NewGen(77)
	for _, legacy := range []bool{false, true} {
		dir := t.TempDir()
		accepted, fresh := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
		write(t, dir, "src/config.rs", "// settings\n\nconst TOKEN: &str = \""+accepted+"\";\n")
		write(t, dir, "deploy/prod.txt", "deploy key id "+g.AWSKeyID()+"\n")
		write(t, dir, "src/new.rs", "const TOKEN: &str = \""+fresh+"\";\n")
		baseline := `version: 2
fingerprint_algorithm: kingfisher-v1
repositories:
- id: git://example.com/team/repo
  findings:
  - path: src/config.rs
    fingerprint: '389162583612032034'
    rule_id: kingfisher.github.1
    line: 3
    first_seen_at: 2026-08-11T17:17:42.123456Z
    last_updated_at: 2026-08-11T17:17:42.123456Z
  - path: deploy/prod.txt
    fingerprint: '14862156687550263216'
    rule_id: kingfisher.aws.1
    line: 1
  - path: gone/old.rs
    fingerprint: '056876f00ffd0622'
    rule_id: kingfisher.github.1
    line: 5
  - path: src/config.rs
    fingerprint: '0x1f'
    rule_id: kingfisher.github.1
    line: 1
`
		if legacy {
			baseline = `ExactFindings:
  matches:
  - filepath: repo/src/config.rs
    fingerprint: '389162583612032034'
    linenum: 3
    lastupdated: Mon, 14 Jul 2025 10:17:56 -0700
  - filepath: repo/deploy/prod.txt
    fingerprint: '14862156687550263216'
    linenum: 1
    lastupdated: Mon, 14 Jul 2025 10:17:56 -0700
  - filepath: repo/gone/old.rs
    fingerprint: '056876f00ffd0622'
    linenum: 5
    lastupdated: Mon, 14 Jul 2025 10:17:56 -0700
  - filepath: repo/src/config.rs
    fingerprint: '31'
    linenum: 1
    lastupdated: Mon, 14 Jul 2025 10:17:56 -0700
`
		}
		write(t, dir, "baseline-file.yml", baseline)
		before, _ := scanPlaces(t, dir, ExitFindings)
		if len(before) != 3 {
			t.Fatalf("legacy %v: before the import, reported %v", legacy, before)
		}
		_, stderr, code := run(t, "", "config", "import", "kingfisher", filepath.Join(dir, "baseline-file.yml"))
		if code != 0 {
			t.Fatalf("legacy %v: import: exit %d\n%s", legacy, code, stderr)
		}
		for _, want := range []string{
			"gone/old.rs is not under " + dir,
			"leakhound finds no secret at src/config.rs:1",
			"added 2 fingerprints to " + filepath.Join(dir, ".leakhoundignore") + " from 4 baseline entries; 2 not carried over",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("legacy %v: the import does not say %q:\n%s", legacy, want, stderr)
			}
		}
		got, _ := scanPlaces(t, dir, ExitFindings)
		if want := []string{"github-personal-access-token src/new.rs"}; !slices.Equal(got, want) {
			t.Errorf("legacy %v: after the import, reported %v, want %v", legacy, got, want)
		}
		if _, stderr, _ := run(t, "", "config", "import", "kingfisher", filepath.Join(dir, "baseline-file.yml")); !strings.Contains(stderr, "added 0 fingerprints") {
			t.Errorf("legacy %v: a second import added again:\n%s", legacy, stderr)
		}
	}
	dir := t.TempDir()
	write(t, dir, "a.yml", "ExactFindings:\n  matches: []\n")
	importFails(t, "noseyparker", filepath.Join(dir, "a.yml"), "this is a Kingfisher baseline, not a rules file: import it with `leakhound config import kingfisher`")
	write(t, dir, "b.yml", "version: 3\nrepositories: []\n")
	importFails(t, "kingfisher", filepath.Join(dir, "b.yml"), "version 3")
	write(t, dir, "c.yml", "ExactFindings:\n  matches:\n  - filepath: a.rs\n    fingerprint: 'not-a-print'\n    linenum: 2\n")
	importFails(t, "kingfisher", filepath.Join(dir, "c.yml"), "line 3: fingerprint \"not-a-print\"")
}

// Kingfisher's other custom-rule format, Betterleaks' TOML (gitleaks'),
// is imported as a gitleaks config.
func TestKingfisherTOMLRules(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "custom.toml", "[[rules]]\nid = \"acme-widget\"\ndescription = \"Acme widget key\"\nregex = '''acmewk_[a-z0-9]{20}'''\nkeywords = [\"acmewk_\"]\n")
	_, stderr, code := run(t, "", "config", "import", "kingfisher", filepath.Join(dir, "custom.toml"), "-o", filepath.Join(dir, "out.toml"))
	if code != 0 || !strings.Contains(stderr, "1 custom rule") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	write(t, dir, "src/a.env", "WIDGET=acmewk_q8z2m4x7c1v9b3n6l0k5\n")
	got, _ := scanPlaces(t, filepath.Join(dir, "src"), ExitFindings, "--config", filepath.Join(dir, "out.toml"))
	if want := []string{"acme-widget a.env"}; !slices.Equal(got, want) {
		t.Errorf("reported %v, want %v", got, want)
	}
}
