package source

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// Planned in batches of a few blobs, a history is read as git cat-file
// reads it: every blob at every path and commit, byte for byte, and the
// bytes each rebuilt blob says it copied are its base's.
func TestPlannedBatchesReadWhatGitReads(t *testing.T) {
	r := testutil.NewRepo(t)
	g := testutil.NewGen(17)
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = g.String(testutil.Base62, 50)
	}
	for v := range 40 {
		lines[g.IntN(len(lines))] = fmt.Sprintf("edit %d %s", v, g.String(testutil.Base62, 20))
		text := strings.Join(lines, "\n")
		r.Import(map[string]string{"big.txt": text, "part.txt": text[:len(text)/3], fmt.Sprintf("new/%d.txt", v%7): text[v*10:]}, fmt.Sprintf("v%d", v))
	}
	r.Git("repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50")

	read := func(reader string, batch int) []string {
		var mu sync.Mutex
		var got []string
		derived := 0
		src := &Git{Repo: r.Dir, Workers: 2, ObjectReader: reader, PlanBatch: batch}
		err := src.Run(context.Background(), &memReport{}, func(_ int, u Unit) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, fmt.Sprintf("%s %s %s %x", u.Git.Hash, u.Path, u.Blob, sha256.Sum256(u.Data)))
			if u.Derived != nil && len(u.Derived.Copies) > 0 {
				derived++
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if reader == ReaderAuto && derived == 0 {
			t.Errorf("batch %d: no blob was rebuilt from a delta in a walk", batch)
		}
		slices.Sort(got)
		return got
	}
	want := read(ReaderGit, 0)
	for _, batch := range []int{1, 3, 50, 0} {
		if got := read(ReaderAuto, batch); !slices.Equal(got, want) {
			t.Errorf("batch %d: %d units read, git cat-file reads %d", batch, len(got), len(want))
		}
	}
}
