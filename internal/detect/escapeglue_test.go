package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTokenGluedToAnEscape: a token right after a percent-escape
// (?state=...&token%3Dghp_..., an encoded query inside a URL) has no word
// boundary where it starts as written, so the scan of the text misses it;
// the decoded view finds it at its first byte, and so after %253D, = encoded
// twice. An escape elsewhere on the
// line does not make a token in plain sight an escaped one.
func TestTokenGluedToAnEscape(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(43).GitHubToken("ghp_")
	for _, text := range []string{
		"https://app.example.com/login?next=%2Fhome%3Ftoken%3D" + token,
		`<a href="data:text/plain,GITHUB_TOKEN%3D` + token + `">`,
		// Encoded twice: a URL in a query of a URL in a query.
		"https://sso.example.com/?return=https%3A%2F%2Fapp%2F%3Fnext%3D%252Fapi%253Ftoken%253D" + token,
	} {
		if found, ok := foundDecodedAt(s, "notes.txt", text, token, detect.EncodingPercent, token[:8]); !ok {
			t.Errorf("%.60q: not found at the token (found %v)", text, found)
		}
	}
	ms := s.ScanFile("notes.txt", []byte("see %2Fhome then GITHUB_TOKEN="+token+"\n"))
	if len(ms) != 1 || ms[0].Encoding != "" {
		t.Errorf("a token apart from the escape: %+v, want it once in plain sight", ms)
	}
}

// TestContinuationDropsIndent: Java's .properties, TOML's multi-line
// strings and YAML's double-quoted scalars drop the blanks that start a
// line a backslash continues, so a token cut there and indented is one
// value: found whole, at its start. Elsewhere (a shell's double quotes
// keep them, a script in a YAML block scalar) it is not joined.
func TestContinuationDropsIndent(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(47).GitHubToken("ghp_")
	a, b := token[:20], token[20:]
	for file, text := range map[string]string{
		"app.properties": "github.token=" + a + "\\\n        " + b,
		"config.toml":    "token = \"\"\"" + a + "\\\r\n    " + b + "\"\"\"",
		"values.yaml":    "github:\n  token: \"" + a + "\\\n    " + b + "\"",
	} {
		if found, ok := foundDecodedAt(s, file, text, token, detect.EncodingBackslash, a); !ok {
			t.Errorf("%s: not found whole (found %v)", file, found)
		}
	}
	for file, text := range map[string]string{
		"deploy.sh": "export GITHUB_TOKEN=\"" + a + "\\\n    " + b + "\"\n",
		"ci.yml":    "run: |\n  deploy --token=" + a + "\\\n    " + b + "\n",
	} {
		for _, m := range s.ScanFile(file, []byte(text)) {
			if m.Secret == token {
				t.Errorf("%s: joined across the indent a shell keeps: %+v", file, m)
			}
		}
	}
}
