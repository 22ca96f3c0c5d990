package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestHistoryFindsSecretsByContext builds a repository whose secrets need
// context to be found: a Postmark token under a postmark: key in YAML and
// under a comment naming Postmark in Go, passwords in XML and .env files,
// a weak password in code, hex under an app key's name, then deletes some;
// the history scan finds each at the commit that added it with its
// confidence and key path, and the same-shaped decoys are not reported.
func TestHistoryFindsSecretsByContext(t *testing.T) {
	g := testutil.NewGen(11)
	r := testutil.NewRepo(t)
	nested, commented, messageID, far := g.UUID(), g.UUID(), g.UUID(), g.String(testutil.Hex, 40)
	xmlPassword, envPassword := g.String(testutil.Base62, 14)+"-x", g.String(testutil.Base62, 12)
	c1 := r.Write2(map[string]string{
		"config/mail.yaml": "mail:\n  postmark:\n    from: ops@example.com\n    server_token: " + nested + "\n" +
			"    message_id: " + messageID + "\n",
		"internal/send.go": "package send\n\n// Sending request to the Postmark API\nfunc token() string {\n\tkey := \"" + commented + "\"\n\treturn key\n}\n",
		"maven/settings.xml": "<settings>\n  <servers>\n    <server>\n      <id>deploy</id>\n      <password>\n        " + xmlPassword +
			"\n      </password>\n    </server>\n  </servers>\n</settings>\n",
		"db.py":     "password = \"admin123\"\n",
		"client.py": "APP_KEY = \"" + far + "\"\n",
	}, "configure mail and deploys")
	c2 := r.Write2(map[string]string{".env": "export DB_PASSWORD=" + envPassword + "\n"}, "local env")
	r.Git("rm", "-q", "config/mail.yaml", ".env")
	r.Commit("move secrets to the vault")

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr: %s", code, ExitFindings, stderr)
	}
	type got struct{ rule, path, commit, confidence, key string }
	var have []got
	for _, f := range decodeReport(t, stdout) {
		have = append(have, got{f.RuleID, f.Path, f.Commit, f.Confidence, f.Key})
	}
	want := []got{
		{"postmark-server-token", "config/mail.yaml", c1, "medium", "mail.postmark.server_token"},
		{"postmark-server-token", "internal/send.go", c1, "medium", "key"},
		{"generic-password", "maven/settings.xml", c1, "high", "settings.servers.server.password"},
		{"generic-password", ".env", c2, "high", "DB_PASSWORD"},
		{"generic-password", "db.py", c1, "medium", "password"},
	}
	if len(have) != len(want) {
		t.Fatalf("got %d findings, want %d:\n got: %v\nwant: %v", len(have), len(want), have, want)
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			t.Errorf("missing %v\n got: %v", w, have)
		}
	}
	// The weak password carries its note.
	for _, f := range decodeReport(t, stdout) {
		if f.Path == "db.py" && f.Note != "weak password" {
			t.Errorf("db.py: note %q, want weak password", f.Note)
		}
	}
	// Hex under an app key's name (public as often as not) is low
	// confidence: left out, and said so.
	if !strings.Contains(stderr, "1 of lower confidence not shown") {
		t.Errorf("stderr does not say a finding was left out:\n%s", stderr)
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "json", "--min-confidence", "low")
	low := 0
	for _, f := range decodeReport(t, stdout) {
		if f.Path == "client.py" && f.RuleID == "generic-api-key" && f.Confidence == "low" {
			low++
		}
	}
	if low != 1 {
		t.Errorf("--min-confidence low: want the app key in client.py once, got %d\n%s", low, stdout)
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--format", "json", "--min-confidence", "high")
	for _, f := range decodeReport(t, stdout) {
		if f.Confidence != "high" {
			t.Errorf("--min-confidence high reported a %s finding: %s %s", f.Confidence, f.RuleID, f.Path)
		}
	}
	// The text report names the confidence and the key.
	stdout, _, _ = run(t, "", "scan", "git", r.Dir)
	if !strings.Contains(stdout, "confidence  medium, key mail.postmark.server_token") {
		t.Errorf("text report lacks the confidence line:\n%s", stdout)
	}
	if _, stderr, code := run(t, "", "scan", "git", r.Dir, "--min-confidence", "sure"); code != ExitError || !strings.Contains(stderr, "--min-confidence") {
		t.Errorf("bad --min-confidence: exit %d, stderr %s", code, stderr)
	}
}
