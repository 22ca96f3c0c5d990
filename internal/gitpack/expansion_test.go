package gitpack

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// packOf repacks r into one pack and returns its bytes.
func packOf(t *testing.T, r *testutil.Repo) []byte {
	t.Helper()
	r.Git("repack", "-a", "-d", "-q", "-f")
	packs, err := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs: %v %v", packs, err)
	}
	b, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Expansion counts what indexing a pack produces: every object's bytes
// and what its deltas rebuild, at least the content of every version; a
// limit below that stops it, and a pack cut anywhere or not a pack is an
// error, never a panic.
func TestExpansionBoundsWhatIndexingProduces(t *testing.T) {
	r := testutil.NewRepo(t)
	var content strings.Builder
	var versions int64
	for i := range 12 {
		content.WriteString(strings.Repeat("line of a config file that grows by one line each commit\n", 20))
		versions += int64(content.Len())
		r.Write2(map[string]string{"settings.conf": content.String()}, "edit "+string(rune('a'+i)))
	}
	pack := packOf(t, r)
	total, err := Expansion(pack, 20, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if total < versions {
		t.Errorf("expansion %d, below the %d bytes of the file's versions", total, versions)
	}
	if _, err := Expansion(pack, 20, versions/2); !errors.Is(err, ErrExpansion) {
		t.Errorf("with a limit of half the versions: %v, want ErrExpansion", err)
	}
	for cut := 0; cut < len(pack)-20; cut += max(1, len(pack)/97) {
		if _, err := Expansion(pack[:cut], 20, 1<<30); err == nil {
			t.Errorf("a pack cut at %d of %d bytes was read whole", cut, len(pack))
		}
	}
}

// A small pack of a large run of zeros (git's t5004 keeps a 7 KB zip of
// one, which took git index-pack 23 s of CPU) stops after inflating about
// the limit.
func TestExpansionStopsAtTheLimit(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"zeros.bin": strings.Repeat("\x00", 32<<20)}, "zeros")
	pack := packOf(t, r)
	if len(pack) > 1<<20 {
		t.Fatalf("the pack of 32 MiB of zeros is %d bytes", len(pack))
	}
	if _, err := Expansion(pack, 20, 4<<20); !errors.Is(err, ErrExpansion) {
		t.Errorf("32 MiB of zeros under a 4 MiB limit: %v", err)
	}
}
