package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/testutil"
)

type jsonOut struct {
	Findings []finding.Finding `json:"findings"`
}

// decodeReport reads a JSON report and returns a finding per place, the
// shape most tests check; decodeFindings keeps the report's own, a
// finding per secret with its places.
func decodeReport(t *testing.T, s string) []finding.Finding {
	t.Helper()
	return finding.Flatten(decodeFindings(t, s))
}

func decodeFindings(t *testing.T, s string) []finding.Finding {
	t.Helper()
	var r jsonOut
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, s)
	}
	return r.Findings
}

func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

type want struct{ rule, path, commit string }

// TestScanGitHistoryEndToEnd builds a repository with secrets in current
// files, in history only, in deleted files, on an unmerged branch,
// base64-encoded and inside a zip, plus decoys, and checks that exactly the
// secrets are found, each with its rule and the commit that introduced it.
func TestScanGitHistoryEndToEnd(t *testing.T) {
	g := testutil.NewGen(1)
	r := testutil.NewRepo(t)

	postmark := g.UUID()
	ghToken := g.GitHubToken("ghp_")
	awsID, awsSecret := g.AWSKeyID(), g.AWSSecret()
	pepipost := g.String(testutil.Hex, 32)
	account := g.UUID()
	dbPassword := g.String(testutil.Base62, 14)
	zipped := g.GitHubToken("ghp_")
	badChecksum := ghToken[:len(ghToken)-1] + string("AB"[strings.IndexByte("AB", ghToken[len(ghToken)-1])+1&1])

	decoys := strings.Join([]string{
		"request_id = " + g.UUID(), // a UUID with no provider nearby
		"POSTMARK_SERVER_TOKEN=your-token-here",
		"POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}",
		"postmark_token = process.env.POSTMARK_SERVER_TOKEN",
		"aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
		"GITHUB_TOKEN=" + badChecksum,
		"password = \"<your password>\"",
		"DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
	}, "\n") + "\n"

	c1 := r.Write2(map[string]string{
		"config/app.env": "POSTMARK_SERVER_TOKEN=" + postmark + "\n",
		"app.py":         "import os\nGITHUB_TOKEN = \"" + ghToken + "\"\n",
		"decoys.txt":     decoys,
	}, "initial")
	c2 := r.Write2(map[string]string{
		"secrets/aws.ini": "[default]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\n",
	}, "add aws")
	r.Git("rm", "-q", "secrets/aws.ini")
	r.Write(map[string]string{
		"app.py":         "import os\nGITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]\n",
		"config/app.env": "# mail\nPOSTMARK_SERVER_TOKEN=" + postmark + "\n", // same secret, edited file
	})
	r.Commit("remove secrets")
	k8s := "apiVersion: v1\nkind: Secret\ndata:\n  url: " + base64.StdEncoding.EncodeToString([]byte("postgres://app:"+dbPassword+"@db.internal:5432/app")) + "\n"
	c4 := r.Write2(map[string]string{
		"deploy/secret.yaml": k8s,
		"dist/bundle.zip":    zipOf(t, map[string]string{"inner/creds.txt": "token: " + zipped + "\n"}),
		"mail.sh":            "curl -H \"api_key: " + pepipost + "\" https://api.pepipost.com/v5/mail/send\n",
	}, "deploy")
	r.Git("checkout", "-q", "-b", "feature")
	c5 := r.Write2(map[string]string{"feature.env": "POSTMARK_ACCOUNT_TOKEN=" + account + "\n"}, "feature work")
	r.Git("checkout", "-q", "main")

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr: %s", code, ExitFindings, stderr)
	}
	got := decodeReport(t, stdout)
	var gotSet []want
	for _, f := range got {
		gotSet = append(gotSet, want{f.RuleID, f.Path, f.Commit})
	}
	wantSet := []want{
		{"postmark-server-token", "config/app.env", c1},
		{"github-personal-access-token", "app.py", c1},
		{"aws-access-key-id", "secrets/aws.ini", c2},
		{"aws-secret-access-key", "secrets/aws.ini", c2},
		{"database-connection-url", "deploy/secret.yaml", c4},
		{"github-personal-access-token", "dist/bundle.zip!inner/creds.txt", c4},
		{"pepipost-api-key", "mail.sh", c4},
		{"postmark-account-token", "feature.env", c5},
	}
	sortWants(gotSet)
	sortWants(wantSet)
	if !equalWants(gotSet, wantSet) {
		t.Errorf("findings differ\n got: %v\nwant: %v", gotSet, wantSet)
	}
	for _, f := range got {
		if f.Path == "deploy/secret.yaml" && (f.Encoding != "base64" || f.Line != 4) {
			t.Errorf("base64 finding: encoding %q line %d, want base64 line 4", f.Encoding, f.Line)
		}
		if f.Path == "config/app.env" && f.Line != 1 {
			t.Errorf("config/app.env: line %d, want 1 (as introduced in the first commit)", f.Line)
		}
		if f.Path == "app.py" && (f.Line != 2 || f.Author != "Test Author" || f.Date.IsZero()) {
			t.Errorf("app.py finding: line %d author %q date %v", f.Line, f.Author, f.Date)
		}
	}
	// Secrets are redacted unless asked for.
	for _, s := range []string{postmark, ghToken, awsSecret, pepipost, account, dbPassword, zipped} {
		if strings.Contains(stdout, s) || strings.Contains(stderr, s) {
			t.Errorf("secret %s... appears in the output without --show-secrets", s[:4])
		}
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets")
	if !strings.Contains(stdout, ghToken) {
		t.Error("--show-secrets did not show the secret")
	}

	// Selecting commits: only the feature branch's own commit.
	stdout, _, code = run(t, "", "scan", "git", r.Dir, "--format", "json", "--range", "main..feature")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].RuleID != "postmark-account-token" {
		t.Errorf("--range main..feature: exit %d, findings %v", code, fs)
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "json", "--branch", "main")
	for _, f := range decodeReport(t, stdout) {
		if f.Commit == c5 {
			t.Error("--branch main reported a commit of the unmerged feature branch")
		}
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "json", "--since", c2)
	if fs := decodeReport(t, stdout); len(fs) != 4 {
		t.Errorf("--since %s: %d findings, want the 4 introduced after it: %v", c2[:7], len(fs), fs)
	}
}

