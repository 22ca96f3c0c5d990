package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitReadsEveryTagObject: only the tags refs/tags points to were
// read for their messages. An annotated tag under another ref
// (refs/custom/t, which git push sends like any ref) and a tag that a
// tag points to (git tag -a outer inner) held a message never scanned,
// exit 0. Each is read now, placed at the commit it peels to.
func TestScanGitReadsEveryTagObject(t *testing.T) {
	g := testutil.NewGen(661)
	r := testutil.NewRepo(t)
	head := r.Write2(map[string]string{"README": "hello\n"}, "initial")
	custom, inner := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	mktag := func(object, typ, name, msg string) string {
		cmd := testutil.GitCmd(r.Dir, "mktag")
		cmd.Stdin = strings.NewReader("object " + object + "\ntype " + typ + "\ntag " + name + "\ntagger T <t@example.test> 1700000000 +0000\n\n" + msg + "\n")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatal(string(out))
		}
		return strings.TrimSpace(string(out))
	}
	r.Git("update-ref", "refs/custom/t", mktag(head, "commit", "snapshot", "GITHUB_TOKEN="+custom))
	r.Git("update-ref", "refs/tags/outer", mktag(mktag(head, "commit", "inner", "GITHUB_TOKEN="+inner), "tag", "outer", "release"))
	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		got := map[string]string{}
		for _, f := range decodeReport(t, stdout) {
			got[f.Secret] = f.Path + "@" + f.Commit
		}
		if code != ExitFindings || got[custom] != "(tag message: refs/custom/t)@"+head || got[inner] != "(tag message: outer, tag inner)@"+head {
			t.Errorf("reader %s: exit %d, %v\n%s", reader, code, got, stderr)
		}
	}
}

// TestPrePushRefusesATagMessage: a range scan (pre-push, CI) read no tag
// messages, so pushing an annotated tag whose message held a token went
// through, exit 0. The tags pushed are read now.
func TestPrePushRefusesATagMessage(t *testing.T) {
	g := testutil.NewGen(662)
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustGit(t, t.TempDir(), "init", "-q", "--bare", remote)
	r := testutil.NewRepo(t)
	mustGit(t, r.Dir, "remote", "add", "origin", remote)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	if out, code := runBinary(t, r.Dir, nil, "hook", "install", "--pre-push"); code != 0 {
		t.Fatalf("install: %s", out)
	}
	if out, ok := gitRun(r.Dir, nil, "push", "-q", "origin", "main"); !ok {
		t.Fatalf("clean push refused:\n%s", out)
	}
	r.Git("tag", "-a", "-m", "release\n\nGITHUB_TOKEN="+g.GitHubToken("ghp_"), "v1")
	if out, ok := gitRun(r.Dir, nil, "push", "origin", "v1"); ok || !strings.Contains(out, "github-personal-access-token") {
		t.Fatalf("a tag whose message holds a secret was pushed:\n%s", out)
	}
}
