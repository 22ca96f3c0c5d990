package gitpack

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// objectsOf lists every object git sees in the repository (alternates
// included), by name and type.
func objectsOf(t *testing.T, r *testutil.Repo) map[string]string {
	t.Helper()
	out := r.Git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")
	all := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		name, typ, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("cat-file line %q", line)
		}
		all[name] = typ
	}
	return all
}

// gitContents reads objects with one `git cat-file --batch`: what the
// store must return, byte for byte.
func gitContents(t *testing.T, dir string, names []string) map[string][]byte {
	t.Helper()
	cmd := testutil.GitCmd(dir, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n") + "\n")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(out)
	got := map[string][]byte{}
	for _, name := range names {
		header, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[0] != name {
			t.Fatalf("cat-file header %q for %s", header, name)
		}
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			t.Fatal(err)
		}
		got[name] = data[:size]
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	return got
}

// objectDir is the repository's object directory, as git names it.
func objectDir(t *testing.T, r *testutil.Repo) string {
	t.Helper()
	d := r.Git("rev-parse", "--git-path", "objects")
	if !filepath.IsAbs(d) {
		d = filepath.Join(r.Dir, d)
	}
	return d
}

// sameAsGit reads every object of the repository through a store and
// compares type and content with git's; it returns the store.
func sameAsGit(t *testing.T, r *testutil.Repo, opt Options) *Store {
	t.Helper()
	s, err := Open(objectDir(t, r), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	all := objectsOf(t, r)
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	want := gitContents(t, r.Dir, names)
	var buf []byte
	for _, n := range names {
		id, err := ParseID(n)
		if err != nil {
			t.Fatal(err)
		}
		typ, data, err := s.Read(id, buf, 0)
		if err != nil {
			t.Fatalf("%s (%s): %v", n, all[n], err)
		}
		if typ.String() != all[n] {
			t.Errorf("%s: type %s, git says %s", n, typ, all[n])
		}
		if !bytes.Equal(data, want[n]) {
			t.Errorf("%s (%s): %d bytes differ from git's %d", n, all[n], len(data), len(want[n]))
		}
		buf = data
	}
	if len(names) == 0 {
		t.Fatal("no objects to compare")
	}
	return s
}

// editedHistory commits versions of a few files, each a small edit of
// the last, as real histories are: packed, most become deltas.
func editedHistory(r *testutil.Repo, versions int) {
	g := testutil.NewGen(7)
	lines := make([]string, 300)
	for i := range lines {
		lines[i] = g.String(testutil.Base62, 60)
	}
	for v := range versions {
		lines[g.IntN(len(lines))] = fmt.Sprintf("version %d %s", v, g.String(testutil.Base62, 30))
		text := strings.Join(lines, "\n") + "\n"
		r.Import(map[string]string{"big.txt": text, "other.txt": strings.ToUpper(text[:len(text)/3]), "bin.dat": "\x00\x01" + text[:200]}, "version "+strconv.Itoa(v))
	}
}

// deepestChain is the longest delta chain `git verify-pack -v` reports
// in the repository's packs.
func deepestChain(t *testing.T, r *testutil.Repo) int {
	t.Helper()
	idxs, _ := filepath.Glob(filepath.Join(objectDir(t, r), "pack", "*.idx"))
	deepest := 0
	for _, idx := range idxs {
		for _, line := range strings.Split(r.Git("verify-pack", "-v", idx), "\n") {
			// "chain length = 50: 3 objects"
			if rest, ok := strings.CutPrefix(line, "chain length = "); ok {
				n, _ := strconv.Atoi(rest[:strings.Index(rest, ":")])
				deepest = max(deepest, n)
			}
		}
	}
	return deepest
}

func TestLooseObjects(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "one\n", "dir/b.txt": "two\n"}, "first")
	r.Write2(map[string]string{"a.txt": "one, edited\n"}, "second")
	r.Git("tag", "-a", "-m", "a tag", "v1")
	sameAsGit(t, r, Options{})
	if packs, _ := filepath.Glob(filepath.Join(objectDir(t, r), "pack", "*.pack")); len(packs) != 0 {
		t.Fatalf("expected loose objects only, found packs %v", packs)
	}
}

