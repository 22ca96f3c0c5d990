package cli

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

// wrap cuts s into lines of n characters, as PEM and MIME base64 are.
func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

// TestStagedSecretOverSeveralLines: a pre-commit scan kept a finding only
// when the first line of its secret was added. A commit that replaced a
// private key's body under its unchanged BEGIN line, changed the lines of
// a wrapped base64 run after its first, or the second half of a token
// concatenated over two lines, passed as clean (exit 0). A
// finding now counts when the commit adds any line of its secret; a
// multi-line secret the commit leaves alone is still not reported again.
func TestStagedSecretOverSeveralLines(t *testing.T) {
	_, oldKey := testutil.RSAKey(t)
	_, newKey := testutil.RSAKey(t)
	g := testutil.NewGen(1201)
	encoded := func(tok string) string {
		text := "name: deploy settings for the staging cluster\nregion: eu\nGITHUB_TOKEN=" + tok + "\nretries: 3\n"
		return wrap(base64.StdEncoding.EncodeToString([]byte(text)), 76)
	}
	oldTok, newTok := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	// Two tokens whose first 20 characters are the same, split there.
	prefix := g.String(testutil.Base62, 16)
	concat := func() string {
		random := prefix + g.String(testutil.Base62, 14)
		tok := "ghp_" + random + rule.Base62CRC32([]byte(random))
		return "const token = \"" + tok[:20] + "\" +\n  \"" + tok[20:] + "\";\n"
	}
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"deploy/key.pem": oldKey, "deploy/settings.b64": encoded(oldTok), "web/client.js": concat()}, "first")

	js := concat()
	r.Write(map[string]string{"deploy/key.pem": newKey, "deploy/settings.b64": encoded(newTok), "web/client.js": js})
	r.Git("add", "-A")
	diff := r.Git("diff", "--cached", "-U0")
	if strings.Contains(diff, "+-----BEGIN") || strings.Contains(diff, "@@ -1 +1 @@") || strings.Contains(diff, "+const") {
		t.Fatalf("the commit changes the first lines: the test proves nothing\n%s", diff)
	}
	stdout, stderr, code := run(t, "", "scan", "staged", r.Dir, "--format", "json")
	found := map[string]bool{}
	for _, f := range decodeReport(t, stdout) {
		found[f.Path] = true
	}
	if code != ExitFindings || !found["deploy/key.pem"] || !found["deploy/settings.b64"] || !found["web/client.js"] {
		t.Errorf("exit %d, found in %v\n%s", code, found, stderr)
	}

	// The same secrets, committed, with a line added after them: nothing
	// new to report.
	r.Commit("second")
	r.Write(map[string]string{"deploy/key.pem": newKey + "\n", "deploy/settings.b64": encoded(newTok) + "\n", "web/client.js": js + "\n"})
	r.Git("add", "-A")
	if stdout, stderr, code := run(t, "", "scan", "staged", r.Dir, "--format", "json"); code != ExitClean {
		t.Errorf("secrets already committed reported again: exit %d %+v\n%s", code, decodeReport(t, stdout), stderr)
	}
}
