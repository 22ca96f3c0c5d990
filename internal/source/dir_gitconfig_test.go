package source

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/pathmatch"
	"github.com/leakhound/leakhound/internal/testutil"
)

// scannedFiles runs d and returns the path and content of every unit.
func scannedFiles(t *testing.T, d *Dir) map[string]string {
	t.Helper()
	var mu sync.Mutex
	got := map[string]string{}
	rep := &memReport{}
	if err := d.Run(context.Background(), rep, func(_ int, u Unit) {
		if nameOrLink(u) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		got[u.Path] = string(u.Data)
	}); err != nil {
		t.Fatal(err)
	}
	if len(rep.problems) > 0 {
		t.Fatalf("problems: %+v", rep.problems)
	}
	return got
}

// A directory scan reads the config and hooks of the repository it scans
// and of repositories nested in it, where remote URLs and scripts keep
// credentials no commit holds, and nothing else under .git (git's sample
// hooks neither).
func TestDirScansGitConfigOnly(t *testing.T) {
	g := testutil.NewGen(5)
	tok, nestedTok := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"README.md": "hello\n"})
	r.Commit("first")
	r.Git("remote", "add", "origin", "https://deploy:"+tok+"@github.com/acme/infra.git")
	// A hook is a script someone wrote, in no commit.
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "hooks", "pre-push"), []byte("#!/bin/sh\nTOKEN="+tok+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	nested := testutil.OpenRepo(t, filepath.Join(r.Dir, "vendor", "lib"))
	if err := os.MkdirAll(nested.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	nested.Git("init", "-q")
	nested.Git("remote", "add", "upstream", "https://ci:"+nestedTok+"@git.corp.lan/lib.git")

	got := scannedFiles(t, &Dir{Paths: []string{r.Dir}, Workers: 2})
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if want := []string{".git/config", ".git/hooks/pre-push", "README.md", "vendor/lib/.git/config"}; !slices.Equal(paths, want) {
		t.Fatalf("scanned %v, want %v", paths, want)
	}
	if !strings.Contains(got[".git/config"], tok) || !strings.Contains(got[".git/hooks/pre-push"], tok) || !strings.Contains(got["vendor/lib/.git/config"], nestedTok) {
		t.Errorf("the configs were not read whole: %q", got)
	}

	// Excluding the folder or the file itself leaves the config out (a
	// pattern with a slash inside is anchored at the root, as in
	// .gitignore).
	for _, c := range []struct {
		pattern      string
		root, nested bool
	}{{".git/", false, false}, {".git/config", false, true}, {"vendor/", true, false}} {
		m, err := pathmatch.New([]string{c.pattern})
		if err != nil {
			t.Fatal(err)
		}
		got := scannedFiles(t, &Dir{Paths: []string{r.Dir}, Workers: 1, Exclude: m})
		_, root := got[".git/config"]
		_, nested := got["vendor/lib/.git/config"]
		if root != c.root || nested != c.nested {
			t.Errorf("exclude %q: .git/config scanned %v, vendor/lib/.git/config %v; want %v, %v", c.pattern, root, nested, c.root, c.nested)
		}
	}
}
