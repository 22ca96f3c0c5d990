package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestUnreachableObjectsAreRead: what no ref or reflog reaches (a stash
// dropped, a file added to the index then reset, a commit whose reflog
// entry expired) is read with Unreachable, each where it belongs, and
// only then.
func TestUnreachableObjectsAreRead(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "one\n"}, "first")
	// A commit amended away, its reflog entry expired below.
	r.Write2(map[string]string{"amended.env": "TOKEN=amended_away_value\n"}, "second")
	r.Git("rm", "-q", "--cached", "amended.env")
	r.Git("commit", "-q", "--amend", "--allow-empty", "-m", "second, amended")
	// A stash, dropped.
	r.Write(map[string]string{"a.txt": "one\nTOKEN=stashed_value\n"})
	r.Git("stash", "-q")
	r.Git("stash", "drop", "-q")
	// A file added to the index, then reset.
	r.Write(map[string]string{"staged.env": "TOKEN=reset_value\n"})
	r.Git("add", "staged.env")
	r.Git("reset", "-q")
	if err := os.Remove(filepath.Join(r.Dir, "staged.env")); err != nil {
		t.Fatal(err)
	}
	r.Git("reflog", "expire", "--expire=now", "--all")

	read := func(unreachable bool) map[string]string {
		got := map[string]string{} // content -> path
		var mu sync.Mutex
		g := &Git{Repo: r.Dir, Workers: 2, Unreachable: unreachable}
		if err := g.Run(context.Background(), &memReport{}, func(_ int, u Unit) {
			mu.Lock()
			defer mu.Unlock()
			if !u.Name {
				got[string(u.Data)] = u.Path
			}
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	without, with := read(false), read(true)
	for content, path := range map[string]string{
		"TOKEN=amended_away_value\n": "amended.env",
		"one\nTOKEN=stashed_value\n": "a.txt",
		"TOKEN=reset_value\n":        UnreachablePathPrefix,
	} {
		if p, ok := without[content]; ok {
			t.Errorf("%q read at %s without Unreachable", content, p)
		}
		if p, ok := with[content]; !ok || !strings.HasPrefix(p, path) {
			t.Errorf("%q: read at %q (%v), want %q", content, p, ok, path)
		}
	}
}
