package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/testutil"
)

// gitleaksConfig is a .gitleaks.toml that uses every field gitleaks
// documents: [extend] (useDefault, disabledRules), custom rules (regex,
// secretGroup, entropy, keywords, path, tags), rule allowlists in both
// forms (stopwords, AND of a match regex and a path, commits), an
// extension of a default rule (gitlab-pat with a line allowlist), global
// allowlists in both forms (paths; targetRules with a regex), and parts
// that cannot be carried over (a lookahead, a path-only rule, a target
// that does not exist, a key gitleaks does not know).
func gitleaksConfig(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "gitleaks", "gitleaks.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A repository with a .gitleaks.toml and no .leakhound.toml is scanned
// with the config translated, and each case behaves as gitleaks'
// documentation says it does for the same input.
func TestGitleaksConfigBehavesAsDocumented(t *testing.T) {
	g := testutil.NewGen(19)
	r := testutil.NewRepo(t)
	tok := func() string { return "ak_" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 24) }
	reported, distant, sandbox, fixtureMatch, fixtureOther, zeros := tok(), tok(), "ak_sandbox"+g.String("abcdefghijklmnopqrstuvwxyz", 14), tok(), tok(), "ak_0000"+g.String("abcdefghijklmnopqrstuvwxyz", 20)
	billing, billingTxt := g.String(testutil.Base62, 20), g.String(testutil.Base62, 20)
	glOurs, glTheirs := "glpat-"+g.String(testutil.Base62, 20), "glpat-"+g.String(testutil.Base62, 20)
	r.Write(map[string]string{
		".gitleaks.toml": gitleaksConfig(t),
		// Matched, its secret the first group.
		"app/settings.py": "ACME_TOKEN = \"" + reported + "\"\n",
		// Keywords gate the file; the match itself need not hold one.
		"app/client.go": "// acme_key rotation: see docs\n\n\nconst acme_token = \"" + distant + "\"\n",
		// Entropy of 3 or less is no secret to this rule.
		"app/low.env": "ACME_TOKEN=ak_aaaaaaaaaaaaaaaaaaaaaaab\n",
		// Rule allowlist: a stopword in the secret.
		"app/sandbox.env": "ACME_TOKEN=" + sandbox + "\n",
		// Rule allowlist with AND: a match regex and a path, both needed.
		"fixtures/keys.env":  "acme_key=" + fixtureMatch + "\n",
		"fixtures/token.env": "ACME_TOKEN=" + fixtureOther + "\n",
		// Global allowlist targeted at the rule: a regex on the secret.
		"app/zeros.env": "ACME_TOKEN=" + zeros + "\n",
		// secretGroup 2, and the rule's path limits it to .cfg files.
		"conf/billing.cfg": "billing_secret=" + billing + "\n",
		"conf/billing.txt": "billing_secret=" + billingTxt + "\n",
		// The global [allowlist] path.
		"testdata/acme.env": "ACME_TOKEN=" + tok() + "\n",
		// An extension of gitleaks' gitlab-pat: its line allowlist now
		// applies to leakhound's GitLab rules.
		"ci/gitlab.env": "GITLAB_TOKEN=" + glOurs + "  # MY-glpat- instance token\nOTHER_TOKEN=" + glTheirs + "\n",
		// An inline gitleaks:allow.
		"app/allowed.env": "ACME_TOKEN=" + tok() + "  # gitleaks:allow\n",
	})
	r.Commit("everything")

	for _, target := range []string{"dir", "git"} {
		stdout, stderr, code := run(t, "", "scan", target, r.Dir, "--format", "json")
		if code != ExitFindings {
			t.Fatalf("scan %s: exit %d\n%s", target, code, stderr)
		}
		var got []string
		for _, f := range decodeFindings(t, stdout) {
			got = append(got, f.RuleID+" "+f.Path)
		}
		sort.Strings(got)
		want := []string{
			"acme-internal-token app/client.go",
			"acme-internal-token app/settings.py",
			"acme-internal-token fixtures/token.env",
			"gitlab-personal-access-token ci/gitlab.env",
			"gitleaks-billing conf/billing.cfg",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("scan %s:\n got %v\nwant %v", target, got, want)
		}
		if !strings.Contains(stderr, "read "+filepath.Join(r.Dir, ".gitleaks.toml")+" (there is no .leakhound.toml): 6 parts were not carried over exactly") {
			t.Errorf("scan %s: the translation's gaps are not announced:\n%s", target, stderr)
		}
	}

	// With a .leakhound.toml, the .gitleaks.toml is not read.
	write(t, r.Dir, ".leakhound.toml", "[scan]\nexclude = [\"nothing-here/\"]\n")
	_, stderr, _ := run(t, "", "scan", "dir", r.Dir)
	if strings.Contains(stderr, ".gitleaks.toml") {
		t.Errorf("the .gitleaks.toml was read next to a .leakhound.toml:\n%s", stderr)
	}
}

// config import writes a .leakhound.toml that says in its header what
// was not carried over, scans as the gitleaks config did, and is not
// written over an existing file.
func TestConfigImportGitleaks(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, ".gitleaks.toml")
	write(t, dir, ".gitleaks.toml", gitleaksConfig(t))
	_, stderr, code := run(t, "", "config", "import", "gitleaks", src)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	out := filepath.Join(dir, ".leakhound.toml")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"# NOT EXACT: rule lookahead: regex does not compile in RE2",
		"# NOT EXACT: rule p12-files: a path-only rule",
		"# NOT EXACT: [extend] disabledRules github-pat: no leakhound rule has this id",
		"# NOT EXACT: unknownsection:",
		"disabled_rules = ['generic-password', 'generic-secret', 'generic-api-key']",
		"aliases = ['billing']",
		"pattern = 'billing_(id|secret)=(?P<secret>[A-Za-z0-9]{20})'",
		"path_pattern = '\\.cfg$'",
		"tags = ['internal', 'acme']",
		"providers = ['gitlab']",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the imported config lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(stderr, "wrote "+out+": 2 custom rules, 6 allowlists; 6 parts were not carried over exactly") {
		t.Errorf("summary:\n%s", stderr)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) != 2 || len(cfg.Rules[0].Allowlists) != 2 || len(cfg.Allowlists) != 3 {
		t.Errorf("rules %d, their allowlists %d, global allowlists %d", len(cfg.Rules), len(cfg.Rules[0].Allowlists), len(cfg.Allowlists))
	}
	if _, stderr, code := run(t, "", "config", "import", "gitleaks", src); code != ExitError || !strings.Contains(stderr, "not overwritten") {
		t.Errorf("a second import over the file: exit %d\n%s", code, stderr)
	}
	if _, _, code := run(t, "", "config", "import", "gitleaks", src, "--force"); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	if _, stderr, code := run(t, "", "config", "import", "semgrep", src); code != ExitError || !strings.Contains(stderr, "unknown tool") {
		t.Errorf("unknown tool: exit %d\n%s", code, stderr)
	}
	write(t, dir, "broken.gitleaks.toml", "[[rules]\nid = 1\n")
	if _, stderr, code := run(t, "", "config", "import", "gitleaks", filepath.Join(dir, "broken.gitleaks.toml")); code != ExitError || !strings.Contains(stderr, "line 1") {
		t.Errorf("a broken config: exit %d\n%s", code, stderr)
	}
}
