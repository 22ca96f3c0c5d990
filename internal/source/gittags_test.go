package source

import (
	"context"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTagMessagesAreScanned: an annotated tag's message is a unit of its
// own, placed at the commit the tag points to with the tagger as author; a
// lightweight tag has no message; a range scan (A..B, as CI gives) lists
// none.
func TestTagMessagesAreScanned(t *testing.T) {
	r := testutil.NewRepo(t)
	first := r.Write2(map[string]string{"a.txt": "one\n"}, "first")
	second := r.Write2(map[string]string{"a.txt": "two\n"}, "second")
	r.Git("tag", "-a", "v1.0", first, "-m", "release 1.0\n\ndeploy token: tok_release_one")
	r.Git("tag", "light", second)
	r.Git("tag", "-a", "v2.0", "-m", "release 2.0")

	units := func(revs ...string) map[string]Unit {
		got := map[string]Unit{}
		var mu sync.Mutex
		g := &Git{Repo: r.Dir, Workers: 2, Revs: revs}
		err := g.Run(context.Background(), &memReport{}, func(_ int, u Unit) {
			mu.Lock()
			got[u.Path] = u
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := units()
	u, ok := got["(tag message: v1.0)"]
	if !ok || string(u.Data) != "release 1.0\n\ndeploy token: tok_release_one\n\ntagger Test Author <author@example.test>\n" || u.Git.Hash != first || u.Git.Author != "Test Author" || u.Git.Email != "author@example.test" {
		t.Errorf("v1.0: %q %+v (units %v)", u.Data, u.Git, keysOf(got))
	}
	if u, ok := got["(tag message: v2.0)"]; !ok || u.Git.Hash != second {
		t.Errorf("v2.0: %+v", u.Git)
	}
	if _, ok := got["(tag message: light)"]; ok {
		t.Error("a lightweight tag has no message")
	}
	for p := range units(first + ".." + second) {
		if p != "a.txt" && p != CommitMessagePath && p != CommitIdentityPath {
			t.Errorf("a range scan listed %q", p)
		}
	}
}

func keysOf(m map[string]Unit) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
