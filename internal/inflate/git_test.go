package inflate

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestGitStreams: the zlib streams git itself writes, at compression 0, 1
// and 9, as loose objects and as pack entries (deltas among them),
// inflate as the standard library inflates them.
func TestGitStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	for _, level := range []int{0, 1, 9} {
		t.Run(fmt.Sprint(level), func(t *testing.T) {
			r := testutil.NewRepo(t)
			r.Git("config", "core.compression", fmt.Sprint(level))
			rnd := rand.New(rand.NewPCG(uint64(level), 7))
			body := text(rnd, 40000)
			for i := range 4 {
				body = append(body[:len(body)-500*i], text(rnd, 700)...)
				r.Write2(map[string]string{"a.go": string(body), "b.bin": string(random(rnd, 3000)), fmt.Sprintf("small%d", i): "x"}, fmt.Sprint("commit ", i))
			}
			var d Decoder
			loose := looseObjects(t, r.Dir)
			for _, f := range loose {
				compare(t, &d, f)
			}
			r.Git("repack", "-a", "-d", "-q", "--depth=10", "--window=10")
			entries := packEntries(t, r.Dir)
			for _, e := range entries {
				compare(t, &d, e)
			}
			if len(loose) < 10 || len(entries) < 10 {
				t.Fatalf("%d loose objects, %d pack entries", len(loose), len(entries))
			}
		})
	}
}

// looseObjects are the contents of a repository's loose object files.
func looseObjects(t *testing.T, dir string) [][]byte {
	names, err := filepath.Glob(filepath.Join(dir, ".git", "objects", "??", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// packEntries are the zlib streams of every entry of a repository's
// packs, each with the rest of the pack after it.
func packEntries(t *testing.T, dir string) [][]byte {
	names, err := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pack in %s: %v", dir, err)
	}
	var out [][]byte
	for _, name := range names {
		pack, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		eachEntry(t, pack, func(z []byte, _ int) { out = append(out, z) })
	}
	return out
}

// eachEntry calls fn with the zlib stream of every entry of a pack (and
// the rest of the pack after it) and the size its header states. An
// entry's header (git's pack-format documentation): type and size in a
// varint of 4 then 7 bits a byte; an OFS_DELTA's base distance follows in
// a varint, a REF_DELTA's base id in 20 bytes. Where each stream ends is
// found by inflating it.
func eachEntry(t testing.TB, pack []byte, fn func(z []byte, size int)) {
	count := int(binary.BigEndian.Uint32(pack[8:12]))
	off := 12
	var d Decoder
	var dst []byte
	for range count {
		typ := pack[off] >> 4 & 7
		size := int(pack[off] & 15)
		shift := 4
		for pack[off]&0x80 != 0 {
			off++
			size |= int(pack[off]&0x7f) << shift
			shift += 7
		}
		off++
		switch typ {
		case 6:
			for pack[off]&0x80 != 0 {
				off++
			}
			off++
		case 7:
			off += 20
		}
		fn(pack[off:], size)
		if cap(dst) < size {
			dst = make([]byte, size)
		}
		n, err := d.Zlib(dst[:size], pack[off:])
		if err != nil {
			t.Fatalf("entry at %d: %v", off, err)
		}
		off += n
	}
	if rest := len(pack) - off; rest != 20 {
		t.Fatalf("%d bytes after the last entry, want the 20 of the checksum", rest)
	}
}
