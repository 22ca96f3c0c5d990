package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// gitRun runs git with the test identity and returns combined output and
// whether it succeeded.
func gitRun(dir string, env []string, args ...string) (string, bool) {
	cmd := testutil.GitCmd(dir, args...)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, ok := gitRun(dir, nil, args...)
	if !ok {
		t.Fatalf("git %s: %s", strings.Join(args, " "), out)
	}
	return strings.TrimSpace(out)
}

func runBinary(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(testutil.Binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func TestPreCommitHookBlocksSecretAndChainsExistingHook(t *testing.T) {
	g := testutil.NewGen(11)
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"README": "hello\n"})
	r.Commit("initial")
	// A hook the user already had: it must keep running.
	marker := filepath.Join(t.TempDir(), "existing-hook-ran")
	hooks := filepath.Join(r.Dir, ".git", "hooks")
	os.MkdirAll(hooks, 0o755)
	os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755)

	out, code := runBinary(t, r.Dir, nil, "hook", "install")
	if code != 0 || !strings.Contains(out, "installed pre-commit hook") || !strings.Contains(out, "existing hook runs first") {
		t.Fatalf("install: exit %d\n%s", code, out)
	}

	token := g.UUID()
	r.Write(map[string]string{"config.env": "A=1\nPOSTMARK_SERVER_TOKEN=" + token + "\n"})
	mustGit(t, r.Dir, "add", "-A")
	out, ok := gitRun(r.Dir, nil, "commit", "-m", "add config")
	if ok {
		t.Fatalf("commit with a Postmark token was accepted:\n%s", out)
	}
	if !strings.Contains(out, "postmark-server-token") || !strings.Contains(out, "config.env:2:") || strings.Contains(out, token) {
		t.Errorf("hook output:\n%s", out)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("the existing pre-commit hook did not run")
	}

	// Only lines the index adds count: a clean edit to a file that already
	// holds an (accepted) secret passes.
	r.Write(map[string]string{"config.env": "A=1\n"})
	mustGit(t, r.Dir, "add", "-A")
	if out, ok := gitRun(r.Dir, nil, "commit", "-m", "clean"); !ok {
		t.Fatalf("clean commit refused:\n%s", out)
	}
	r.Write(map[string]string{"legacy.env": "POSTMARK_SERVER_TOKEN=" + token + "\n"})
	mustGit(t, r.Dir, "add", "-A")
	gitRun(r.Dir, nil, "commit", "--no-verify", "-m", "accepted with --no-verify")
	r.Write(map[string]string{"legacy.env": "# note\nPOSTMARK_SERVER_TOKEN=" + token + "\n"})
	mustGit(t, r.Dir, "add", "-A")
	if out, ok := gitRun(r.Dir, nil, "commit", "-m", "comment above an old line"); !ok {
		t.Errorf("commit that only adds a comment was refused:\n%s", out)
	}

	out, code = runBinary(t, r.Dir, nil, "hook", "uninstall")
	if code != 0 || !strings.Contains(out, "removed pre-commit hook") {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	data, _ := os.ReadFile(filepath.Join(hooks, "pre-commit"))
	if !strings.Contains(string(data), "touch "+marker) {
		t.Errorf("the original hook was not restored:\n%s", data)
	}
}

