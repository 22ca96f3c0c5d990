package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitRefsToBlobsAndTrees: a ref may point to a blob or a tree (a
// lightweight or annotated tag, any ref namespace); git push sends it, git
// log never lists it. Each is scanned, named by its ref.
func TestScanGitRefsToBlobsAndTrees(t *testing.T) {
	g := testutil.NewGen(301)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	tokBlob, tokTree, tokAnn := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	hashBlob := func(content string) string { return gitHashBlob(t, r.Dir, content) }
	r.Git("tag", "key", hashBlob("GITHUB_TOKEN="+tokBlob+"\n"))
	inTree := hashBlob("GITHUB_TOKEN=" + tokTree + "\n")
	mktree := func(entry string) string {
		cmd := testutil.GitCmd(r.Dir, "mktree")
		cmd.Stdin = strings.NewReader(entry + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	tree := mktree("040000 tree " + mktree("100644 blob "+inTree+"\tapp.env") + "\tconfig")
	r.Git("update-ref", "refs/custom/snapshot", tree)
	r.Git("tag", "-a", "-m", "the key", "annotated", hashBlob("GITHUB_TOKEN="+tokAnn+"\n"))

	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		got := map[string]string{}
		for _, f := range decodeReport(t, stdout) {
			got[f.Secret] = f.Path
		}
		if code != ExitFindings || got[tokBlob] != "(ref refs/tags/key)" || got[tokTree] != "(ref refs/custom/snapshot)/config/app.env" || got[tokAnn] != "(ref refs/tags/annotated)" {
			t.Errorf("reader %s: exit %d, %v\n%s", reader, code, got, stderr)
		}
	}
}

// TestScanGitSeesReplacedCommits: `git replace` makes git log show another
// commit in place of one that holds a secret; the scan reads objects as
// stored, so the hidden commit is still scanned.
func TestScanGitSeesReplacedCommits(t *testing.T) {
	g := testutil.NewGen(302)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	tok := g.GitHubToken("ghp_")
	leaky := r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + tok + "\n"}, "config")
	r.Git("checkout", "-q", "HEAD~1")
	clean := r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=\n"}, "config")
	r.Git("checkout", "-q", "main")
	r.Git("replace", leaky, clean)
	if got := r.Git("show", "main:app.env"); strings.Contains(got, tok) {
		t.Fatal("git should show the replacement")
	}
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Commit != leaky {
		t.Errorf("exit %d, %+v\n%s", code, fs, stderr)
	}
}

// TestPrePushRefusesATagOfABlob: pushing a tag that points to a blob holding
// a secret is refused by the pre-push hook.
func TestPrePushRefusesATagOfABlob(t *testing.T) {
	g := testutil.NewGen(303)
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
	r.Git("tag", "stash-of-keys", gitHashBlob(t, r.Dir, "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n"))
	out, ok := gitRun(r.Dir, nil, "push", "origin", "stash-of-keys")
	if ok || !strings.Contains(out, "github-personal-access-token") {
		t.Fatalf("a tag of a blob with a secret was pushed:\n%s", out)
	}

	// Past the client hook, the server's pre-receive refuses it too.
	hook := filepath.Join(remote, "hooks", "pre-receive")
	if err := os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+testutil.Binary(t)+"' scan pre-receive --no-progress\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, ok = gitRun(r.Dir, nil, "push", "--no-verify", "origin", "stash-of-keys")
	if ok || !strings.Contains(out, "github-personal-access-token") {
		t.Fatalf("pre-receive let a tag of a blob with a secret in:\n%s", out)
	}
}

// gitHashBlob writes content as a blob into the repository at dir.
func gitHashBlob(t *testing.T, dir, content string) string {
	t.Helper()
	return gitHashObject(t, dir, "blob", content)
}

// gitHashObject writes content as an object of type typ into the
// repository at dir, as `git hash-object` checks it (a hand-made commit
// or tag, whatever headers it holds).
func gitHashObject(t *testing.T, dir, typ, content string) string {
	t.Helper()
	cmd := testutil.GitCmd(dir, "hash-object", "-t", typ, "-w", "--stdin")
	cmd.Stdin = strings.NewReader(content)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git hash-object -t %s: %v\n%s", typ, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestScanGitReadsEveryStash: refs/stash names only the latest stash; the
// others are its reflog's entries, which git log --all does not reach. A
// key stashed before another stash went unscanned (exit 0).
func TestScanGitReadsEveryStash(t *testing.T) {
	g := testutil.NewGen(303)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"app.env": "DEBUG=1\n"}, "initial")
	tok := g.GitHubToken("ghp_")
	r.Write(map[string]string{"app.env": "DEBUG=1\nGITHUB_TOKEN=" + tok + "\n"})
	r.Git("stash")
	r.Write(map[string]string{"app.env": "DEBUG=0\n"})
	r.Git("stash")
	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		fs := decodeReport(t, stdout)
		if code != ExitFindings || len(fs) != 1 || fs[0].Secret != tok || fs[0].Path != "app.env" {
			t.Errorf("reader %s: exit %d, findings %+v\n%s", reader, code, fs, stderr)
		}
	}
}

// TestScanGitIgnoresSettingsThatHideHistory: the user's settings do not
// change what a history scan reads. With log.showRoot=false git log lists
// a root commit without its files, and a graft file can cut commits out
// of the history: either way a key in those commits went unread (exit 0).
func TestScanGitIgnoresSettingsThatHideHistory(t *testing.T) {
	g := testutil.NewGen(304)
	for _, hide := range []string{"showRoot", "graft"} {
		r := testutil.NewRepo(t)
		tok := g.GitHubToken("ghp_")
		r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + tok + "\n"}, "first")
		second := r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=\n"}, "second")
		switch hide {
		case "showRoot":
			r.Git("config", "log.showRoot", "false")
		case "graft":
			if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "grafts"), []byte(second+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, reader := range []string{"git", "auto"} {
			stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
			if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != tok {
				t.Errorf("%s, reader %s: exit %d, findings %+v\n%s", hide, reader, code, fs, stderr)
			}
		}
	}
}

// TestScanGitNamesSubmodules: a submodule is another repository whose
// history a scan of this one does not read; the scan says so, by path,
// instead of passing over it in silence.
func TestScanGitNamesSubmodules(t *testing.T) {
	lib := testutil.NewRepo(t)
	lib.Write2(map[string]string{"x.txt": "x\n"}, "lib")
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "first")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.Dir, "libs/lib")
	r.Git("commit", "-q", "-m", "add the library")
	_, stderr, code := run(t, "", "scan", "git", r.Dir)
	if code != ExitClean || !strings.Contains(stderr, "libs/lib: a submodule") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}
