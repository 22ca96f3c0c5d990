package cli

import (
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestInvisibleCharactersInNamesAreSeenThrough: a zero-width joiner, a
// word joiner or a Cyrillic look-alike written into a key name made scan
// dir read no name, and report clean; the secret is found, at its own
// line and column.
func TestInvisibleCharactersInNamesAreSeenThrough(t *testing.T) {
	secret := testutil.NewGen(606).AWSSecret()
	files := map[string]string{
		"app.py":      "import os\npass\u200dword = \"" + secret + "\"\n",
		"deploy.yaml": "db:\n  pass\u2060word: '" + secret + "'\n",
		"prod.env":    "\u0410WS_SECR\u0415T_ACCESS_K\u0415Y=" + secret + "\n",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
	got := map[string][2]int{}
	for _, f := range decodeReport(t, stdout) {
		if f.Secret == secret {
			got[f.Path] = [2]int{f.Line, f.Column}
		}
	}
	want := map[string][2]int{"app.py": {2, 16}, "deploy.yaml": {2, 17}, "prod.env": {1, 26}}
	if code != ExitFindings || len(got) != len(want) {
		t.Fatalf("exit %d, found at %v\n%s", code, got, stderr)
	}
	for p, at := range want {
		if got[p] != at {
			t.Errorf("%s: at %v, want %v", p, got[p], at)
		}
	}
}

// TestLookalikeFirstLetterIsSeenThrough: a key name whose first letter
// only is a Cyrillic or Greek look-alike (РASSWORD with a Cyrillic Р)
// was found by no keyword, and the scan reported clean; a plain
// PASSWORD= is found.
func TestLookalikeFirstLetterIsSeenThrough(t *testing.T) {
	const password = "Xk29vLq8mZ7pK4wQ"
	files := map[string]string{
		"cyrillic.env": "DB_HOST=db.internal\n\u0420ASSWORD=" + password + "\n",
		"greek.env":    "DB_HOST=db.internal\n\u03a1assword=" + password + "\n",
		"plain.env":    "DB_HOST=db.internal\nPASSWORD=" + password + "\n",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
	got := map[string]int{}
	for _, f := range decodeReport(t, stdout) {
		if f.Secret == password {
			got[f.Path] = f.Line
		}
	}
	if code != ExitFindings || len(got) != 3 || got["cyrillic.env"] != 2 || got["greek.env"] != 2 || got["plain.env"] != 2 {
		t.Errorf("exit %d, found at %v; want every file at line 2\n%s", code, got, stderr)
	}
}
