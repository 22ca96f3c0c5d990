package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// scanPlaces scans dir and returns "rule path" for each place reported.
func scanPlaces(t *testing.T, dir string, wantCode int, args ...string) (places []string, stderr string) {
	t.Helper()
	stdout, stderr, code := run(t, "", append([]string{"scan", "dir", dir, "--format", "json"}, args...)...)
	if code != wantCode {
		t.Fatalf("scan: exit %d, want %d\n%s", code, wantCode, stderr)
	}
	for _, f := range decodeReport(t, stdout) {
		places = append(places, f.RuleID+" "+f.Path)
	}
	sort.Strings(places)
	return places, stderr
}

// importFails imports a file that must be refused: exit 2, the error
// naming want, nothing written.
func importFails(t *testing.T, tool, file, want string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.toml")
	_, stderr, code := run(t, "", "config", "import", tool, file, "-o", out)
	if code != ExitError || !strings.Contains(stderr, want) {
		t.Errorf("import %s %s: exit %d, want 2 and %q\n%s", tool, filepath.Base(file), code, want, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("import %s %s failed but wrote %s", tool, filepath.Base(file), out)
	}
}

// A repository with a .gitguardian.yaml (version 2, the format of
// ggshield's .gitguardian.example.yml) is scanned with every decision in
// it kept: read directly at the root, and again once `config import
// ggshield` has written it as a .leakhound.toml.
func TestGgshieldDecisionsHold(t *testing.T) {
	g := testutil.NewGen(71)
	dir := t.TempDir()
	tok := func() string { return g.GitHubToken("ghp_") }
	inDoc, deepInDoc, byHash, byText, byGgHash, inline, fresh := tok(), tok(), tok(), tok(), tok(), tok(), tok()
	gg := `version: 2
exit_zero: true
instance: https://dashboard.gitguardian.com
max_commits_for_hook: 50
secret:
  show_secrets: false
  ignore_known_secrets: true
  ignored_paths:
    - 'doc/*'
    - '**/fixtures/'
  ignored_matches:
    - name: rotated in March
      match: ` + sha256Hex(byHash) + `
    - name: credentials
      match: ` + byText + `
    - name:
      match: ` + sha256Hex(byGgHash+",apikey") + `
    - name: never-found
      match: ` + sha256Hex("user:pass") + `
  ignored_detectors:
    - AWS Keys
    - Contoso Widget Token
`
	write(t, dir, ".gitguardian.yaml", gg)
	for name, content := range map[string]string{
		"doc/notes.md":              "token " + inDoc + "\n",
		"doc/deep/notes.md":         "token " + deepInDoc + "\n", // ggshield's * stays within a directory
		"src/fixtures/gh.env":       "GITHUB_TOKEN=" + tok() + "\n",
		"app/a.env":                 "GITHUB_TOKEN=" + byHash + "\n",
		"app/b.env":                 "GITHUB_TOKEN=" + byText + "\n",
		"app/c.env":                 "GITHUB_TOKEN=" + byGgHash + "\n",
		"app/aws.py":                "AWS_KEY = \"" + g.AWSKeyID() + "\"\n",
		"app/inline.py":             "TOKEN = \"" + inline + "\"  # ggignore\n",
		"app/new.env":               "GITHUB_TOKEN=" + fresh + "\n",
		"app/other/fixtures.txt.md": "GITHUB_TOKEN=" + tok() + "\n", // fixtures/ names a directory
	} {
		write(t, dir, name, content)
	}
	want := []string{
		"github-personal-access-token app/new.env",
		"github-personal-access-token app/other/fixtures.txt.md",
		"github-personal-access-token doc/deep/notes.md",
	}
	got, stderr := scanPlaces(t, dir, ExitFindings)
	if !slices.Equal(got, want) {
		t.Errorf("read directly: reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(stderr, "1 reviewed entry named no secret this scan found: .gitguardian.yaml ignored_matches, line 18: never-found (secret_sha256 "+sha256Hex("user:pass")[:12]) {
		t.Errorf("the scan does not name the ignored match that matched nothing:\n%s", stderr)
	}
	if !strings.Contains(stderr, "read "+filepath.Join(dir, ".gitguardian.yaml")+" (there is no .leakhound.toml): 4 parts were not carried over exactly; `leakhound config import ggshield") {
		t.Errorf("the scan does not say what it read:\n%s", stderr)
	}

	_, stderr, code := run(t, "", "config", "import", "ggshield", filepath.Join(dir, ".gitguardian.yaml"))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".leakhound.toml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		`# NOT EXACT: line 22: ignored detector "Contoso Widget Token": names no leakhound rule`,
		"# NOT EXACT: exit_zero: leakhound sets its exit status by flag",
		"# NOT EXACT: secret.ignore_known_secrets: which secrets GitGuardian's dashboard already knows",
		`# note: line 21: ignored detector "AWS Keys": disables aws-access-key-id`,
		"# note: settings: instance, max_commits_for_hook, secret.show_secrets do not decide what is reported",
		"description = '.gitguardian.yaml ignored_matches, line 12: rotated in March'",
		sha256Hex(byText),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the imported config lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, byText) {
		t.Errorf("the imported config holds a secret ggshield stored as text:\n%s", text)
	}
	if got, _ := scanPlaces(t, dir, ExitFindings); !slices.Equal(got, want) {
		t.Errorf("imported: reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The deprecated version 1 format (no version key, dashed keys, a bare
// hash in matches-ignore) is read as ggshield converts it.
func TestGgshieldVersion1(t *testing.T) {
	g := testutil.NewGen(72)
	dir := t.TempDir()
	ignored, kept := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	write(t, dir, ".gitguardian.yml", "paths-ignore:\n  - '/vendor/'\nmatches-ignore:\n  - "+sha256Hex(ignored)+"\n  - name: old\n    match: "+sha256Hex("unused")+"\nbanlisted-detectors:\n  - Generic Password\nexit-zero: false\nall-policies: false\n")
	write(t, dir, "vendor/lib.env", "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n")
	write(t, dir, "src/vendor/lib.env", "GITHUB_TOKEN="+kept+"\n") // /vendor/ is anchored at the root
	write(t, dir, "app/a.env", "GITHUB_TOKEN="+ignored+"\n")
	write(t, dir, "app/db.py", "password = \"Zq8#mL2v!pX4rT9w\"\n")
	want := []string{"github-personal-access-token src/vendor/lib.env"}
	if got, _ := scanPlaces(t, dir, ExitFindings); !slices.Equal(got, want) {
		t.Errorf("reported %v, want %v", got, want)
	}
	out := filepath.Join(t.TempDir(), "imported.toml")
	if _, stderr, code := run(t, "", "config", "import", "ggshield", filepath.Join(dir, ".gitguardian.yml"), "-o", out); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"disabled_rules = ['generic-password']", "paths = ['^vendor/']", sha256Hex(ignored)} {
		if !strings.Contains(string(data), w) {
			t.Errorf("the imported config lacks %q:\n%s", w, data)
		}
	}
}

// A .gitguardian.yaml that is not what ggshield documents stops the
// import and the scan with the line at fault, exit 2.
func TestGgshieldBadConfig(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"version: 2\nsecret:\n  ignored_matches:\n    - name: x\n", "line 4: secret.ignored_matches: entry has no match"},
		{"version: 3\n", "line 1: version \"3\""},
		{"version: 2\nsecret:\n  ignored_paths: vendor\n", "line 3: secret.ignored_paths must be a list"},
		{"version: 2\nexit_zero: sometimes\n", "line 2: exit_zero must be true or false"},
	} {
		dir := t.TempDir()
		write(t, dir, ".gitguardian.yaml", c.text)
		importFails(t, "ggshield", filepath.Join(dir, ".gitguardian.yaml"), c.want)
		if _, stderr, code := run(t, "", "scan", "dir", dir); code != ExitError || !strings.Contains(stderr, c.want) {
			t.Errorf("scan with %q: exit %d, want 2 and %q\n%s", c.text, code, c.want, stderr)
		}
	}
}
