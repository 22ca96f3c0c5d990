package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitCoversEveryRefAndReflog: a whole-history scan reads what
// every ref reaches, whatever its namespace (notes, pull requests'
// heads, remote-tracking branches, filter-branch's refs/original), and
// commits only a reflog still names: one amended or reset away stays in
// the repository, where a copy of it (an archive of .git, a clone of
// its disk) carries it. The reflog's commits went unread (exit 0).
func TestScanGitCoversEveryRefAndReflog(t *testing.T) {
	g := testutil.NewGen(313)
	r := testutil.NewRepo(t)
	base := r.Write2(map[string]string{"README": "hello\n"}, "initial")
	want := map[string]string{}
	onRef := func(name, ref string) {
		tok := g.GitHubToken("ghp_")
		want[tok] = name
		r.Git("checkout", "-q", "--detach", base)
		r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + tok + "\n"}, name)
		r.Git("update-ref", ref, "HEAD")
	}
	onRef("pull request", "refs/pull/1/head")
	onRef("remote-tracking", "refs/remotes/origin/feature")
	onRef("filter-branch backup", "refs/original/refs/heads/main")
	r.Git("checkout", "-q", "main")
	noted := g.GitHubToken("ghp_")
	want[noted] = "note"
	r.Git("notes", "add", "-m", "GITHUB_TOKEN="+noted, base)

	amended := g.GitHubToken("ghp_")
	want[amended] = "amended"
	r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + amended + "\n"}, "config")
	r.Write(map[string]string{"app.env": "GITHUB_TOKEN=\n"})
	r.Git("commit", "-q", "-a", "--amend", "-m", "config")
	reset := g.GitHubToken("ghp_")
	want[reset] = "reset"
	r.Write2(map[string]string{"deploy.env": "GITHUB_TOKEN=" + reset + "\n"}, "deploy")
	r.Git("reset", "-q", "--hard", "HEAD~1")
	if out := r.Git("log", "--all", "--format=%H", "-p"); strings.Contains(out, amended) || strings.Contains(out, reset) {
		t.Fatal("the amended and reset commits should be on no ref")
	}

	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		got := map[string]bool{}
		for _, f := range decodeReport(t, stdout) {
			got[f.Secret] = true
		}
		for tok, name := range want {
			if !got[tok] {
				t.Errorf("reader %s: the key on %s went unread", reader, name)
			}
		}
		if code != ExitFindings {
			t.Errorf("reader %s: exit %d\n%s", reader, code, stderr)
		}
	}
}
