package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// gitleaksEntry has exactly the fields of gitleaks' JSON report.
type gitleaksEntry struct {
	RuleID, Description                        string
	StartLine, EndLine, StartColumn, EndColumn int
	Match, Secret, File, SymlinkFile, Commit   string
	Entropy                                    float32
	Author, Email, Date, Message               string
	Tags                                       []string
	Fingerprint                                string
}

func decodeGitleaks(t *testing.T, s string) []gitleaksEntry {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var out []gitleaksEntry
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("not gitleaks' report shape: %v\n%s", err, s)
	}
	if !bytes.Contains([]byte(s), []byte(`"Tags": [`)) && len(out) > 0 {
		t.Errorf("Tags is not a list:\n%s", s)
	}
	return out
}

// --format gitleaks writes gitleaks' report: an entry per place, secrets
// redacted unless --show-secrets, gitleaks' fingerprints, which a
// .gitleaksignore takes back as they are.
func TestGitleaksReportFormat(t *testing.T) {
	g := testutil.NewGen(21)
	r := testutil.NewRepo(t)
	tok := g.GitHubToken("ghp_")
	custom := "ak_" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 24)
	c1 := r.Write2(map[string]string{"a.env": "# app\nGITHUB_TOKEN=" + tok + "\n"}, "one")
	c2 := r.Write2(map[string]string{"b.env": "GITHUB_TOKEN=" + tok + "\n", "svc.py": "ACME_TOKEN = \"" + custom + "\"\n"}, "two")
	r.Write(map[string]string{".gitleaks.toml": "[[rules]]\nid = \"acmetoken\"\ndescription = \"Acme token\"\nregex = '''(ak_[a-z0-9]{24})'''\nkeywords = [\"acme_token\"]\ntags = [\"acme\", \"internal\"]\n"})
	r.Commit("config")

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "gitleaks")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	entries := decodeGitleaks(t, stdout)
	got := map[string]gitleaksEntry{}
	for _, e := range entries {
		got[e.File] = e
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want one per place (3):\n%s", len(entries), stdout)
	}
	a := got["a.env"]
	want := gitleaksEntry{RuleID: "github-personal-access-token", Description: "GitHub Personal Access Token (classic)",
		StartLine: 2, EndLine: 2, StartColumn: 14, EndColumn: 14 + len(tok) - 1, Match: "REDACTED", Secret: "REDACTED",
		File: "a.env", Commit: c1, Author: "Test Author", Email: "author@example.test", Date: a.Date,
		Tags: []string{}, Fingerprint: c1 + ":a.env:github-personal-access-token:2", Entropy: a.Entropy}
	if fmt.Sprint(a) != fmt.Sprint(want) {
		t.Errorf("a.env entry\n got %+v\nwant %+v", a, want)
	}
	if a.Entropy < 4 || !strings.HasSuffix(a.Date, "Z") {
		t.Errorf("entropy %v, date %q", a.Entropy, a.Date)
	}
	if b := got["b.env"]; b.Commit != c2 || b.Fingerprint != c2+":b.env:github-personal-access-token:1" {
		t.Errorf("b.env entry %+v", b)
	}
	// An imported rule reports under its gitleaks id, with its tags.
	if s := got["svc.py"]; s.RuleID != "acmetoken" || fmt.Sprint(s.Tags) != "[acme internal]" || s.Fingerprint != c2+":svc.py:acmetoken:1" {
		t.Errorf("svc.py entry %+v", s)
	}
	if strings.Contains(stdout, tok) || strings.Contains(stdout, custom) {
		t.Error("a secret is in the report without --show-secrets")
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "gitleaks", "--show-secrets")
	for _, e := range decodeGitleaks(t, stdout) {
		if e.File == "a.env" && (e.Secret != tok || e.Match != tok) {
			t.Errorf("--show-secrets: %+v", e)
		}
	}

	// The fingerprints, as gitleaks users paste them, silence the report.
	var ignore strings.Builder
	for _, e := range entries {
		ignore.WriteString(e.Fingerprint + "\n")
	}
	write(t, r.Dir, ".gitleaksignore", ignore.String())
	if _, stderr, code := run(t, "", "scan", "git", r.Dir); code != 0 {
		t.Errorf("with the report's fingerprints in .gitleaksignore: exit %d\n%s", code, stderr)
	}

	// Outside history: no commit, date or author, and file:rule:line.
	if err := os.Remove(filepath.Join(r.Dir, ".gitleaksignore")); err != nil {
		t.Fatal(err)
	}
	stdout, _, _ = run(t, "", "scan", "dir", r.Dir, "--format", "gitleaks")
	dirEntries := decodeGitleaks(t, stdout)
	if len(dirEntries) != 3 {
		t.Errorf("dir: %d entries, want 3:\n%s", len(dirEntries), stdout)
	}
	for _, e := range dirEntries {
		if e.Commit != "" || e.Date != "" || e.Author != "" || e.Fingerprint != e.File+":"+e.RuleID+":"+fmt.Sprint(e.StartLine) {
			t.Errorf("dir entry %+v", e)
		}
	}
}
