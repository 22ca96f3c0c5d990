package gitpack

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// planAll plans every object of the repository, twice over for the first
// ones (an object asked for at two paths is read for each), walks the
// trees with w and returns what each index was given, and the indexes left
// to Read.
func planAll(t *testing.T, s *Store, names []string, w *Walker, limit int64) (got map[int][]byte, left, rest []int, pl *Plan) {
	got, left, rest, pl, _ = planAllCopies(t, s, names, w, limit)
	return got, left, rest, pl
}

// planAllCopies is planAll that also returns the share of the bytes of
// objects rebuilt from deltas that the deltas copied.
func planAllCopies(t *testing.T, s *Store, names []string, w *Walker, limit int64) (got map[int][]byte, left, rest []int, pl *Plan, copied float64) {
	t.Helper()
	ids := make([]ID, len(names))
	for i, n := range names {
		id, err := ParseID(n)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	pl = s.Plan(ids)
	got = map[int][]byte{}
	var copiedBytes, rebuilt int
	for _, tr := range pl.Trees() {
		var path [][]byte // the objects on the path walked, by depth
		left = append(left, w.Walk(tr, limit, func(n Node) bool {
			path = append(path[:n.Depth], bytes.Clone(n.Data))
			if n.Depth == 0 && n.Copies != nil {
				t.Errorf("a whole entry with copies %v", n.Copies)
			}
			at := 0
			if n.Depth > 0 {
				rebuilt += len(n.Data)
			}
			for _, c := range n.Copies {
				copiedBytes += c.Len
				// Each range is the base's bytes, in order, none empty.
				if c.At < at || c.Len <= 0 || !bytes.Equal(n.Data[c.At:c.At+c.Len], path[n.Depth-1][c.From:c.From+c.Len]) {
					t.Errorf("copy %+v does not hold the base's bytes", c)
				}
				at = c.At + c.Len
			}
			for _, i := range n.Wants {
				if _, dup := got[i]; dup {
					t.Errorf("object %d given twice", i)
				}
				got[i] = path[n.Depth]
			}
			return true
		})...)
	}
	return got, left, pl.Rest(), pl, float64(copiedBytes) / float64(max(1, rebuilt))
}

func allNames(t *testing.T, r *testutil.Repo) []string {
	t.Helper()
	var names []string
	for n := range objectsOf(t, r) {
		names = append(names, n)
	}
	sort.Strings(names)
	return append(names, names[:3]...)
}

// nodes counts the stored entries of a plan's trees.
func nodes(pl *Plan) int {
	var count func(int32) int
	count = func(n int32) int {
		c := 1
		for ch := pl.nodes[n].firstChild; ch != noNode; ch = pl.nodes[ch].nextChild {
			c += count(ch)
		}
		return c
	}
	total := 0
	for _, tr := range pl.Trees() {
		total += count(tr.root)
	}
	return total
}

// A walk gives every packed object exactly git's bytes and inflates each
// stored entry once, through chains 50 deep; loose objects are left to
// Read.
func TestPlanReadsEachEntryOnce(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 120)
	r.Git("repack", "-a", "-d", "-f", "-q", "--depth=60", "--window=250")
	if depth := deepestChain(t, r); depth < 50 {
		t.Fatalf("deepest delta chain is %d, want a test of 50", depth)
	}
	r.Write2(map[string]string{"loose.txt": "written after the repack\n"}, "loose")
	s := openStore(t, r)
	defer s.Close()
	names := allNames(t, r)
	want := gitContents(t, r.Dir, names)
	w := s.NewWalker(0)
	got, left, rest, pl, copied := planAllCopies(t, s, names, w, 0)
	// Each version edits one line of 300: nearly all of a delta's
	// object is copied, and Copies must say so.
	if copied < 0.9 {
		t.Errorf("deltas copied %.2f of the bytes they rebuilt, want most", copied)
	}
	if len(left) != 0 {
		t.Fatalf("%d objects left by the walk, want none", len(left))
	}
	loose := map[string]bool{}
	for _, i := range rest {
		loose[names[i]] = true
	}
	for i, n := range names {
		data, ok := got[i]
		switch {
		case ok && loose[n]:
			t.Errorf("%s both walked and left to Read", n)
		case !ok && !loose[n]:
			t.Errorf("%s neither walked nor left to Read", n)
		case ok && !bytes.Equal(data, want[n]):
			t.Errorf("%s: %d bytes differ from git's %d", n, len(data), len(want[n]))
		}
	}
	if len(loose) < 3 {
		t.Errorf("%d loose objects left to Read, want the last commit's (at least 3)", len(loose))
	}
	if entries := nodes(pl); w.inflated != entries {
		t.Errorf("inflated %d entries for %d stored in the trees: each must be inflated once", w.inflated, entries)
	}
	// Down a chain a walker holds the base and the version rebuilt from
	// it, not the whole chain: 50 versions of a 20 kB file fit in 256 kB.
	if _, left, _, _ := planAll(t, s, names, s.NewWalker(256<<10), 0); len(left) != 0 {
		t.Errorf("a 256 kB walker left %d objects of 50-deep chains of 20 kB files", len(left))
	}
}

