package detect

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unsafe"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// catalogueKeywords is the built-in catalogue's keywords, a list as large
// as the engine's.
func catalogueKeywords(t *testing.T) []string {
	t.Helper()
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := rule.Flatten(providers)
	seen := map[string]bool{}
	var out []string
	for _, r := range all {
		for _, k := range r.Keywords {
			if k = normalizeKeyword(k); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	if len(out) < 1000 {
		t.Fatalf("only %d keywords", len(out))
	}
	return out
}

// hitsOf lists every hit of a over data.
func hitsOf(a *automaton, data []byte) [][2]int {
	var out [][2]int
	a.scan(data, new([walks][]hitAt), func(k int32, end int) { out = append(out, [2]int{int(k), end}) })
	return out
}

// sameAutomaton fails unless a and b have the same tables.
func sameAutomaton(t *testing.T, a, b *automaton) {
	t.Helper()
	if a.classes != b.classes || a.stride != b.stride || a.maxLen != b.maxLen ||
		!slices.Equal(a.trans, b.trans) || !slices.Equal(a.outStart, b.outStart) || !slices.Equal(a.outIDs, b.outIDs) {
		t.Fatalf("automata differ: stride %d/%d, states %d/%d, ids %d/%d", a.stride, b.stride, a.states(), b.states(), len(a.outIDs), len(b.outIDs))
	}
}

// TestCachedAutomatonIsTheBuiltOne: the catalogue's automaton read back
// from the cache has the built one's tables, used in place from the
// mapped file, and finds the same hits.
func TestCachedAutomatonIsTheBuiltOne(t *testing.T) {
	keywords := catalogueKeywords(t)
	dir := t.TempDir()
	built := newAutomaton(keywords)
	first := loadAutomaton(keywords, dir) // a miss: built and written
	sameAutomaton(t, built, first)
	files, _ := filepath.Glob(filepath.Join(dir, "automaton-*.bin"))
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	cached, ok := decodeAutomaton(data)
	if !ok {
		t.Fatal("the file written does not decode")
	}
	sameAutomaton(t, built, cached)
	// In place: the transitions are the file's bytes, not a copy.
	start, end := uintptr(unsafe.Pointer(&data[0])), uintptr(unsafe.Pointer(&data[len(data)-1]))
	if p := uintptr(unsafe.Pointer(&cached.trans[0])); p < start || p > end {
		t.Error("the transitions were copied out of the file")
	}
	again := loadAutomaton(keywords, dir) // a hit
	sameAutomaton(t, built, again)
	text := []byte("export GITHUB_TOKEN=x; password: hunter2 aws_secret_access_key = y " + string(slices.Repeat([]byte("api_key token secret "), 400)))
	if want, got := hitsOf(built, text), hitsOf(again, text); len(want) == 0 || !slices.Equal(want, got) {
		t.Fatalf("hits differ: built %d, cached %d", len(want), len(got))
	}
	// Another keyword list is another file.
	other := loadAutomaton(append(slices.Clone(keywords), "zzzyyyxxx"), dir)
	if other.states() == built.states() {
		t.Error("an added keyword did not change the automaton")
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "automaton-*.bin")); len(files) != 2 {
		t.Fatalf("cache files after a second list: %v", files)
	}
}

// TestDamagedAutomatonCacheIsRebuilt: a cache file damaged in any way is
// a miss, never a wrong automaton, and the rebuilt one replaces it.
func TestDamagedAutomatonCacheIsRebuilt(t *testing.T) {
	keywords := []string{"password", "pass", "secret", "api_key", "token", "x-api-key", "ghp_"}
	built := newAutomaton(keywords)
	good := built.encode()
	if _, ok := decodeAutomaton(good); !ok {
		t.Fatal("a good file does not decode")
	}
	resum := func(b []byte) []byte {
		body := b[:len(b)-4]
		return binary.NativeEndian.AppendUint32(slices.Clone(body), crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)))
	}
	head := len(automatonFormat) + 4*headerWords + 256
	transAt := len(good) - 4 - 4*len(built.trans)
	damage := map[string][]byte{
		"empty":        nil,
		"truncated":    good[:len(good)/2],
		"one bit":      func() []byte { b := slices.Clone(good); b[len(b)/2] ^= 1; return b }(),
		"other format": func() []byte { b := slices.Clone(good); b[0] = 'X'; return resum(b) }(),
		"other order": func() []byte {
			b := slices.Clone(good)
			binary.BigEndian.PutUint32(b[len(automatonFormat):], binary.NativeEndian.Uint32(b[len(automatonFormat):]))
			return resum(b)
		}(),
		// Checksums agree, but an index points past the table: a scan
		// would panic on it.
		"out of range": func() []byte {
			b := slices.Clone(good)
			binary.NativeEndian.PutUint32(b[transAt+8:], uint32(len(built.trans)))
			return resum(b)
		}(),
		// Under the table's length, but a step from it adds a class and
		// reads past the end.
		"inside the last row": func() []byte {
			b := slices.Clone(good)
			binary.NativeEndian.PutUint32(b[transAt+4:], uint32(len(built.trans))-built.stride+1)
			return resum(b)
		}(),
		"out of range with the output flag": func() []byte {
			b := slices.Clone(good)
			binary.NativeEndian.PutUint32(b[transAt:], uint32(len(built.trans))|outFlag)
			return resum(b)
		}(),
		"last entry out of range": func() []byte {
			b := slices.Clone(good)
			binary.NativeEndian.PutUint32(b[len(b)-8:], uint32(len(built.trans)))
			return resum(b)
		}(),
		"class past the row": func() []byte {
			b := slices.Clone(good)
			b[head-256+'z'] = byte(built.stride)
			return resum(b)
		}(),
		"outputs out of order": func() []byte {
			b := slices.Clone(good)
			binary.NativeEndian.PutUint32(b[head+4:], uint32(len(built.outIDs)+1))
			return resum(b)
		}(),
	}
	for name, data := range damage {
		if _, ok := decodeAutomaton(data); ok {
			t.Errorf("%s: decoded", name)
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "automaton-"+automatonKey(keywords)+".bin")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		sameAutomaton(t, built, loadAutomaton(keywords, dir))
		if rewritten, err := os.ReadFile(path); err != nil || !slices.Equal(rewritten, good) {
			t.Errorf("%s: the damaged file was not replaced", name)
		}
	}
}

// TestTransitionsInRangeIsEveryEntry compares the word-at-a-time check
// with its definition, at every alignment, length and place of an entry
// over the limit, with and without the output flag.
func TestTransitionsInRangeIsEveryEntry(t *testing.T) {
	const limit = 1000
	backing := make([]uint32, 64)
	for start := range 4 {
		for n := range 40 {
			table := backing[start : start+n]
			for i := range table {
				table[i] = uint32(i*37) % (limit + 1)
				if i%3 == 0 {
					table[i] |= outFlag
				}
			}
			if !transitionsInRange(table, limit) {
				t.Fatalf("start %d, %d entries in range: refused", start, n)
			}
			for bad := range table {
				for _, v := range []uint32{limit + 1, limit + 1 | outFlag, outFlag - 1, 1<<31 - 1 | outFlag} {
					old := table[bad]
					table[bad] = v
					if transitionsInRange(table, limit) {
						t.Fatalf("start %d, %d entries, %#x at %d: accepted", start, n, v, bad)
					}
					table[bad] = old
				}
			}
		}
	}
}
