package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pierrec/lz4/v4"

	"github.com/leakhound/leakhound/internal/testutil"
)

// lz4Frames compresses each part into an LZ4 frame of its own, one after
// another, as lz4 writes them (or in the legacy frame, as lz4 -l does).
func lz4Frames(t *testing.T, legacy bool, parts ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, p := range parts {
		w := lz4.NewWriter(&out)
		if err := w.Apply(lz4.LegacyOption(legacy), lz4.ChecksumOption(true)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// TestLZ4IsOpened: an LZ4 file (lz4's frame, and the legacy frame Linux
// kernel images use) was named as not opened, exit 2, with a token inside
// found by nothing. Frames are decompressed now, one after another, a
// tarball inside read as the archive's own members; a frame cut short
// is named as damaged, exit 2.
func TestLZ4IsOpened(t *testing.T) {
	tok := testutil.NewGen(612).GitHubToken("ghp_")
	env := []byte("GITHUB_TOKEN=" + tok + "\n")
	tarball := testutil.Tar(t, testutil.M("./etc/app.env", string(env)))
	long := append(bytes.Repeat([]byte("filler line of a long log file, nothing in it\n"), 200000), env...)
	foundAt(t, map[string]string{
		"secrets.env.lz4":     string(lz4Frames(t, false, env)),
		"backup.tar.lz4":      string(lz4Frames(t, false, tarball)),
		"vmlinux.env.lz4":     string(lz4Frames(t, true, env)),
		"logs/two-frames.lz4": string(lz4Frames(t, false, []byte("first frame\n"), env)),
		"logs/long.lz4":       string(lz4Frames(t, false, long)),
	}, tok, ExitFindings,
		"secrets.env.lz4!secrets.env", "backup.tar.lz4!etc/app.env", "vmlinux.env.lz4!vmlinux.env",
		"logs/two-frames.lz4!two-frames", "logs/long.lz4!long")

	cut := lz4Frames(t, false, long)
	_, stderr, code := scanFiles(t, map[string]string{"cut.lz4": string(cut[:len(cut)/2])}, tok)
	if code != ExitError || !strings.Contains(stderr, "cut.lz4") || !strings.Contains(stderr, "damaged") {
		t.Errorf("a frame cut short: exit %d\n%s", code, stderr)
	}
}