// Past the limit or the budget, or below damage, objects are left to Read,
// which reads them or reports them as it does alone.
func TestPlanLeavesWhatItCannotHold(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 30)
	r.Git("repack", "-a", "-d", "-q")
	s := openStore(t, r)
	names := allNames(t, r)
	want := gitContents(t, r.Dir, names)

	// The files of editedHistory are about 20 kB: a 30 kB budget holds
	// one on the path, so every delta against one is left.
	for _, w := range []*Walker{s.NewWalker(30 << 10), s.NewWalker(0)} {
		limit := int64(0)
		if w.budget == DefaultWalkBytes {
			limit = 10 << 10
		}
		got, left, _, _ := planAll(t, s, names, w, limit)
		if len(left) == 0 {
			t.Fatalf("budget %d, limit %d: nothing left to Read", w.budget, limit)
		}
		for _, i := range left {
			if _, ok := got[i]; ok {
				t.Errorf("%s both walked and left", names[i])
			}
			_, data, err := s.Read(mustID(t, names[i]), nil, limit)
			var big *TooLargeError
			switch {
			case limit > 0 && errors.As(err, &big):
			case err != nil:
				t.Errorf("%s: %v", names[i], err)
			case !bytes.Equal(data, want[names[i]]):
				t.Errorf("%s: Read differs from git", names[i])
			case limit > 0 && int64(len(data)) > limit:
				t.Errorf("%s: %d bytes walked past the limit", names[i], len(data))
			}
		}
		for i, data := range got {
			if limit > 0 && int64(len(data)) > limit {
				t.Errorf("%s: %d bytes given past the limit %d", names[i], len(data), limit)
			}
		}
	}
	s.Close()

	// Damage in a base: its subtree is left, and Read reports it.
	p := filepath.Join(objectDir(t, r), "pack")
	packs, _ := filepath.Glob(filepath.Join(p, "*.pack"))
	s = openStore(t, r)
	big := mustID(t, r.Git("rev-parse", "HEAD~15:big.txt"))
	pk, off, _, _ := s.locate(big)
	e, _ := pk.readEntry(off, nil)
	s.Close()
	data, _ := os.ReadFile(packs[0])
	data[e.offset+int64(e.head)+5] ^= 0x55
	os.Chmod(packs[0], 0o644)
	if err := os.WriteFile(packs[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, r)
	defer s.Close()
	got, left, _, _ := planAll(t, s, names, s.NewWalker(0), 0)
	damaged := false
	for _, i := range left {
		var c *CorruptError
		if _, _, err := s.Read(mustID(t, names[i]), nil, 0); errors.As(err, &c) {
			damaged = true
		} else if err != nil {
			t.Errorf("%s: %v", names[i], err)
		}
	}
	if !damaged {
		t.Fatalf("damaged entry at %d: nothing left that Read reports as damaged (%d left, %d walked)", e.offset, len(left), len(got))
	}
	for i, d := range got {
		if !bytes.Equal(d, want[names[i]]) {
			t.Errorf("%s walked with the wrong bytes", names[i])
		}
	}
}

// Deltas naming their base by object id are planned like offset deltas.
func TestPlanRefDeltas(t *testing.T) {
	r := refDeltaHistory(t)
	s := openStore(t, r)
	defer s.Close()
	if counts := entryTypes(t, s); counts[refDelta] < 10 {
		t.Fatalf("entry types %v: want REF_DELTA entries", counts)
	}
	names := allNames(t, r)
	want := gitContents(t, r.Dir, names)
	got, left, rest, _ := planAll(t, s, names, s.NewWalker(0), 0)
	if len(left)+len(rest) != 0 || len(got) != len(names) {
		t.Fatalf("walked %d of %d, %d left, %d rest", len(got), len(names), len(left), len(rest))
	}
	for i, d := range got {
		if !bytes.Equal(d, want[names[i]]) {
			t.Errorf("%s walked with the wrong bytes", names[i])
		}
	}
}

func mustID(t *testing.T, s string) ID {
	t.Helper()
	id, err := ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func openStore(t *testing.T, r *testutil.Repo) *Store {
	t.Helper()
	s, err := Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
