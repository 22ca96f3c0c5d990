package cli

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestProfilesAreWritten: the developers' --cpuprofile and --memprofile
// write pprof profiles (gzipped protocol buffers) of a real scan, and stay
// out of --help.
func TestProfilesAreWritten(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	var out, errb bytes.Buffer
	code := Main([]string{"scan", "stdin", "--cpuprofile", cpu, "--memprofile", mem},
		&IO{In: strings.NewReader("nothing to see\n"), Out: &out, Err: &errb})
	if code != ExitClean {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, p := range []string{cpu, mem} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s is not a pprof profile: %v", p, err)
		}
		var body bytes.Buffer
		if _, err := body.ReadFrom(zr); err != nil || body.Len() == 0 {
			t.Fatalf("%s: %d bytes, %v", p, body.Len(), err)
		}
		f.Close()
	}
	out.Reset()
	Main([]string{"scan", "--help"}, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if strings.Contains(out.String(), "profile") {
		t.Fatalf("--help shows the profiling flags:\n%s", out.String())
	}
	code = Main([]string{"scan", "stdin", "--cpuprofile", filepath.Join(dir, "missing", "cpu.pprof")},
		&IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != ExitError {
		t.Fatalf("an unwritable profile path: exit %d", code)
	}
}

// TestHeapProfileIsOfThePeak: the heap profile is the one taken when the
// live heap was largest, not what is left when the command ends: a large
// allocation freed before the end is in it, with its bytes in use.
func TestHeapProfileIsOfThePeak(t *testing.T) {
	h := &heapPeak{debug: 1} // not watching: looks only when told
	peak := allocateForPeak(64 << 20)
	runtime.GC() // the profile's in-use figures are the last collection's
	h.look()
	runtime.KeepAlive(peak)
	peak = nil
	// The profile counts a free one cycle late: two collections make it
	// show the allocation freed.
	runtime.GC()
	runtime.GC()
	h.look()
	text := h.profile.String()
	// Text records read "objects: bytes [objects: bytes] @ addresses",
	// then one "#\taddress\tfunction+offset" line per frame.
	var inUse int64 = -1
	for _, rec := range strings.Split(text, "\n\n") {
		if strings.Contains(rec, "cli.allocateForPeak") {
			for _, line := range strings.Split(rec, "\n") {
				var objects, bytes int64
				if _, err := fmt.Sscanf(line, "%d: %d", &objects, &bytes); err == nil {
					inUse = max(inUse, bytes)
				}
			}
		}
	}
	if inUse < 64<<20 {
		t.Fatalf("the profile holds %d bytes in use from the peak's allocation, want >= %d:\n%.2000s", inUse, 64<<20, text)
	}
}

//go:noinline
func allocateForPeak(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}
