package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestHostileNamesAreEscaped: a repository whose file names and commit
// author carry terminal control sequences (retitle the window, clear the
// screen) gets them printed as visible escapes in the text report, the
// GitHub annotations and the diagnostics on stderr; JSON keeps the exact
// names.
func TestHostileNamesAreEscaped(t *testing.T) {
	const name = "evil\x1b]0;pwned\x07\n.env"
	const author = "Mallory\x1b[2J\x1b[H\u202e"
	repo := testutil.NewRepo(t)
	repo.Write(map[string]string{name: "GITHUB_TOKEN=" + testutil.NewGen(95).GitHubToken("ghp_") + "\n", "big\x1b[31m.txt": strings.Repeat("text\n", 500)})
	repo.Git("add", "-A")
	repo.Git("-c", "user.name="+author, "commit", "-q", "-m", "add")

	raw := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07\u202e") }
	for _, args := range [][]string{
		{"scan", "git", repo.Dir},
		{"scan", "dir", repo.Dir, "--max-file-size", "1KB"},
		{"scan", "git", repo.Dir, "--format", "github"},
	} {
		stdout, stderr, code := run(t, "", args...)
		if code == ExitClean || raw(stdout) || raw(stderr) {
			t.Errorf("%v: exit %d, control characters printed raw:\n%q\n%q", args, code, stdout, stderr)
		}
		if args[len(args)-1] != "github" && !strings.Contains(stdout, `evil\x1b]0;pwned\x07\n.env:1:14`) {
			t.Errorf("%v: the path is not shown escaped:\n%s", args, stdout)
		}
		if args[1] == "git" && args[len(args)-1] != "github" && !strings.Contains(stdout, `by Mallory\x1b[2J\x1b[H\u202e on`) {
			t.Errorf("the author is not shown escaped:\n%s", stdout)
		}
		if args[1] == "dir" && !strings.Contains(stderr, `skipped big\x1b[31m.txt: larger than`) {
			t.Errorf("the skipped file is not named escaped: %q", stderr)
		}
	}
	stdout, _, _ := run(t, "", "scan", "git", repo.Dir, "--format", "json")
	fs := decodeReport(t, stdout)
	if len(fs) != 1 || fs[0].Path != name || fs[0].Author != author {
		t.Errorf("json does not keep the exact names: %+v", fs)
	}
}