func TestAggressivePackWithDeepChains(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 120)
	r.Git("gc", "--aggressive", "-q")
	// gc --aggressive stops chains at 50 deep, counting the base: go past.
	r.Git("repack", "-a", "-d", "-f", "-q", "--depth=60", "--window=250")
	if depth := deepestChain(t, r); depth < 50 {
		t.Fatalf("deepest delta chain is %d, want a test of 50", depth)
	}
	// A cache too small to keep most bases makes every chain be walked
	// down again; a large one serves them from memory.
	sameAsGit(t, r, Options{CacheBytes: 4 << 10})
	sameAsGit(t, r, Options{})
}

func TestLooseAndPackedTogether(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 30)
	r.Git("repack", "-a", "-d", "-q")
	r.Write2(map[string]string{"new.txt": "written after the repack\n"}, "loose")
	editedHistory(r, 5)
	r.Git("repack", "-q") // a second pack, of the objects still loose
	r.Write2(map[string]string{"newer.txt": "loose again\n"}, "loose again")
	if packs, _ := filepath.Glob(filepath.Join(objectDir(t, r), "pack", "*.pack")); len(packs) != 2 {
		t.Fatalf("want 2 packs, have %v", packs)
	}
	s := sameAsGit(t, r, Options{})
	if l := s.Layout(); l.Packs != 2 || l.MultiPackIndexes != 0 {
		t.Errorf("layout %+v", l)
	}
}

func TestMultiPackIndex(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 20)
	r.Git("repack", "-q")
	editedHistory(r, 20)
	r.Git("repack", "-q")
	r.Git("multi-pack-index", "write")
	s := sameAsGit(t, r, Options{})
	if l := s.Layout(); l.MultiPackIndexes != 1 || l.Packs != 2 || len(l.Ignored) != 0 {
		t.Errorf("layout %+v", l)
	}
	// A pack written after the multi-pack-index is read through its own
	// index beside it.
	r.Write2(map[string]string{"late.txt": "after the midx\n"}, "late")
	r.Git("repack", "-q")
	s = sameAsGit(t, r, Options{})
	if l := s.Layout(); l.MultiPackIndexes != 1 || l.Packs != 3 {
		t.Errorf("layout %+v", l)
	}
}

func TestAlternates(t *testing.T) {
	base := testutil.NewRepo(t)
	editedHistory(base, 25)
	base.Git("gc", "-q")
	// clone --shared reads the base's objects through
	// objects/info/alternates and holds only its own new ones.
	dir := filepath.Join(t.TempDir(), "shared")
	if out, err := testutil.GitCmd(".", "clone", "-q", "--shared", base.Dir, dir).CombinedOutput(); err != nil {
		t.Fatalf("clone --shared: %v\n%s", err, out)
	}
	clone := testutil.OpenRepo(t, dir)
	clone.Write2(map[string]string{"mine.txt": "only in the clone\n"}, "clone's own")
	s := sameAsGit(t, clone, Options{})
	if l := s.Layout(); len(l.ObjectDirs) != 2 {
		t.Errorf("layout %+v", l)
	}
}

