// Package ci_test tries the CI and hook integrations kept at the top of
// the repository (.pre-commit-hooks.yaml, action.yml, ci/) the way a new
// user would, from the README's instructions alone.
package ci_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// repoRoot is this repository's top folder, and the commit checked out.
func repoRoot(t *testing.T) (dir, head string) {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := testutil.GitCmd(dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout of leakhound: %v", err)
	}
	return dir, strings.TrimSpace(string(out))
}

// The pre-commit framework (the Debian package pre-commit; `make deps`
// installs it) with the hooks of .pre-commit-hooks.yaml, as docs/ci.md
// says to add them: after `pre-commit install` a commit that adds a
// secret is refused, with the secret redacted, and a clean commit goes
// through; after `pre-commit install --hook-type pre-push` a push of a
// commit that slipped past with --no-verify is refused, on a new branch
// and on one the remote has. The hooks are built from this repository's
// HEAD commit, as pre-commit builds them from the rev a user pins.
func TestPreCommitFrameworkHookRefusesASecret(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (Debian package pre-commit; `make deps` installs it): the pre-commit framework hook is not tried")
	}
	if testing.Short() {
		t.Skip("-short: pre-commit builds the hook from source")
	}
	leakhound, head := repoRoot(t)
	testutil.Binary(t) // fills the build cache that pre-commit's build reads
	repo := testutil.NewRepo(t)
	repo.Write(map[string]string{".pre-commit-config.yaml": "repos:\n" +
		"  - repo: " + leakhound + "\n" +
		"    rev: " + head + "\n" +
		"    hooks:\n" +
		"      - id: leakhound\n" +
		"      - id: leakhound-pre-push\n"})
	repo.Commit("pre-commit config")

	// A new user's pre-commit cache; Go's module and build caches are the
	// user's own. The build flags of testutil.Binary let pre-commit's `go
	// install` of the fresh clone reuse the packages compiled for the
	// other tests instead of compiling them all again for its directory.
	env := append(os.Environ(), "PRE_COMMIT_HOME="+t.TempDir(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" "+testutil.BuildFlags))
	if modCache, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		env = append(env, "GOMODCACHE="+strings.TrimSpace(string(modCache)))
	}
	precommit := func(args ...string) *exec.Cmd {
		cmd := exec.Command("pre-commit", args...)
		cmd.Dir, cmd.Env = repo.Dir, env
		return cmd
	}
	for _, args := range [][]string{{"install"}, {"install", "--hook-type", "pre-push"}} {
		if out, err := precommit(args...).CombinedOutput(); err != nil {
			t.Fatalf("pre-commit %v: %v\n%s", args, err, out)
		}
	}
	// Building the hook's environment is its own step, so that a failure
	// there is not read as a refused commit.
	if out, err := precommit("install-hooks").CombinedOutput(); err != nil {
		t.Fatalf("pre-commit install-hooks: %v\n%s", err, out)
	}
	git := func(args ...string) (string, error) {
		cmd := testutil.GitCmd(repo.Dir, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	commit := func(msg string) (string, error) { return git("commit", "-q", "-m", msg) }

	token := testutil.NewGen(44).GitHubToken("ghp_")
	repo.Write(map[string]string{"deploy/app.env": "# deploy settings\nGITHUB_TOKEN=" + token + "\n"})
	repo.Git("add", "deploy/app.env")
	out, err := commit("add deploy settings")
	if err == nil {
		t.Fatalf("the commit with a secret went through:\n%s", out)
	}
	if !strings.Contains(out, "github-personal-access-token") || !strings.Contains(out, "deploy/app.env:2") {
		t.Errorf("the refusal does not say what and where:\n%s", out)
	}
	if strings.Contains(out, token) {
		t.Errorf("the hook printed the secret:\n%s", out)
	}
	if log := repo.Git("log", "--oneline"); strings.Count(log, "\n") != 0 {
		t.Errorf("a commit was made:\n%s", log)
	}

	repo.Write(map[string]string{"deploy/app.env": "# deploy settings\nGITHUB_TOKEN=${GITHUB_TOKEN}\n"})
	repo.Git("add", "deploy/app.env")
	if out, err := commit("add deploy settings, token from the environment"); err != nil {
		t.Fatalf("a clean commit was refused: %v\n%s", err, out)
	}

	// Pushes: a remote that has main, then main and a new branch each
	// bringing a commit made with --no-verify.
	remote := t.TempDir()
	if out, err := testutil.GitCmd(remote, "init", "-q", "--bare").CombinedOutput(); err != nil {
		t.Fatalf("git init --bare: %v\n%s", err, out)
	}
	repo.Git("remote", "add", "origin", remote)
	if out, err := git("push", "-q", "origin", "main"); err != nil {
		t.Fatalf("a clean push was refused: %v\n%s", err, out)
	}
	repo.Write(map[string]string{"deploy/app.env": "# deploy settings\nGITHUB_TOKEN=" + token + "\n"})
	repo.Git("add", "deploy/app.env")
	if out, err := git("commit", "-q", "--no-verify", "-m", "skip the hook"); err != nil {
		t.Fatalf("commit --no-verify: %v\n%s", err, out)
	}
	for _, refspec := range []string{"main", "main:refs/heads/feature"} {
		out, err := git("push", "origin", refspec)
		if err == nil {
			t.Errorf("push %s with a secret went through:\n%s", refspec, out)
		}
		if !strings.Contains(out, "github-personal-access-token") || strings.Contains(out, token) {
			t.Errorf("push %s: the refusal does not name the rule, or shows the secret:\n%s", refspec, out)
		}
	}
	if out, err := testutil.GitCmd(remote, "log", "--oneline", "--all").CombinedOutput(); err != nil || strings.Count(string(out), "\n") != 2 {
		t.Errorf("the remote got the secret: %v\n%s", err, out)
	}
}