func TestPrePushAndPreReceiveHooks(t *testing.T) {
	g := testutil.NewGen(12)
	bin := testutil.Binary(t)
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustGit(t, t.TempDir(), "init", "-q", "--bare", remote)
	r := testutil.NewRepo(t)
	mustGit(t, r.Dir, "remote", "add", "origin", remote)
	r.Write(map[string]string{"README": "hello\n"})
	r.Commit("initial")
	if out, code := runBinary(t, r.Dir, nil, "hook", "install", "--pre-push"); code != 0 {
		t.Fatalf("install: %s", out)
	}
	if out, ok := gitRun(r.Dir, nil, "push", "-q", "origin", "main"); !ok {
		t.Fatalf("clean push refused:\n%s", out)
	}

	// A new branch with a secret: refused by pre-push.
	mustGit(t, r.Dir, "checkout", "-q", "-b", "feature")
	r.Write(map[string]string{"app.py": "GITHUB_TOKEN = \"" + g.GitHubToken("ghp_") + "\"\n"})
	r.Commit("token")
	out, ok := gitRun(r.Dir, nil, "push", "origin", "feature")
	if ok || !strings.Contains(out, "github-personal-access-token") {
		t.Fatalf("push with a secret was not refused by pre-push:\n%s", out)
	}

	// The same push, past the client hook, meets the server's pre-receive.
	hook := filepath.Join(remote, "hooks", "pre-receive")
	os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress\n"), 0o755)
	out, ok = gitRun(r.Dir, nil, "push", "--no-verify", "origin", "feature")
	if ok || !strings.Contains(out, "github-personal-access-token") || !strings.Contains(out, "pre-receive hook declined") {
		t.Fatalf("pre-receive did not refuse the push:\n%s", out)
	}
	// Nothing was accepted: the branch does not exist on the remote.
	if out, _ := gitRun(remote, nil, "rev-parse", "--verify", "-q", "refs/heads/feature"); strings.TrimSpace(out) != "" {
		t.Errorf("refused branch exists on the remote: %s", out)
	}

	// A clean branch from main passes both hooks.
	mustGit(t, r.Dir, "checkout", "-q", "main")
	mustGit(t, r.Dir, "checkout", "-q", "-b", "clean")
	r.Write(map[string]string{"notes.txt": "nothing secret\n"})
	r.Commit("notes")
	if out, ok := gitRun(r.Dir, nil, "push", "origin", "clean"); !ok {
		t.Fatalf("clean branch refused:\n%s", out)
	}

	// The time budget: out of time, the push goes through with a warning,
	// or is refused with --fail-closed.
	mustGit(t, r.Dir, "checkout", "-q", "feature")
	os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress --timeout 1ns --fail-closed\n"), 0o755)
	if out, ok := gitRun(r.Dir, nil, "push", "--no-verify", "origin", "feature:closed"); ok || !strings.Contains(out, "did not finish") {
		t.Errorf("fail-closed timeout let the push through:\n%s", out)
	}
	os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress --timeout 1ns\n"), 0o755)
	if out, ok := gitRun(r.Dir, nil, "push", "--no-verify", "origin", "feature:open"); !ok || !strings.Contains(out, "letting the push through unscanned: refs/heads/open") {
		t.Errorf("timeout did not let the push through with a warning:\n%s", out)
	}
}

func TestGlobalHookInstall(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "GIT_CONFIG_GLOBAL=" + filepath.Join(home, ".gitconfig")}
	r := testutil.NewRepo(t)
	out, code := runBinary(t, r.Dir, env, "hook", "install", "--global", "--pre-commit")
	if code != 0 {
		t.Fatalf("install --global: %s", out)
	}
	cmd := exec.Command("git", "config", "--global", "core.hooksPath")
	cmd.Env = append(os.Environ(), env...)
	path, err := cmd.Output()
	if err != nil || !strings.HasPrefix(strings.TrimSpace(string(path)), home) {
		t.Fatalf("core.hooksPath = %q, %v", path, err)
	}
	script, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(path)), "pre-commit"))
	if err != nil || !strings.Contains(string(script), "scan staged") || !strings.Contains(string(script), "repo_hook") {
		t.Fatalf("global hook:\n%s", script)
	}
	if out, code := runBinary(t, r.Dir, env, "hook", "uninstall", "--global"); code != 0 || !strings.Contains(out, "removed pre-commit") {
		t.Errorf("uninstall --global: %s", out)
	}
}

// TestGlobalHookInstallNamesALocalHooksPath: a repository that sets its
// own core.hooksPath (husky does) runs its hooks from there, never the
// global ones: installing globally from inside it said "installed" and
// nothing guarded its commits. The install now warns.
func TestGlobalHookInstallNamesALocalHooksPath(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "GIT_CONFIG_GLOBAL=" + filepath.Join(home, ".gitconfig")}
	r := testutil.NewRepo(t)
	r.Git("config", "core.hooksPath", ".husky")
	out, code := runBinary(t, r.Dir, env, "hook", "install", "--global", "--pre-commit")
	if code != 0 || !strings.Contains(out, "sets its own core.hooksPath (.husky)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
