package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitCorruptPackSaysWhatGitSaid damages one blob inside a pack: the
// scan exits 2 with git's own explanation, not with "context canceled" or
// a bare EOF from the reader it stopped.
func TestScanGitCorruptPackSaysWhatGitSaid(t *testing.T) {
	g := testutil.NewGen(41)
	r := testutil.NewRepo(t)
	files := map[string]string{"a/damaged.txt": g.String(testutil.Base62, 4000) + "\n"}
	// Many blobs after the damaged one: the listing is still going when
	// git dies, as in a real history, so stopping it must not be what
	// the user is told.
	for i := range 7000 {
		files["z/"+strconv.Itoa(i)+".txt"] = "line " + strconv.Itoa(i) + "\n"
	}
	r.Import(files, "data")
	r.Git("repack", "-a", "-d", "-q")
	oid := r.Git("rev-parse", "HEAD:a/damaged.txt")
	packs, err := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v %v", packs, err)
	}
	// verify-pack -v: "oid type size size-in-pack offset" per object.
	var offset, size int64 = -1, 0
	for _, line := range strings.Split(r.Git("verify-pack", "-v", strings.TrimSuffix(packs[0], ".pack")+".idx"), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && f[0] == oid {
			size, _ = strconv.ParseInt(f[3], 10, 64)
			offset, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if offset < 0 || size < 100 {
		t.Fatalf("blob %s not found whole in the pack (offset %d, size %d)", oid, offset, size)
	}
	pack, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	pack[offset+size/2] ^= 0xff // inside the blob's deflate stream
	if err := os.Chmod(packs[0], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(packs[0], pack, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, workers := range []string{"1", "4"} {
		_, stderr, code := run(t, "", "scan", "git", r.Dir, "--workers", workers)
		if code != ExitError {
			t.Errorf("--workers %s: exit %d, want %d\n%s", workers, code, ExitError, stderr)
		}
		if !strings.Contains(stderr, "is corrupt") || !strings.Contains(stderr, "git cat-file failed") {
			t.Errorf("--workers %s: git's message is not passed through:\n%s", workers, stderr)
		}
		if strings.Contains(stderr, "context canceled") || strings.Contains(stderr, "EOF") {
			t.Errorf("--workers %s: the cause is hidden by its consequence:\n%s", workers, stderr)
		}
	}
}
