package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
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
