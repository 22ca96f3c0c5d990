package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// A repository clean under gitleaks with its .gitleaksignore is clean
// under leakhound without edits: commit fingerprints (full and short
// hashes), file fingerprints, gitleaks rule ids mapped to leakhound's
// providers, and a line that moved after the entry was written. A secret
// no entry names is still reported, and entries that name nothing are
// said so.
func TestGitleaksIgnoreCarriesOver(t *testing.T) {
	g := testutil.NewGen(15)
	r := testutil.NewRepo(t)
	ignored, kept := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	awsID := g.AWSKeyID()
	c1 := r.Write2(map[string]string{
		"config/app.env":     "# app\nGITHUB_TOKEN=" + ignored + "\n",
		"src/keys.py":        "import boto3\n\nAWS_KEY = \"" + awsID + "\"\n",
		"deploy/values.yaml": "db:\n  host: x\n  password: \"Xk9mP2vL8qR4wZ\"\n",
	}, "secrets reviewed with gitleaks")
	// An unrelated edit moves the ignored token two lines down.
	r.Write2(map[string]string{"config/app.env": "# app\n# more settings\nDEBUG=1\nGITHUB_TOKEN=" + ignored + "\n"}, "unrelated edit")
	r.Write2(map[string]string{"other.env": "GITHUB_TOKEN=" + kept + "\n"}, "a new secret")
	ignore := strings.Join([]string{
		"# reviewed 2024-03-01",
		c1 + ":config/app.env:github-pat:2",
		c1[:7] + ":src/keys.py:aws-access-token:3",
		"deploy/values.yaml:generic-api-key:3",
		"not a fingerprint",
		"0123456789abcdef0123456789abcdef01234567:gone.txt:jwt:1",
		"",
	}, "\n")
	r.Write(map[string]string{".gitleaksignore": ignore})

	for _, target := range []string{"git", "dir"} {
		stdout, stderr, code := run(t, "", "scan", target, r.Dir, "--format", "json")
		if code != ExitFindings {
			t.Fatalf("scan %s: exit %d\n%s", target, code, stderr)
		}
		fs := decodeFindings(t, stdout)
		if len(fs) != 1 || fs[0].Path != "other.env" || fs[0].Fingerprint != fingerprintOf(t, "github-personal-access-token", kept) {
			t.Errorf("scan %s: want only the secret added later, got %+v", target, fs)
		}
		if !strings.Contains(stderr, ".gitleaksignore:5: \"not a fingerprint\"") {
			t.Errorf("scan %s: the malformed line is not reported:\n%s", target, stderr)
		}
		if !strings.Contains(stderr, "1 reviewed entry named no secret this scan found: .gitleaksignore:6") {
			t.Errorf("scan %s: the stale entry is not reported:\n%s", target, stderr)
		}
		if !strings.Contains(stderr, ", 3 suppressed;") {
			t.Errorf("scan %s: suppressed count missing:\n%s", target, stderr)
		}
	}
}

// An entry suppresses only what its rule names: a gitleaks rule of another
// provider on the same line leaves the secret reported.
func TestGitleaksIgnoreRespectsTheRule(t *testing.T) {
	g := testutil.NewGen(16)
	dir := t.TempDir()
	tok := g.GitHubToken("ghp_")
	write(t, dir, "app.env", "GITHUB_TOKEN="+tok+"\n")
	write(t, dir, ".gitleaksignore", "app.env:slack-bot-token:1\n")
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	if code != ExitFindings || len(decodeFindings(t, stdout)) != 1 {
		t.Fatalf("exit %d, want the token reported\n%s\n%s", code, stdout, stderr)
	}
	write(t, dir, ".gitleaksignore", "app.env:github-pat:1\n")
	_, stderr, code = run(t, "", "scan", "dir", dir)
	if code != 0 {
		t.Fatalf("exit %d with the entry naming github-pat\n%s", code, stderr)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
