package cli

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// Allowlists of .leakhound.toml drop what they allow, place by place: a
// commit's blob copied elsewhere by a later commit is reported there; a
// path, a line regex, a rule's own list. Dropped places count as
// suppressed.
func TestAllowlistsInHistory(t *testing.T) {
	g := testutil.NewGen(18)
	r := testutil.NewRepo(t)
	first, fixture, sandbox, custom := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), "CORP-"+g.String("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16)
	c1 := r.Write2(map[string]string{"a.env": "GITHUB_TOKEN=" + first + "\n"}, "reviewed commit")
	c2 := r.Write2(map[string]string{
		"b.env":            "GITHUB_TOKEN=" + first + "\n", // the same blob, copied
		"fixtures/gh.env":  "GITHUB_TOKEN=" + fixture + "\n",
		"ci/sandbox.env":   "GITHUB_TOKEN=" + sandbox + "  # sandbox account\n",
		"corp/service.cfg": "corp_key = " + custom + "\nother = CORP-TESTTESTTESTTEST\n",
	}, "more")
	cfg := fmt.Sprintf(`
[[allowlists]]
description = "reviewed in review #12"
commits = [%q]

[[allowlists]]
paths = ['^fixtures/']

[[allowlists]]
providers = ["github"]
regex_target = "line"
regexes = ['# sandbox']

[[rules]]
provider = "corp"
id = "corp-key"
name = "Corp key"
severity = "high"
keywords = ["corp-"]
pattern = '(?P<secret>CORP-[A-Z0-9]{16})'

[[rules.allowlists]]
stopwords = ["test"]
`, strings.ToUpper(c1))
	cfgPath := filepath.Join(t.TempDir(), "leakhound.toml")
	write(t, filepath.Dir(cfgPath), filepath.Base(cfgPath), cfg)

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--config", cfgPath, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var got []string
	for _, f := range decodeFindings(t, stdout) {
		for _, p := range f.Places {
			got = append(got, f.RuleID+"@"+p.Path+"@"+p.Commit[:7])
		}
	}
	sort.Strings(got)
	want := []string{"corp-key@corp/service.cfg@" + c2[:7], "github-personal-access-token@b.env@" + c2[:7]}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("places\n got %v\nwant %v", got, want)
	}
	if !strings.Contains(stderr, ", 4 suppressed") {
		t.Errorf("suppressed count (a.env, fixture, sandbox, the test key):\n%s", stderr)
	}

	// A list that could allow nothing, or names a rule that is not there,
	// is a config error.
	for _, bad := range []string{"[[allowlists]]\ndescription = \"empty\"\n", "[[allowlists]]\nrules = [\"no-such-rule\"]\nstopwords = [\"x\"]\n", "[[allowlists]]\nregexes = ['(?=x)']\n"} {
		write(t, filepath.Dir(cfgPath), filepath.Base(cfgPath), bad)
		if _, stderr, code := run(t, "", "scan", "dir", r.Dir, "--config", cfgPath); code != ExitError || !strings.Contains(stderr, "allowlists[0]") {
			t.Errorf("%q: exit %d\n%s", bad, code, stderr)
		}
	}
}
