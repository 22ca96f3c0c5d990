package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// lfsPointerTo stores content in repo's LFS store, as `git lfs` does
// (.git/lfs/objects/ab/cd/<sha256>), unless store is false, and returns
// the pointer file that stands for it in git.
func lfsPointerTo(t *testing.T, r *testutil.Repo, content string, store bool) string {
	t.Helper()
	sum := sha256.Sum256([]byte(content))
	oid := hex.EncodeToString(sum[:])
	if store {
		dir := filepath.Join(r.Dir, ".git", "lfs", "objects", oid[:2], oid[2:4])
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, oid), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n", oid, len(content))
}

// TestLFSContentIsScanned: a file tracked by Git LFS is a pointer in git
// and its content in the repository's LFS store. A history scan used to
// read the pointers only and call such a repository clean with a token in
// an LFS-tracked file. The content is now scanned at the file's path and
// line, through either object reader, in pre-commit scans too, and at
// every path the pointer was copied to; content the store lacks makes the
// scan incomplete, named.
func TestLFSContentIsScanned(t *testing.T) {
	tok := testutil.NewGen(431).GitHubToken("ghp_")
	content := "# exported settings\nregion = eu-west-1\nGITHUB_TOKEN=" + tok + "\n"
	r := testutil.NewRepo(t)
	pointer := lfsPointerTo(t, r, content, true)
	r.Write2(map[string]string{".gitattributes": "*.cfg filter=lfs diff=lfs merge=lfs -text\n", "settings.cfg": pointer}, "settings in LFS")
	r.Write2(map[string]string{"copy/settings.cfg": pointer}, "a copy")
	for _, reader := range []string{"auto", "git"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		var places []string
		for _, f := range decodeReport(t, stdout) {
			if f.Secret == tok {
				places = append(places, fmt.Sprintf("%s:%d", f.Path, f.Line))
			}
		}
		slices.Sort(places)
		if code != ExitFindings || strings.Join(places, " ") != "copy/settings.cfg:3 settings.cfg:3" {
			t.Errorf("--object-reader %s: exit %d, found at %v\n%s", reader, code, places, stderr)
		}
	}

	// Pre-commit: the content a staged pointer stands for is new.
	staged := testutil.NewRepo(t)
	staged.Write2(map[string]string{"README": "nothing\n"}, "first")
	staged.Write(map[string]string{"deploy.cfg": lfsPointerTo(t, staged, content, true)})
	staged.Git("add", "deploy.cfg")
	stdout, stderr, code := run(t, "", "scan", "staged", staged.Dir, "--format", "json")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Path != "deploy.cfg" || fs[0].Line != 3 {
		t.Errorf("scan staged: exit %d, findings %+v\n%s", code, fs, stderr)
	}

	// Content not fetched: not a silent clean.
	missing := testutil.NewRepo(t)
	missing.Write2(map[string]string{"settings.cfg": lfsPointerTo(t, missing, content, false)}, "pointer only")
	_, stderr, code = run(t, "", "scan", "git", missing.Dir, "--format", "json")
	if code != ExitError || !strings.Contains(stderr, "not in the local store") || !strings.Contains(stderr, "settings.cfg") {
		t.Errorf("content missing from the store: exit %d\n%s", code, stderr)
	}

	// In CI the checkout often has no LFS content (actions/checkout's
	// default): named, and the scan of what git holds stands.
	first := missing.Git("rev-list", "--max-parents=0", "HEAD")
	ci := testutil.NewRepo(t)
	ci.Git("pull", "-q", missing.Dir, "main")
	head := ci.Write2(map[string]string{"notes.txt": "nothing\n", "more.cfg": lfsPointerTo(t, ci, "other\n", false)}, "more")
	env := map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": head, "CI_COMMIT_BEFORE_SHA": first}
	_, stderr, code = runEnv(t, env, "scan", "ci", ci.Dir)
	if code != ExitClean || !strings.Contains(stderr, "more.cfg") || !strings.Contains(stderr, "not in the local store") {
		t.Errorf("scan ci without LFS content: exit %d\n%s", code, stderr)
	}

	// A commit message shaped like a pointer is a message, not a pointer.
	msg := testutil.NewRepo(t)
	msg.Write2(map[string]string{"a.txt": "hello\n"}, strings.TrimSpace(lfsPointerTo(t, msg, content, false)))
	if _, stderr, code := run(t, "", "scan", "git", msg.Dir); code != ExitClean {
		t.Errorf("pointer-shaped commit message: exit %d\n%s", code, stderr)
	}
}

// TestLFSContentIsScannedInWorkingTrees: a working tree whose LFS files
// were not checked out (GIT_LFS_SKIP_SMUDGE=1, git-lfs not installed)
// holds only pointers; scan dir read them and reported clean with a token
// in the repository's LFS store. The content is scanned at the pointer's
// path, in a linked worktree too (whose store is the main repository's);
// content the store lacks is named, exit 2.
func TestLFSContentIsScannedInWorkingTrees(t *testing.T) {
	tok := testutil.NewGen(612).GitHubToken("ghp_")
	content := "# exported settings\nregion = eu-west-1\nGITHUB_TOKEN=" + tok + "\n"
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"conf/settings.cfg": lfsPointerTo(t, r, content, true)}, "settings in LFS")
	linked := filepath.Join(t.TempDir(), "linked")
	r.Git("worktree", "add", "-q", linked)
	for _, dir := range []string{r.Dir, linked} {
		stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
		fs := decodeReport(t, stdout)
		if code != ExitFindings || len(fs) != 1 || fs[0].Secret != tok || fs[0].Path != "conf/settings.cfg" || fs[0].Line != 3 {
			t.Errorf("%s: exit %d, findings %+v\n%s", dir, code, fs, stderr)
		}
	}

	missing := testutil.NewRepo(t)
	missing.Write2(map[string]string{"settings.cfg": lfsPointerTo(t, missing, content, false)}, "pointer only")
	_, stderr, code := run(t, "", "scan", "dir", missing.Dir, "--format", "json")
	if code != ExitError || !strings.Contains(stderr, "settings.cfg: Git LFS content sha256:") || !strings.Contains(stderr, "not in the local store") {
		t.Errorf("content missing from the store: exit %d\n%s", code, stderr)
	}

	// A store entry that links out of the repository (to a file of the
	// same size elsewhere) is not followed.
	escape := testutil.NewRepo(t)
	escape.Write2(map[string]string{"settings.cfg": lfsPointerTo(t, escape, content, true)}, "pointer")
	outside := filepath.Join(t.TempDir(), "outside.cfg")
	if err := os.WriteFile(outside, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(content))
	oid := hex.EncodeToString(sum[:])
	object := filepath.Join(escape.Dir, ".git", "lfs", "objects", oid[:2], oid[2:4], oid)
	if err := os.Remove(object); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, object); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "scan", "dir", escape.Dir, "--format", "json")
	if code != ExitError || len(decodeReport(t, stdout)) != 0 || !strings.Contains(stderr, "settings.cfg: Git LFS content sha256:"+oid+" is a symbolic link in the store, not followed") {
		t.Errorf("a linked store entry: exit %d\n%s", code, stderr)
	}
}