func (w want) String() string { return w.rule + " " + w.path + " " + w.commit[:7] }

func sortWants(ws []want) {
	sort.Slice(ws, func(i, j int) bool { return ws[i].String() < ws[j].String() })
}

func equalWants(a, b []want) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestScanGitErrors(t *testing.T) {
	_, stderr, code := run(t, "", "scan", "git", t.TempDir())
	if code != ExitError || !strings.Contains(stderr, "not a git repository") {
		t.Errorf("not a repository: exit %d, stderr %q", code, stderr)
	}
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"a.txt": "hello\n"})
	r.Commit("one")
	_, stderr, code = run(t, "", "scan", "git", r.Dir, "--branch", "no-such-branch")
	if code != ExitError || !strings.Contains(stderr, "git rev-list failed") {
		t.Errorf("unknown branch: exit %d, stderr %q", code, stderr)
	}
	// Remove the blob's object file: the history lists it, reading fails.
	oid := r.Git("rev-parse", "HEAD:a.txt")
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", oid[:2], oid[2:])); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "", "scan", "git", r.Dir)
	if code != ExitError || !strings.Contains(stderr, "missing") {
		t.Errorf("missing object: exit %d, stderr %q", code, stderr)
	}
}

func TestScanBareRepositoryAndCleanExit(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"README": "nothing to see\n"})
	r.Commit("one")
	bare := filepath.Join(t.TempDir(), "bare.git")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	stdout, stderr, code := run(t, "", "scan", "git", bare)
	if code != ExitClean || !strings.Contains(stdout, "No secrets found") {
		t.Errorf("clean bare repo: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestHistoryScansChangedLinesWithTheirContext edits a long file many
// times; a secret added late, and a private key whose armour lines the
// file already had, are found at their real lines and commits.
func TestHistoryScansChangedLinesWithTheirContext(t *testing.T) {
	g := testutil.NewGen(31)
	r := testutil.NewRepo(t)
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = "line " + strings.Repeat("x", i%7) + " of the config"
	}
	write := func(msg string) string {
		r.Write(map[string]string{"big.conf": strings.Join(lines, "\n") + "\n"})
		return r.Commit(msg)
	}
	write("start")
	for i := 0; i < 5; i++ {
		lines[10+i] = "edited " + g.String(testutil.Hex, 8)
		write("edit")
	}
	tok := g.GitHubToken("ghp_")
	lines[149] = "GITHUB_TOKEN=" + tok
	withToken := write("token")
	lines[20] = "another edit"
	write("later edit")
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d %s", code, stderr)
	}
	fs := decodeReport(t, stdout)
	if len(fs) != 1 || fs[0].Line != 150 || fs[0].Commit != withToken {
		t.Errorf("findings %+v", fs)
	}
}

// TestHistoryFindsAReplacedPrivateKey: the armour lines of the second key
// were already in the file; only its body is new, and the key is found.
func TestHistoryFindsAReplacedPrivateKey(t *testing.T) {
	g := testutil.NewGen(32)
	r := testutil.NewRepo(t)
	key := func() string {
		var body []string
		for i := 0; i < 4; i++ {
			body = append(body, g.String(testutil.Base62+"+/", 64))
		}
		return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + strings.Join(body, "\n") + "\n-----END OPENSSH PRIVATE KEY-----\n"
	}
	r.Write(map[string]string{"id_ed25519": key()})
	first := r.Commit("first key")
	r.Write(map[string]string{"id_ed25519": key()})
	second := r.Commit("rotated key, committed again")
	stdout, _, _ := run(t, "", "scan", "git", r.Dir, "--format", "json")
	commits := map[string]bool{}
	for _, f := range decodeReport(t, stdout) {
		if f.RuleID == "private-key-openssh" && f.Line == 1 {
			commits[f.Commit] = true
		}
	}
	if !commits[first] || !commits[second] {
		t.Errorf("keys found in %v, want both %s and %s", commits, first[:7], second[:7])
	}
}

// TestHistoryScansCommitMessages: a key pasted into a commit message is
// found, attributed to that commit.
func TestHistoryScansCommitMessages(t *testing.T) {
	g := testutil.NewGen(33)
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"a.txt": "hello\n"})
	r.Commit("initial")
	r.Write(map[string]string{"a.txt": "hello again\n"})
	msg := "rotate the deploy token\n\nold one was GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"
	withKey := r.Commit(msg)
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d %s", code, stderr)
	}
	fs := decodeReport(t, stdout)
	if len(fs) != 1 || fs[0].Path != "(commit message)" || fs[0].Commit != withKey || fs[0].Line != 3 {
		t.Errorf("findings %+v", fs)
	}
}
