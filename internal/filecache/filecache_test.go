package filecache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestKindsShareADirectory: each kind keeps its own newest versions, so
// writing many of one kind never evicts another's, and Map reads back
// what Write stored.
func TestKindsShareADirectory(t *testing.T) {
	dir := t.TempDir()
	a := Kind{Prefix: "automaton-", Suffix: ".bin", Keep: 2}
	c := Kind{Prefix: "catalogue-", Suffix: ".gob", Keep: 3}
	c.Write(dir, "kept", []byte("catalogue"))
	for i, key := range []string{"k1", "k2", "k3", "k4"} {
		a.Write(dir, key, []byte(key))
		// Distinct times, oldest first, so "newest" is well defined.
		at := time.Now().Add(time.Duration(i-10) * time.Minute)
		os.Chtimes(filepath.Join(dir, "automaton-"+key+".bin"), at, at)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	var got []string
	for _, n := range names {
		got = append(got, filepath.Base(n))
	}
	want := []string{"automaton-k3.bin", "automaton-k4.bin", "catalogue-kept.gob"}
	if len(got) != len(want) {
		t.Fatalf("left %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("left %v, want %v", got, want)
		}
	}
	data, release, ok := c.Map(dir, "kept")
	if !ok || string(data) != "catalogue" {
		t.Fatalf("Map: %q %v", data, ok)
	}
	release()
	if _, _, ok := a.Map(dir, "k1"); ok {
		t.Error("a pruned version was found")
	}
	if _, _, ok := a.Map("", "k4"); ok {
		t.Error("no directory is a miss")
	}
}

// TestSealCatchesEveryChangedByte: Unseal gives back what Seal was given,
// and refuses it once any byte, the checksum's included, changes or the
// file is cut short.
func TestSealCatchesEveryChangedByte(t *testing.T) {
	body := []byte("a cached catalogue's bytes")
	sealed := Seal(append([]byte(nil), body...))
	if got, ok := Unseal(sealed); !ok || string(got) != string(body) {
		t.Fatalf("Unseal(Seal(b)) = %q, %v", got, ok)
	}
	for i := range sealed {
		damaged := append([]byte(nil), sealed...)
		damaged[i] ^= 0x20
		if _, ok := Unseal(damaged); ok {
			t.Errorf("byte %d changed and still unsealed", i)
		}
	}
	for n := range len(sealed) {
		if _, ok := Unseal(sealed[:n]); ok {
			t.Errorf("cut to %d bytes and still unsealed", n)
		}
	}
}
