package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// scanFiles writes files to a new folder, scans it with scan dir (JSON,
// secrets shown, extra arguments after) and returns the paths at which
// secret was found, stderr and the exit code.
func scanFiles(t *testing.T, files map[string]string, secret string, args ...string) (paths []string, stderr string, code int) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := run(t, "", append([]string{"scan", "dir", dir, "--format", "json", "--show-secrets"}, args...)...)
	for _, f := range decodeReport(t, stdout) {
		if f.Secret == secret {
			paths = append(paths, f.Path)
		}
	}
	return paths, stderr, code
}

// TestZerosBeforeTextDoNotHideIt: content whose first 8000 bytes are NULs
// (a blank disk image, or a .env with zeros put before it) used to be
// skipped as "binary" on its head alone, whatever followed: exit 0 with a
// token after the zeros. Only content that is zeros to its end is.
func TestZerosBeforeTextDoNotHideIt(t *testing.T) {
	tok := testutil.NewGen(401).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	paths, stderr, code := scanFiles(t, map[string]string{
		"disk.img":  strings.Repeat("\x00", 9000) + "x = 1\n" + line,
		"app.env":   strings.Repeat("\x00", 20000) + line,
		"blank.img": strings.Repeat("\x00", 20000),
	}, tok)
	if code != ExitFindings || len(paths) != 2 {
		t.Errorf("exit %d, found at %v\n%s", code, paths, stderr)
	}
	if !strings.Contains(stderr, "1 binary skipped") {
		t.Errorf("the file of zeros is not named as skipped: %s", stderr)
	}
	// Zeros hold no line break: the token is on line 1, after them.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"app.env": strings.Repeat("\x00", 20000) + line})
	stdout, _, _ := run(t, "", "scan", "dir", dir, "--format", "json")
	if fs := decodeReport(t, stdout); len(fs) != 1 || fs[0].Line != 1 || fs[0].Column != 20014 {
		t.Errorf("placed at %+v, want 1:20014", fs)
	}
	// Over the size limit, a head of zeros says nothing of the rest: the
	// file is named as not scanned, not as binary.
	_, stderr, code = scanFiles(t, map[string]string{"app.env": strings.Repeat("\x00", 20000) + line}, tok, "--max-file-size", "10KB")
	if code != ExitError || !strings.Contains(stderr, "app.env: larger than the 10000-byte limit") {
		t.Errorf("over the limit: exit %d\n%s", code, stderr)
	}
}
