package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestGitPacksAndBundlesAreOpened: a git bundle (git bundle create) or a
// pack without its index, left in a tree or an archive, holds a
// repository's history compressed; it was named as not opened (exit 2).
// Each is indexed by git into a temporary repository now and its
// objects scanned; a thin bundle, whose deltas need objects it does not
// hold, is still named.
func TestGitPacksAndBundlesAreOpened(t *testing.T) {
	g := testutil.NewGen(317)
	tok := g.GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + tok + "\n"}, "config")
	r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=\n"}, "remove the key")
	blob := strings.TrimSpace(r.Git("rev-parse", "HEAD~1:app.env"))
	bundle := filepath.Join(t.TempDir(), "repo.bundle")
	r.Git("bundle", "create", bundle, "--all")
	r.Git("repack", "-a", "-d", "-q")
	packs, err := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs: %v %v", packs, err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	object := "!(git object " + blob + ")"
	foundAt(t, map[string]string{
		"backup/repo.bundle":  read(bundle),
		"backup/objects.pack": read(packs[0]),
		"backup.tar":          string(testutil.Tar(t, testutil.M("repo.bundle", read(bundle)))),
	}, tok, ExitFindings, "backup/repo.bundle"+object, "backup/objects.pack"+object, "backup.tar!repo.bundle"+object)

	// A bundle of the last commit only: its file is stored as a delta of
	// the version before, which the bundle does not hold.
	var long strings.Builder
	for i := range 2000 {
		long.WriteString("setting_" + strings.Repeat("x", i%40) + " = on\n")
	}
	r.Write2(map[string]string{"settings.conf": long.String()}, "settings")
	r.Write2(map[string]string{"settings.conf": long.String() + "last = off\n"}, "one more")
	thin := filepath.Join(t.TempDir(), "thin.bundle")
	r.Git("bundle", "create", thin, "HEAD~1..HEAD")
	_, stderr, code := scanFiles(t, map[string]string{"thin.bundle": read(thin)}, tok)
	if code != ExitError || !strings.Contains(stderr, "thin.bundle: a git bundle that git cannot index alone") {
		t.Errorf("a thin bundle: exit %d\n%s", code, stderr)
	}
}

// TestGitPackBombIsNotIndexed: a pack of a large run of zeros, zipped,
// is a few KB that git index-pack would inflate and hash whole before one
// object can be read (git's own t5004 keeps one that took it 23 s of
// CPU). What indexing would produce is counted first, without git, and
// the pack is named as an archive bomb.
func TestGitPackBombIsNotIndexed(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"zeros.bin": strings.Repeat("\x00", 96<<20)}, "zeros")
	r.Git("repack", "-a", "-d", "-q")
	packs, err := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs: %v %v", packs, err)
	}
	pack, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	zip := testutil.Zip(t, testutil.M("objects.pack", string(pack)))
	_, stderr, code := scanFiles(t, map[string]string{"backup.zip": string(zip)}, "")
	if code != ExitError || !strings.Contains(stderr, "backup.zip!objects.pack: larger than the") ||
		!strings.Contains(stderr, "an archive bomb), not scanned") {
		t.Errorf("a zipped pack of 96 MiB of zeros (%d bytes zipped): exit %d\n%s", len(zip), code, stderr)
	}
}

// TestPreReceiveOpensAPushedBundle: in a pre-receive hook git sets
// GIT_DIR and GIT_OBJECT_DIRECTORY (the push's quarantine); the pack of
// a bundle pushed as a file is indexed in a repository of the scan's own,
// not in the server's, and its key refuses the push.
func TestPreReceiveOpensAPushedBundle(t *testing.T) {
	g := testutil.NewGen(318)
	tok := g.GitHubToken("ghp_")
	src := testutil.NewRepo(t)
	src.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + tok + "\n"}, "config")
	bundle := filepath.Join(t.TempDir(), "repo.bundle")
	src.Git("bundle", "create", bundle, "--all")
	data, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	r, remote := cloneOfGuardedServer(t)
	before := strings.TrimSpace(mustGit(t, remote, "count-objects", "-v"))
	r.Write2(map[string]string{"backup/repo.bundle": string(data)}, "backup")
	out, ok := gitRun(r.Dir, nil, "push", "origin", "main")
	if ok || !strings.Contains(out, "backup/repo.bundle!(git object") {
		t.Errorf("a bundle with a key was pushed:\n%s", out)
	}
	if after := strings.TrimSpace(mustGit(t, remote, "count-objects", "-v")); after != before {
		t.Errorf("the server's objects changed:\n%s\n%s", before, after)
	}
}