func TestAlternatesFromTheEnvironment(t *testing.T) {
	base := testutil.NewRepo(t)
	editedHistory(base, 5)
	other := testutil.NewRepo(t)
	other.Write2(map[string]string{"x.txt": "x\n"}, "x")
	blob := base.Git("rev-parse", "HEAD:big.txt")
	id, _ := ParseID(blob)
	s, err := Open(objectDir(t, other), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.Read(id, nil, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("without the alternate: %v, want not found", err)
	}
	s2, err := Open(objectDir(t, other), Options{AlternateEnv: objectDir(t, base)})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	_, data, err := s2.Read(id, nil, 0)
	if err != nil || !bytes.Equal(data, gitContents(t, base.Dir, []string{blob})[blob]) {
		t.Fatalf("through the alternate: %v", err)
	}
}

// TestRefDeltas reads a pack whose deltas name their bases by object
// name, as `git pack-objects` writes without --delta-base-offset (and as
// older gits and some servers send).
// refDeltaHistory is an edited history packed by pack-objects without
// --delta-base-offset: every delta names its base by object id.
func refDeltaHistory(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	editedHistory(r, 40)
	r.Git("repack", "-a", "-d", "-q")
	packs, _ := filepath.Glob(filepath.Join(objectDir(t, r), "pack", "pack-*"))
	list := r.Git("rev-list", "--objects", "--all")
	cmd := testutil.GitCmd(r.Dir, "pack-objects", "-q", "--no-reuse-delta", filepath.Join(objectDir(t, r), "pack", "refs"))
	cmd.Stdin = strings.NewReader(list + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pack-objects: %v\n%s", err, out)
	}
	for _, p := range packs {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestRefDeltas(t *testing.T) {
	r := refDeltaHistory(t)
	s := sameAsGit(t, r, Options{CacheBytes: 4 << 10})
	counts := entryTypes(t, s)
	if counts[refDelta] < 10 || counts[ofsDelta] != 0 {
		t.Fatalf("entry types %v: want REF_DELTA entries only", counts)
	}
}

// entryTypes counts the stored entry types of every pack of s.
func entryTypes(t *testing.T, s *Store) map[Type]int {
	t.Helper()
	counts := map[Type]int{}
	for _, p := range s.all {
		if err := p.open(); err != nil {
			t.Fatal(err)
		}
		for i := range p.idx.n {
			off, err := p.idx.offset(i)
			if err != nil {
				t.Fatal(err)
			}
			e, err := p.readEntry(off, nil)
			if err != nil {
				t.Fatal(err)
			}
			counts[e.typ]++
		}
	}
	return counts
}

func TestDamageIsReportedNotReturned(t *testing.T) {
	r := testutil.NewRepo(t)
	g := testutil.NewGen(3)
	r.Write2(map[string]string{"a.txt": g.String(testutil.Base62, 5000)}, "one")
	r.Git("repack", "-a", "-d", "-q")
	blob := r.Git("rev-parse", "HEAD:a.txt")
	id, _ := ParseID(blob)
	s, err := Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := s.loose[0]
	i, _ := p.idx.find(id)
	off, _ := p.idx.offset(i)
	s.Close()
	data, err := os.ReadFile(p.path)
	if err != nil {
		t.Fatal(err)
	}
	data[off+2000] ^= 0x55
	os.Chmod(p.path, 0o644)
	if err := os.WriteFile(p.path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var c *CorruptError
	if _, _, err := s.Read(id, nil, 0); !errors.As(err, &c) || c.ID != id {
		t.Fatalf("damaged blob: %v, want a CorruptError", err)
	}
}

func TestSizeLimit(t *testing.T) {
	r := testutil.NewRepo(t)
	big := strings.Repeat("0123456789\n", 2000)
	r.Write2(map[string]string{"big.txt": big, "small.txt": "small\n"}, "one")
	blob := r.Git("rev-parse", "HEAD:big.txt")
	id, _ := ParseID(blob)
	for _, packed := range []bool{false, true} {
		if packed {
			r.Git("repack", "-a", "-d", "-q")
		}
		s, err := Open(objectDir(t, r), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var tl *TooLargeError
		_, _, err = s.Read(id, nil, 1000)
		if !errors.As(err, &tl) || tl.Size != int64(len(big)) || string(tl.Head) != big[:HeadSize] {
			t.Errorf("packed %v: %v, want a TooLargeError with the head", packed, err)
		}
		s.Close()
	}
}

func TestUnsupportedLayouts(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "a\n"}, "one")
	r.Git("repack", "-a", "-d", "-q")
	idxs, _ := filepath.Glob(filepath.Join(objectDir(t, r), "pack", "*.idx"))
	pack := strings.TrimSuffix(idxs[0], ".idx") + ".pack"
	os.Remove(idxs[0])
	r.Git("index-pack", "--index-version=1", "-o", idxs[0], pack)
	var u *UnsupportedError
	if _, err := Open(objectDir(t, r), Options{}); !errors.As(err, &u) {
		t.Errorf("version 1 index: %v, want an UnsupportedError", err)
	}
	if _, err := Open(objectDir(t, r), Options{ObjectFormat: "sha256"}); !errors.As(err, &u) {
		t.Errorf("sha256: %v, want an UnsupportedError", err)
	}
}

// TestConcurrentReaders reads every object from several goroutines at
// once through one store with a cache too small to hold a chain: each
// gets git's bytes (run with -race, this also checks the sharing).
func TestConcurrentReaders(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 60)
	r.Git("gc", "--aggressive", "-q")
	all := objectsOf(t, r)
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	want := gitContents(t, r.Dir, names)
	s, err := Open(objectDir(t, r), Options{CacheBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			var buf []byte
			for i := range names {
				n := names[(i+w*len(names)/4)%len(names)]
				id, _ := ParseID(n)
				_, data, err := s.Read(id, buf, 0)
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(data, want[n]) {
					errs <- fmt.Errorf("%s: content differs from git's", n)
					return
				}
				buf = data
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestPackWrittenAfterOpen: a repack or fetch beside a scan writes new
// packs; an object only they hold is found in them.
func TestPackWrittenAfterOpen(t *testing.T) {
	r := testutil.NewRepo(t)
	editedHistory(r, 5)
	r.Git("repack", "-a", "-d", "-q")
	s, err := Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r.Write2(map[string]string{"later.txt": "written after Open\n"}, "later")
	r.Git("repack", "-a", "-d", "-q") // the first pack is replaced too
	blob := r.Git("rev-parse", "HEAD:later.txt")
	id, _ := ParseID(blob)
	_, data, err := s.Read(id, nil, 0)
	if err != nil || string(data) != "written after Open\n" {
		t.Fatalf("%q, %v", data, err)
	}
}

// TestFewSkipsOnlyTheIndexChecksum: with Options.Few a damaged index's
// own checksum is not checked (a pre-commit scan reads a blob or two, and
// hashing a large index cost more than the scan), but damage that would
// change what is read still fails: a CRC-32 in the index that does not
// match its entry is an error, never content.
func TestFewSkipsOnlyTheIndexChecksum(t *testing.T) {
	r := testutil.NewRepo(t)
	g := testutil.NewGen(4)
	r.Write2(map[string]string{"a.txt": g.String(testutil.Base62, 5000), "b.txt": "hello\n"}, "one")
	r.Git("repack", "-a", "-d", "-q")
	a, _ := ParseID(r.Git("rev-parse", "HEAD:a.txt"))
	b, _ := ParseID(r.Git("rev-parse", "HEAD:b.txt"))
	s, err := Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Read(a, nil, 0); err != nil {
		t.Fatal(err)
	}
	p := s.loose[0]
	idxPath := strings.TrimSuffix(p.path, ".pack") + ".idx"
	i, _ := p.idx.find(a)
	crcAt := 8 + 256*4 + 20*p.idx.n + 4*i
	s.Close()
	idx, err := os.ReadFile(idxPath)
	if err != nil {
		t.Fatal(err)
	}
	idx[crcAt] ^= 0x01 // a's CRC-32 in the index, so the index's checksum no longer matches
	os.Chmod(idxPath, 0o644)
	if err := os.WriteFile(idxPath, idx, 0o644); err != nil {
		t.Fatal(err)
	}
	full, err := Open(objectDir(t, r), Options{})
	if err == nil {
		_, _, err = full.Read(b, nil, 0)
		full.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "checksum does not match") {
		t.Fatalf("full open of a damaged index: %v", err)
	}
	few, err := Open(objectDir(t, r), Options{Few: true})
	if err != nil {
		t.Fatal(err)
	}
	defer few.Close()
	if _, data, err := few.Read(b, nil, 0); err != nil || string(data) != "hello\n" {
		t.Fatalf("an undamaged entry: %q, %v", data, err)
	}
	var c *CorruptError
	if _, data, err := few.Read(a, nil, 0); !errors.As(err, &c) {
		t.Fatalf("the entry whose CRC-32 was damaged: %d bytes, %v; want a CorruptError", len(data), err)
	}
}

// TestEmptyBlobIsKnownWithoutBeingStored: git reads the empty blob
// whether or not the repository stores it (git add --intent-to-add
// stages it for a new file), and so does the store.
func TestEmptyBlobIsKnownWithoutBeingStored(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "a\n"}, "one")
	s, err := Open(objectDir(t, r), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, _ := ParseID(r.Git("hash-object", "--stdin"))
	if typ, data, err := s.Read(id, nil, 0); err != nil || typ != Blob || len(data) != 0 {
		t.Fatalf("the empty blob: %v %q %v", typ, data, err)
	}
}
