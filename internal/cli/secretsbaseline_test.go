package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// detectSecretsHash is what detect-secrets stores: the SHA-1 of the
// secret's text.
func detectSecretsHash(secret string) string {
	sum := sha1.Sum([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// A repository with a detect-secrets baseline reports only the secrets
// added after it, whatever unrelated edits moved: results are matched by
// file and hash, audited (either verdict) or not, with the hash of a word
// of the secret for a private key (detect-secrets records its header).
func TestDetectSecretsBaselineCarriesOver(t *testing.T) {
	g := testutil.NewGen(17)
	r := testutil.NewRepo(t)
	oldToken, newToken := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	awsID := g.AWSKeyID()
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	r.Write2(map[string]string{
		"config/settings.py": "import os\n\nAWS_KEY = \"" + awsID + "\"\nGITHUB_TOKEN = \"" + oldToken + "\"\n",
		"deploy/keys.pem":    pemKey,
	}, "secrets audited with detect-secrets")
	baseline := fmt.Sprintf(`{
  "version": "1.5.0",
  "plugins_used": [{"name": "AWSKeyDetector"}, {"name": "GitHubTokenDetector"}, {"name": "PrivateKeyDetector"}],
  "filters_used": [{"path": "detect_secrets.filters.allowlist.is_line_allowlisted"}],
  "results": {
    "config/settings.py": [
      {"type": "AWS Access Key", "filename": "config/settings.py", "hashed_secret": %q, "is_verified": false, "line_number": 3, "is_secret": false},
      {"type": "GitHub Token", "filename": "config/settings.py", "hashed_secret": %q, "is_verified": false, "line_number": 4}
    ],
    "deploy/keys.pem": [
      {"type": "Private Key", "filename": "deploy/keys.pem", "hashed_secret": %q, "is_verified": false, "line_number": 1, "is_secret": true}
    ],
    "gone.py": [
      {"type": "Secret Keyword", "filename": "gone.py", "hashed_secret": "%s", "is_verified": false, "line_number": 1}
    ]
  },
  "generated_at": "2024-03-16T19:18:06Z"
}`, detectSecretsHash(awsID), detectSecretsHash(oldToken), detectSecretsHash("BEGIN RSA PRIVATE KEY"), detectSecretsHash("hunter2hunter2"))
	// Unrelated edits move every audited secret; then new ones come.
	r.Write2(map[string]string{
		".secrets.baseline":  baseline,
		"config/settings.py": "\"\"\"Settings.\"\"\"\nimport os\nimport sys\n\nDEBUG = False\nAWS_KEY = \"" + awsID + "\"\nGITHUB_TOKEN = \"" + oldToken + "\"\n",
		"deploy/keys.pem":    "# the staging key\n" + pemKey,
	}, "unrelated edits")
	r.Write2(map[string]string{"config/local.py": "GITHUB_TOKEN = \"" + newToken + "\"\n",
		"config/settings.py": "\"\"\"Settings.\"\"\"\nimport os\nimport sys\n\nDEBUG = False\nAWS_KEY = \"" + awsID + "\"\nGITHUB_TOKEN = \"" + oldToken + "\"\nBACKUP_TOKEN = \"" + newToken + "\"\n",
	}, "new secrets")

	for _, target := range []string{"dir", "git"} {
		stdout, stderr, code := run(t, "", "scan", target, r.Dir, "--format", "json")
		if code != ExitFindings {
			t.Fatalf("scan %s: exit %d\n%s", target, code, stderr)
		}
		fs := decodeFindings(t, stdout)
		if len(fs) != 1 || fs[0].Fingerprint != fingerprintOf(t, "github-personal-access-token", newToken) {
			t.Fatalf("scan %s: want only the token added after the baseline, got %+v", target, fs)
		}
		var paths []string
		for _, p := range fs[0].Places {
			paths = append(paths, p.Path)
		}
		if fmt.Sprint(paths) != "[config/local.py config/settings.py]" {
			t.Errorf("scan %s: the new token's places %v", target, paths)
		}
		if !strings.Contains(stderr, "1 suppressed place holds a secret the detect-secrets baseline marks as real") {
			t.Errorf("scan %s: the audited-real secret is not named:\n%s", target, stderr)
		}
		if !strings.Contains(stderr, "1 reviewed entry named no secret this scan found: .secrets.baseline (gone.py:1)") {
			t.Errorf("scan %s: the stale result is not named:\n%s", target, stderr)
		}
	}

	// The same baseline under another name, given with --baseline, to a
	// scan of a copy without it; its shape tells it from a JSON report.
	elsewhere := filepath.Join(t.TempDir(), "audited.baseline")
	write(t, filepath.Dir(elsewhere), filepath.Base(elsewhere), baseline)
	r.Git("rm", "-q", ".secrets.baseline")
	if _, stderr, code := run(t, "", "scan", "dir", r.Dir, "--baseline", elsewhere); code != ExitFindings || !strings.Contains(stderr, ", 3 suppressed") {
		t.Errorf("--baseline with a detect-secrets file: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "", "scan", "dir", r.Dir); code != ExitFindings || strings.Contains(stderr, "suppressed") {
		t.Errorf("without the baseline: exit %d\n%s", code, stderr)
	}

	// A hash that could never match is an error, not a silent gap.
	write(t, r.Dir, ".secrets.baseline", strings.Replace(baseline, detectSecretsHash(awsID), "0000", 1))
	if _, stderr, code := run(t, "", "scan", "dir", r.Dir); code != ExitError || !strings.Contains(stderr, "is not a SHA-1") {
		t.Errorf("a damaged baseline: exit %d\n%s", code, stderr)
	}
}

// detect-secrets' hook scans with the filters its baseline records, so
// leakhound does too: files, lines and secrets it excludes, and its word
// list. config import detect-secrets writes them as a .leakhound.toml.
func TestDetectSecretsBaselineFilters(t *testing.T) {
	g := testutil.NewGen(20)
	dir := t.TempDir()
	inTests, onExampleLine, reported := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	write(t, dir, "tests/fixtures.env", "GITHUB_TOKEN="+inTests+"\n")
	write(t, dir, "docs/setup.env", "GITHUB_TOKEN="+onExampleLine+"  # EXAMPLE only\n")
	write(t, dir, "app/words.env", "SECRET_KEY=Zx9Kq2Lm8Rt4Vw7NfakewordZp3\n")
	write(t, dir, "app/real.env", "GITHUB_TOKEN="+reported+"\n")
	write(t, dir, "words.txt", "fakeword\n")
	write(t, dir, ".secrets.baseline", `{
  "version": "1.5.0",
  "plugins_used": [{"name": "GitHubTokenDetector"}, {"name": "KeywordDetector", "keyword_exclude": "^db_"}],
  "filters_used": [
    {"path": "detect_secrets.filters.regex.should_exclude_file", "pattern": ["^tests/"]},
    {"path": "detect_secrets.filters.regex.should_exclude_line", "pattern": ["EXAMPLE"]},
    {"path": "detect_secrets.filters.wordlist.should_exclude_secret", "min_length": 3, "file_name": "words.txt", "file_hash": "x"}
  ],
  "results": {},
  "generated_at": "2024-03-16T19:18:06Z"
}`)
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fs := decodeFindings(t, stdout)
	if len(fs) != 1 || fs[0].Path != "app/real.env" {
		t.Errorf("want only app/real.env reported, got %+v", fs)
	}
	if !strings.Contains(stderr, ".secrets.baseline: 1 of its settings was not carried over exactly") {
		t.Errorf("keyword_exclude's gap is not announced:\n%s", stderr)
	}

	_, stderr, code = run(t, "", "config", "import", "detect-secrets", filepath.Join(dir, ".secrets.baseline"))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "not exact: plugin KeywordDetector: keyword_exclude \"^db_\" is not carried over") {
		t.Errorf("import notes:\n%s", stderr)
	}
	// The baseline moved away, the imported config does the filtering.
	if err := os.Rename(filepath.Join(dir, ".secrets.baseline"), filepath.Join(t.TempDir(), "old.baseline")); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, _ = run(t, "", "scan", "dir", dir, "--format", "json")
	if fs := decodeFindings(t, stdout); len(fs) != 1 || fs[0].Path != "app/real.env" {
		t.Errorf("with the imported config: %+v\n%s", fs, stderr)
	}
}
