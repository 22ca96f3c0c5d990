package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/pkg/leakhound"
)

// A repository that gitleaks passes, with what its users keep in it to
// say so, passes leakhound with no edit, through the command and through
// the Go package alike. Each suppression is one gitleaks documents in its
// README (facts from gitleaks' README and detect/detect.go):
//   - .gitleaksignore entries commit:file:rule:line and file:rule:line
//     (gitleaks checks the second form in a history scan too);
//   - a `gitleaks:allow` comment on the secret's line;
//   - [extend] useDefault with a custom rule (regex, secretGroup, entropy,
//     keywords), its allowlists by commit and by stopword (stopwords are
//     looked for in the secret);
//   - a global allowlist by path.
//
// A secret committed afterwards is then the only one reported.
func TestRepositoryCleanUnderGitleaksIsCleanUnderLeakhound(t *testing.T) {
	g := testutil.NewGen(41)
	r := testutil.NewRepo(t)
	ghIgnored, ghAllowPy, ghAllowJS, ghVendored, ghNew := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	awsID := g.AWSKeyID()
	corpOld := "corp_" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 32)
	corpExample := "corp_example" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 25)

	c1 := r.Write2(map[string]string{
		"config/app.env":    "# app\nGITHUB_TOKEN=" + ghIgnored + "\n",
		"src/keys.py":       "import boto3\n\nAWS_KEY = \"" + awsID + "\"\n",
		"tests/test_api.py": "TOKEN = \"" + ghAllowPy + "\"  # gitleaks:allow\n",
		"web/app.js":        "const token = \"" + ghAllowJS + "\"; //gitleaks:allow\n",
		"old/creds.txt":     "deploy with " + corpOld + "\n",
	}, "initial import")
	gitleaksToml := `title = "corp"

[extend]
useDefault = true

[[rules]]
id = "corp-token"
description = "Corp deploy token"
regex = '''corp_([a-z0-9]{32})'''
secretGroup = 1
entropy = 3.5
keywords = ["corp_"]

    [[rules.allowlists]]
    description = "the token of the first import, revoked"
    commits = ["` + c1 + `"]

    [[rules.allowlists]]
    stopwords = ["example"]

[[allowlists]]
description = "vendored code"
paths = ['''(^|/)vendor/''']
`
	r.Git("rm", "-q", "old/creds.txt")
	r.Write2(map[string]string{
		".gitleaks.toml": gitleaksToml,
		// An unrelated edit moves the ignored token two lines down.
		"config/app.env":        "# app\n# more settings\nDEBUG=1\nGITHUB_TOKEN=" + ghIgnored + "\n",
		"vendor/lib/README.txt": "GITHUB_TOKEN=" + ghVendored + "\n",
		"deploy/corp.env":       "CORP_TOKEN=" + corpExample + "\n",
	}, "gitleaks config")
	r.Write2(map[string]string{".gitleaksignore": strings.Join([]string{
		c1 + ":config/app.env:github-pat:2",
		"src/keys.py:aws-access-token:3",
		"",
	}, "\n")}, "findings reviewed")

	// Without the gitleaks files, the same tree has secrets to report:
	// those files, not something else, make the scans clean.
	bare := t.TempDir()
	if out, err := testutil.GitCmd(bare, "clone", "-q", r.Dir, ".").CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	for _, name := range []string{".gitleaks.toml", ".gitleaksignore"} {
		if err := os.Remove(filepath.Join(bare, name)); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := run(t, "", "scan", "dir", bare, "--format", "json")
	var unreviewed []string
	for _, f := range decodeFindings(t, stdout) {
		unreviewed = append(unreviewed, f.Path)
	}
	sort.Strings(unreviewed)
	if code != ExitFindings || fmt.Sprint(unreviewed) != "[config/app.env src/keys.py vendor/lib/README.txt]" {
		t.Fatalf("without the gitleaks files: exit %d, reported %v\n%s", code, unreviewed, stderr)
	}

	// Suppressed places: the two reviewed in .gitleaksignore, the two
	// gitleaks:allow lines, the vendored token, the example corp token,
	// and in history the corp token of the allowed commit.
	suppressed := map[string]int{"git": 7, "dir": 6}
	for _, target := range []string{"git", "dir"} {
		_, stderr, code := run(t, "", "scan", target, r.Dir)
		if code != ExitClean {
			t.Errorf("scan %s: exit %d, want clean\n%s", target, code, stderr)
		}
		if !strings.Contains(stderr, fmt.Sprintf(", %d suppressed", suppressed[target])) {
			t.Errorf("scan %s: the suppressed count is not there:\n%s", target, stderr)
		}
		if strings.Contains(stderr, "not carried over exactly") || strings.Contains(stderr, "named no secret") {
			t.Errorf("scan %s: the gitleaks files were not all used:\n%s", target, stderr)
		}
	}
	s, err := leakhound.New(leakhound.Options{Root: r.Dir})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if fs, err := s.ScanGit(ctx, r.Dir, leakhound.GitOptions{}); err != nil || len(fs) != 0 {
		t.Errorf("the package's ScanGit: %v, %+v", err, fs)
	}
	if fs, err := s.ScanDir(ctx, r.Dir); err != nil || len(fs) != 0 {
		t.Errorf("the package's ScanDir: %v, %+v", err, fs)
	}

	// A secret committed now is reported, alone, by both.
	r.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + ghNew + "\n"}, "a new secret")
	want := fingerprintOf(t, "github-personal-access-token", ghNew)
	for _, target := range []string{"git", "dir"} {
		stdout, stderr, code := run(t, "", "scan", target, r.Dir, "--format", "json")
		fs := decodeFindings(t, stdout)
		if code != ExitFindings || len(fs) != 1 || fs[0].Fingerprint != want {
			t.Errorf("scan %s after a new secret: exit %d, %+v\n%s", target, code, fs, stderr)
		}
	}
	fs, err := s.ScanGit(ctx, r.Dir, leakhound.GitOptions{})
	if err != nil || len(fs) != 1 || fs[0].Fingerprint != want || fs[0].Places[0].Path != "new.env" {
		t.Errorf("the package's ScanGit after a new secret: %v, %+v", err, fs)
	}
}

