package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// scanFiles writes files to a new folder, scans it with scan dir (JSON,
// secrets shown, extra arguments after) and returns the paths at which
// secret was found, stderr and the exit code.
func scanFiles(t *testing.T, files map[string]string, secret string, args ...string) (paths []string, stderr string, code int) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := run(t, "", append([]string{"scan", "dir", dir, "--format", "json", "--show-secrets"}, args...)...)
	for _, f := range decodeReport(t, stdout) {
		if f.Secret == secret {
			paths = append(paths, f.Path)
		}
	}
	return paths, stderr, code
}

// TestZerosBeforeTextDoNotHideIt: content whose first 8000 bytes are NULs
// (a blank disk image, or a .env with zeros put before it) used to be
// skipped as "binary" on its head alone, whatever followed: exit 0 with a
// token after the zeros. Only content that is zeros to its end is.
func TestZerosBeforeTextDoNotHideIt(t *testing.T) {
	tok := testutil.NewGen(401).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	paths, stderr, code := scanFiles(t, map[string]string{
		"disk.img":  strings.Repeat("\x00", 9000) + "x = 1\n" + line,
		"app.env":   strings.Repeat("\x00", 20000) + line,
		"blank.img": strings.Repeat("\x00", 20000),
	}, tok)
	if code != ExitFindings || len(paths) != 2 {
		t.Errorf("exit %d, found at %v\n%s", code, paths, stderr)
	}
	if !strings.Contains(stderr, "1 binary skipped") {
		t.Errorf("the file of zeros is not named as skipped: %s", stderr)
	}
	// Zeros hold no line break: the token is on line 1, after them.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"app.env": strings.Repeat("\x00", 20000) + line})
	stdout, _, _ := run(t, "", "scan", "dir", dir, "--format", "json")
	if fs := decodeReport(t, stdout); len(fs) != 1 || fs[0].Line != 1 || fs[0].Column != 20014 {
		t.Errorf("placed at %+v, want 1:20014", fs)
	}
	// Over the size limit, a head of zeros says nothing of the rest: the
	// file is named as not scanned, not as binary.
	_, stderr, code = scanFiles(t, map[string]string{"app.env": strings.Repeat("\x00", 20000) + line}, tok, "--max-file-size", "10KB")
	if code != ExitError || !strings.Contains(stderr, "app.env: larger than the 10000-byte limit") {
		t.Errorf("over the limit: exit %d\n%s", code, stderr)
	}
}

// TestZipMemberNamedLikeAFolderIsRead: a zip entry whose name ends in /
// is a folder, which holds no data; one that does hold data (written by
// hand or by a hostile tool) was skipped unread, exit 0. Its data is
// scanned, and so is a member with an empty name.
func TestZipMemberNamedLikeAFolderIsRead(t *testing.T) {
	tok := testutil.NewGen(402).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		// zip.Writer writes no data for a folder: the name gets its slash
		// below, in the local and the central header.
		for _, name := range []string{"etc/conf_", ""} {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(line + strings.Repeat("padding\n", 50)))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		archive := bytes.ReplaceAll(buf.Bytes(), []byte("etc/conf_"), []byte("etc/conf/"))
		paths, stderr, code := scanFiles(t, map[string]string{"bundle.zip": string(archive)}, tok)
		slices.Sort(paths)
		if code != ExitFindings || !slices.Equal(paths, []string{"bundle.zip!(unnamed member)", "bundle.zip!etc/conf/"}) {
			t.Errorf("method %d: exit %d, found at %v\n%s", method, code, paths, stderr)
		}
	}
}

// TestAppendedZipWithCommentIsOpened: a self-extracting executable whose
// zip carries an archive comment (most installers write their version
// there) does not end with the bare end record, and the zip after the
// executable's bytes was not opened: exit 0.
func TestAppendedZipWithCommentIsOpened(t *testing.T) {
	tok := testutil.NewGen(403).GitHubToken("ghp_")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("conf/app.env")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("GITHUB_TOKEN=" + tok + "\n" + strings.Repeat("# padding\n", 40)))
	zw.SetComment("setup 2.1 (built by the release job)")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	exe := "MZ\x90\x00\x03\x00\x00\x00" + strings.Repeat("\x00\x01", 600) + buf.String()
	paths, stderr, code := scanFiles(t, map[string]string{"setup.exe": exe}, tok)
	if code != ExitFindings || !slices.Equal(paths, []string{"setup.exe!(appended archive)!conf/app.env"}) {
		t.Errorf("exit %d, found at %v\n%s", code, paths, stderr)
	}
}

// TestOtherCompressedFormatsAreNamed: Unix compress (.Z), lzip and
// Microsoft cabinet files were scanned as bytes, their compressed content
// unreadable: exit 0 with a token inside. They are named as not opened
// and the scan is incomplete (legacy .lzma is opened: see
// TestLegacyLZMAIsOpened; LZ4 too: TestLZ4IsOpened).
func TestOtherCompressedFormatsAreNamed(t *testing.T) {
	noise := strings.Repeat("\x8e\x13\xf7\x02\x00\x51", 20)
	files := map[string]string{
		"a.env.Z":   "\x1f\x9d\x90" + noise,
		"short.Z":   "\x1f\x9d\x90\x47\x49\x54", // no NUL: not binary by the usual test
		"a.env.lz":  "LZIP\x01\x0c" + noise,
		"setup.cab": "MSCF\x00\x00\x00\x00" + noise,
	}
	_, stderr, code := scanFiles(t, files, "")
	if code != ExitError {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	for name := range files {
		if !strings.Contains(stderr, name+": compressed in a format leakhound does not open") {
			t.Errorf("%s not named: %s", name, stderr)
		}
	}
}

// TestZerosPast64MiBDoNotHideText: content that began with more than 64
// MiB of NULs counted as zeros to its end, a binary notice: a sparse
// disk image, or 70 MB of zeros put before a .env, hid the text after
// them, exit 0. A file or blob is read past its zeros to its end; a
// stream that may never end (standard input, a device) is named after
// 64 MiB of them, and so is one whose zeros reach the size limit.
func TestZerosPast64MiBDoNotHideText(t *testing.T) {
	tok := testutil.NewGen(402).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "disk.img"))
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the zeros take no disk space.
	if _, err := f.WriteAt([]byte(line), 70<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, limit := range []string{"0", "200MB"} {
		stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets", "--max-file-size", limit)
		if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != tok {
			t.Errorf("--max-file-size %s: exit %d, %d findings\n%s", limit, code, len(fs), stderr)
		}
	}
	zeros := strings.Repeat("\x00", 65<<20)
	_, stderr, code := run(t, zeros+line, "scan", "stdin", "--max-file-size", "0")
	if code != ExitError || !strings.Contains(stderr, "NUL bytes") {
		t.Errorf("standard input: exit %d\n%s", code, stderr)
	}
	_, stderr, code = run(t, zeros[:2<<20]+line, "scan", "stdin", "--max-file-size", "1MB")
	if code != ExitError || !strings.Contains(stderr, "larger than the 1000000-byte limit") {
		t.Errorf("standard input over the limit: exit %d\n%s", code, stderr)
	}
}
