package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestPreReceiveReadsConfigAtTheServersHead: a server's check read the
// config at the old value of the first ref pushed. A branch pushed once
// with an exclude (no secret, accepted with a warning) then carried that
// exclude as its own base: pushed again with a secret, or pushed first
// beside the default branch, its config let the secret in. Every ref is
// checked with the config of the server's HEAD now.
func TestPreReceiveReadsConfigAtTheServersHead(t *testing.T) {
	g := testutil.NewGen(315)
	r, _ := cloneOfGuardedServer(t)
	r.Git("checkout", "-q", "-b", "loose")
	r.Write2(map[string]string{".leakhound.toml": "[scan]\nexclude = [\"*.env\"]\n"}, "exclude env files")
	if out, ok := gitRun(r.Dir, nil, "push", "origin", "loose"); !ok || !strings.Contains(out, "this change modifies .leakhound.toml") {
		t.Fatalf("a clean branch with an exclude was refused, or the exclude not named:\n%s", out)
	}
	r.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "secret")
	if out, ok := gitRun(r.Dir, nil, "push", "origin", "loose"); ok {
		t.Errorf("the branch's own earlier exclude let a secret in:\n%s", out)
	}
	// Pushed together, the branch (first in the hook's input) and the
	// default branch: the secret on the default branch is refused.
	r.Git("checkout", "-q", "main")
	r.Write2(map[string]string{"deploy.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "deploy")
	r.Git("checkout", "-q", "loose")
	r.Git("reset", "-q", "--hard", "HEAD~1")
	r.Write2(map[string]string{"notes.txt": "nothing\n"}, "notes")
	if out, ok := gitRun(r.Dir, nil, "push", "origin", "loose", "main"); ok || !strings.Contains(out, "deploy.env") {
		t.Errorf("a secret pushed beside a branch with an exclude was let in:\n%s", out)
	}
}

// TestRangeConfigThatIsNotAFileIsAnError: a config or review file stored
// in git as a symbolic link was read as its link's text (which may be
// any text, a config too); stored as a folder or a submodule it was
// passed over. Either way the range's check is named as not run (exit 2).
func TestRangeConfigThatIsNotAFileIsAnError(t *testing.T) {
	g := testutil.NewGen(316)
	for _, kind := range []string{"symlink", "folder"} {
		r := testutil.NewRepo(t)
		switch kind {
		case "symlink":
			// The link's text is a config that excludes everything.
			if err := os.Symlink("[scan]\nexclude = [\"*\"]\n", filepath.Join(r.Dir, ".leakhound.toml")); err != nil {
				t.Fatal(err)
			}
		case "folder":
			r.Write(map[string]string{".leakhoundignore/x": "x\n"})
		}
		r.Git("add", "-A")
		base := r.Commit("config")
		tip := r.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "secret")
		_, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+tip)
		if code != ExitError || !strings.Contains(stderr, "not a file") {
			t.Errorf("%s: exit %d\n%s", kind, code, stderr)
		}
	}
}