// What gitleaks' README specifies for allowlists, on inputs chosen to
// tell the readings apart, scanned from a .gitleaks.toml that extends
// another by path:
//   - a rule allowlist's criteria are ORed unless condition = "AND";
//   - regexes look at the secret unless regexTarget says "match" (the
//     whole match) or "line";
//   - stopwords look at the secret, global ones included;
//   - [extend] path lays a config over another, rules merged by id and
//     allowlists appended;
//   - entropy is a minimum the secret must exceed.
func TestGitleaksAllowlistTargetsAsDocumented(t *testing.T) {
	g := testutil.NewGen(42)
	dir := t.TempDir()
	tok := func(prefix string) string {
		return "corp_" + prefix + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 32-len(prefix))
	}
	write(t, dir, "base.toml", `[extend]
useDefault = true

[[rules]]
id = "corp-token"
description = "Corp deploy token"
regex = '''corp_([a-z0-9]{32})'''
secretGroup = 1
entropy = 3.0
keywords = ["corp_"]
`)
	write(t, dir, ".gitleaks.toml", `[extend]
path = "base.toml"

[[rules]]
id = "corp-token"

    [[rules.allowlists]]
    condition = "OR"
    paths = ['''(^|/)docs/''']
    stopwords = ["dummy"]

[[allowlists]]
description = "secret is the default target: the prefix is not in the secret, so this allows nothing"
regexes = ['''^corp_''']

[[allowlists]]
regexTarget = "match"
regexes = ['''^corp_staging''']

[[allowlists]]
regexTarget = "line"
regexes = ['''# rotated''']

[[allowlists]]
stopwords = ["placeholder"]
`)
	files := map[string]string{
		"docs/setup.md":   "CORP_TOKEN=" + tok("") + "\n",            // rule allowlist: path alone (OR)
		"app/dummy.env":   "CORP_TOKEN=" + tok("dummy") + "\n",       // rule allowlist: stopword alone (OR)
		"app/staging.env": "CORP_TOKEN=" + tok("staging") + "\n",     // regexTarget match
		"app/rotated.env": "CORP_TOKEN=" + tok("") + "  # rotated\n", // regexTarget line
		"app/ph.env":      "CORP_TOKEN=" + tok("placeholder") + "\n", // global stopword
		"app/live.env":    "CORP_TOKEN=" + tok("") + "\n",            // nothing allows it
		"docsite/x.env":   "CORP_TOKEN=" + tok("") + "\n",            // not under docs/
		// Entropy exactly 3.0 (8 symbols, equally frequent): gitleaks
		// keeps a secret only above the rule's entropy (detect.go:
		// entropy <= r.Entropy is skipped).
		"app/flat.env": "CORP_TOKEN=corp_" + strings.Repeat("abcdefgh", 4) + "\n",
	}
	for name, content := range files {
		write(t, dir, name, content)
	}
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	var got []string
	for _, f := range decodeFindings(t, stdout) {
		got = append(got, f.RuleID+" "+f.Path)
	}
	sort.Strings(got)
	want := "[corp-token app/live.env corp-token docsite/x.env]"
	if code != ExitFindings || fmt.Sprint(got) != want {
		t.Errorf("exit %d\n got %v\nwant %s\n%s", code, got, want, stderr)
	}
	if !strings.Contains(stderr, ", 5 suppressed") {
		t.Errorf("suppressed count:\n%s", stderr)
	}
}
