package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitReadsCommitAndTagIdentities: the author and committer of a
// commit and the tagger of an annotated tag are text git push sends and
// every clone shows; a token put there (user.name set to one, an e-mail
// holding a URL with credentials) was never scanned, exit 0. Each
// distinct identity is scanned once, at the first commit or tag that
// has it.
func TestScanGitReadsCommitAndTagIdentities(t *testing.T) {
	g := testutil.NewGen(651)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	author, committer, tagger := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	commit := func(env ...string) {
		cmd := testutil.GitCmd(r.Dir, "commit", "-q", "--allow-empty", "-m", "change")
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatal(string(out))
		}
	}
	commit("GIT_AUTHOR_NAME=GITHUB_TOKEN=" + author)
	first := r.Git("rev-parse", "HEAD")
	commit("GIT_AUTHOR_NAME=GITHUB_TOKEN=" + author) // the same identity again
	commit("GIT_COMMITTER_EMAIL=ci+GITHUB_TOKEN=" + committer + "@example.test")
	tag := testutil.GitCmd(r.Dir, "tag", "-a", "-m", "release", "v1")
	tag.Env = append(tag.Env, "GIT_COMMITTER_NAME=GITHUB_TOKEN="+tagger)
	if out, err := tag.CombinedOutput(); err != nil {
		t.Fatal(string(out))
	}
	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		got := map[string][]string{}
		for _, f := range decodeReport(t, stdout) {
			for _, l := range f.AllPlaces() {
				got[f.Secret] = append(got[f.Secret], l.Path+"@"+l.Commit)
			}
		}
		if code != ExitFindings || len(got[author]) != 1 || got[author][0] != "(commit author and committer)@"+first ||
			len(got[committer]) != 1 || !strings.HasPrefix(got[committer][0], "(commit author and committer)@") ||
			len(got[tagger]) != 1 || !strings.HasPrefix(got[tagger][0], "(tag message: v1)@") {
			t.Errorf("reader %s: exit %d, %v\n%s", reader, code, got, stderr)
		}
	}
}
