package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// Listed in chunks by several git log processes, a history reads byte
// for byte as one `git log --topo-order --reverse` prints it: merges
// (shown against their first parent), a second root, renames, deletions
// and commit messages, whatever the chunk size and process count.
func TestChunkedListingReadsAsOneGitLog(t *testing.T) {
	r := testutil.NewRepo(t)
	g := testutil.NewGen(5)
	r.Write2(map[string]string{"a.txt": "one\n", "dir/b.txt": g.String(testutil.Base62, 40)}, "root")
	r.Git("checkout", "-q", "-b", "side")
	for i := range 6 {
		r.Write2(map[string]string{fmt.Sprintf("side/%d.txt", i): g.String(testutil.Base62, 30)}, fmt.Sprintf("side %d\n\nbody %d", i, i))
	}
	r.Git("checkout", "-q", "-")
	for i := range 5 {
		r.Write2(map[string]string{"a.txt": fmt.Sprintf("one %d\n", i)}, fmt.Sprintf("main %d", i))
	}
	r.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	r.Git("mv", "dir/b.txt", "moved.txt")
	r.Git("rm", "-q", "side/0.txt")
	r.Commit("rename and delete")
	r.Git("checkout", "-q", "--orphan", "other")
	r.Write2(map[string]string{"other.txt": "second root\n"}, "second root")

	args := append(append([]string{}, logMemory...), "log", "--topo-order", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z",
		"--diff-merges=first-parent", logFormat, "--all", "--")
	src := &Git{Repo: r.Dir}
	want, err := src.command(context.Background(), args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(want), "\x01"); n < 15 {
		t.Fatalf("the history has %d commits; the test needs more", n)
	}
	for _, chunk := range []int{1, 2, 5, 0} {
		for _, workers := range []int{1, 2, 3} {
			src := &Git{Repo: r.Dir, ListChunk: chunk, Workers: workers}
			s, err := src.listHistory(context.Background(), []string{"--all"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(s)
			if werr := s.wait(); werr != nil || err != nil {
				t.Fatalf("chunk %d, %d workers: %v, %v", chunk, workers, err, werr)
			}
			if string(got) != string(want) {
				t.Errorf("chunk %d, %d workers: %d bytes listed, one git log prints %d", chunk, workers, len(got), len(want))
			}
		}
	}
}

// A chunk whose git log fails fails the listing with git's message, and
// a reader that stops early leaves no process behind.
func TestChunkedListingFailures(t *testing.T) {
	r := testutil.NewRepo(t)
	var last string
	for i := range 4 {
		last = r.Write2(map[string]string{"a.txt": fmt.Sprintf("v%d\n", i)}, fmt.Sprintf("c%d", i))
	}
	// The last commit's tree is gone: its chunk's git log fails.
	tree := r.Git("rev-parse", last+"^{tree}")
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", tree[:2], tree[2:])); err != nil {
		t.Fatal(err)
	}
	src := &Git{Repo: r.Dir, ListChunk: 1, Workers: 2}
	s, err := src.listHistory(context.Background(), []string{"--all"})
	if err != nil {
		t.Fatal(err)
	}
	_, rerr := io.ReadAll(s)
	werr := s.wait()
	if rerr == nil || werr == nil || !strings.Contains(werr.Error(), "git log failed") {
		t.Errorf("read %v, wait %v; want git log's failure", rerr, werr)
	}

	// Stopped after a few bytes, wait ends every process.
	s, err = (&Git{Repo: r.Dir, ListChunk: 1, Workers: 2}).listHistory(context.Background(), []string{"--all"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	_ = s.wait()
}
