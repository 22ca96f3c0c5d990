package cli

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// xzBytes compresses data as xz(1) does with args, or, on a machine
// without xz, with the Go library (one stream, one block).
func xzBytes(t *testing.T, data []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("xz"); err == nil {
		cmd := exec.Command("xz", append([]string{"-c"}, args...)...)
		cmd.Stdin = bytes.NewReader(data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return testutil.XZ(t, xz.WriterConfig{}, data)
}

// withXZDict rewrites the LZMA2 dictionary size code of the first block
// header of the xz stream x (the format's 5.3.1: 37 is 1.5 GiB) and its
// CRC32, as a hostile file would declare it.
func withXZDict(t *testing.T, x []byte, code byte) []byte {
	t.Helper()
	out := bytes.Clone(x)
	h := out[12 : 12+(int(out[12])+1)*4] // the block header after the stream header
	i := bytes.Index(h, []byte{0x21, 0x01})
	if i < 0 {
		t.Fatal("no LZMA2 filter in the block header")
	}
	h[i+2] = code
	binary.LittleEndian.PutUint32(h[len(h)-4:], crc32.ChecksumIEEE(h[:len(h)-4]))
	return out
}

// TestXZIsOpened: xz-compressed files, tarballs and archive members
// (.xz, .tar.xz, a .deb's data.tar.xz) were named as not opened: exit 2
// with a token inside, found by nothing; an installer script with an xz
// or zstd payload was scanned as text, exit 0 (one with an LZ4 payload
// too, see TestLZ4IsOpened). They are decompressed now, over
// several blocks and concatenated streams, and with the filters xz puts
// before LZMA2 (BCJ, delta), which were named as not opened; a block
// whose header asks for a dictionary larger than leakhound allots is named
// as not read, exit 2, and costs no allocation of its size.
func TestXZIsOpened(t *testing.T) {
	tok := testutil.NewGen(611).GitHubToken("ghp_")
	env := []byte("GITHUB_TOKEN=" + tok + "\n")
	tarball := testutil.Tar(t, testutil.M("./etc/app.env", string(env)))
	// Filler before the token, so xz -T2 writes it in a later block.
	long := append(bytes.Repeat([]byte("filler line of a long log file, nothing in it\n"), 8000), env...)
	blocks := xzBytes(t, long, "-T2", "--block-size=65536")
	twoStreams := append(xzBytes(t, []byte("first stream\n")), xzBytes(t, env)...)
	zst, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	deb := testutil.Ar(testutil.M("debian-binary", "2.0\n"), testutil.Member{Name: "data.tar.xz", Content: xzBytes(t, tarball)})
	foundAt(t, map[string]string{
		"secrets.env.xz":  string(xzBytes(t, env)),
		"backup.tar.xz":   string(xzBytes(t, tarball, "-9")),
		"app_1.2_all.deb": string(deb),
		"bundle.zip":      string(testutil.Zip(t, testutil.Member{Name: "notes.txt.xz", Content: xzBytes(t, env)})),
		"logs/app.log.xz": string(blocks),
		"logs/rotated.xz": string(twoStreams),
		// A makeself-style installer whose payload is xz-compressed.
		"install.run": "#!/bin/sh\nexec tail -n +4 \"$0\" | xz -d | tar x\nexit 0\n" + string(xzBytes(t, tarball)),
	}, tok, ExitFindings,
		"secrets.env.xz!secrets.env", "backup.tar.xz!etc/app.env", "app_1.2_all.deb!data.tar.xz!etc/app.env",
		"bundle.zip!notes.txt.xz!notes.txt", "logs/app.log.xz!app.log", "logs/rotated.xz!rotated",
		"install.run!(appended archive)!etc/app.env")
	// zstd keeps a small tarball's bytes as they are, so the token is
	// found in the script's own bytes too.
	zstScript := "#!/bin/sh\nexec tail -n +4 \"$0\" | zstd -d | tar x\nexit 0\n" + string(zst.EncodeAll(tarball, nil))
	if paths, stderr, code := scanFiles(t, map[string]string{"install.run": zstScript}, tok); code != ExitFindings || !slices.Contains(paths, "install.run!(appended archive)!etc/app.env") {
		t.Errorf("zstd payload: exit %d, found at %v\n%s", code, paths, stderr)
	}
	// An LZ4 payload (makeself --lz4) is opened too.
	lz4Script := "#!/bin/sh\nexec tail -n +4 \"$0\" | lz4 -d | tar x\nexit 0\n" + string(lz4Frames(t, false, tarball))
	if paths, stderr, code := scanFiles(t, map[string]string{"install.run": lz4Script}, tok); code != ExitFindings || !slices.Contains(paths, "install.run!(appended archive)!etc/app.env") {
		t.Errorf("lz4 payload: exit %d, found at %v\n%s", code, paths, stderr)
	}

	// Filters before LZMA2, as xz(1) writes them for executables and
	// tables.
	if _, err := exec.LookPath("xz"); err == nil {
		foundAt(t, map[string]string{
			"app.bin.xz":   string(xzBytes(t, append(bytes.Repeat([]byte{0xe8, 0, 1, 0, 0, 0x90}, 500), env...), "--x86", "--lzma2")),
			"table.bin.xz": string(xzBytes(t, env, "--delta=dist=4", "--lzma2")),
			"arm.bin.xz":   string(xzBytes(t, env, "--arm", "--lzma2=preset=9")),
		}, tok, ExitFindings, "app.bin.xz!app.bin", "table.bin.xz!table.bin", "arm.bin.xz!arm.bin")
		// A filter newer than the decoder is named as such.
		if arm64 := xzBytes(t, env, "--arm64", "--lzma2"); len(arm64) > 0 {
			if _, stderr, code := scanFiles(t, map[string]string{"arm64.bin.xz": string(arm64)}, tok); code != ExitError || !strings.Contains(stderr, "arm64.bin.xz: xz block with the ARM64 BCJ filter, which leakhound's decoder does not know") {
				t.Errorf("ARM64 filter: exit %d\n%s", code, stderr)
			}
		}
	}

	// A 1.5 GiB dictionary, in the first stream or a later one.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stderr := foundAt(t, map[string]string{
		"hostile.xz": string(withXZDict(t, xzBytes(t, env), 37)),
		"later.xz":   string(xzBytes(t, []byte("first stream\n"))) + string(withXZDict(t, xzBytes(t, env), 37)),
		"damaged.xz": string(xzBytes(t, env)[:30]),
	}, tok, ExitError)
	runtime.ReadMemStats(&after)
	for _, name := range []string{"hostile.xz", "later.xz"} {
		if !strings.Contains(stderr, name+": xz block asks for a 1536 MiB dictionary, over the 64 MiB leakhound allots") {
			t.Errorf("%s is not named:\n%s", name, stderr)
		}
	}
	if !strings.Contains(stderr, "damaged.xz") {
		t.Errorf("a cut xz file is not named:\n%s", stderr)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 512<<20 {
		t.Errorf("the scan allocated %d MiB", got>>20)
	}
}

// zipWithMethod is a zip of one member stored with the zip method given,
// its data compressed beforehand.
func zipWithMethod(t *testing.T, name string, method uint16, data, compressed []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: method, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(len(compressed)), UncompressedSize64: uint64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(compressed); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestZipMembersInXZAndZstdAreOpened: zip members compressed with
// methods 95 (xz) and 93 (zstd), as 7-Zip and others write them, were
// named as not opened, exit 2. They are read; an xz member's hostile
// dictionary is named at the member.
func TestZipMembersInXZAndZstdAreOpened(t *testing.T) {
	tok := testutil.NewGen(616).GitHubToken("ghp_")
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	zst, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	foundAt(t, map[string]string{
		"xz.zip":   string(zipWithMethod(t, "conf/app.env", 95, env, xzBytes(t, env))),
		"zstd.zip": string(zipWithMethod(t, "conf/app.env", 93, env, zst.EncodeAll(env, nil))),
	}, tok, ExitFindings, "xz.zip!conf/app.env", "zstd.zip!conf/app.env")

	hostile := zipWithMethod(t, "conf/app.env", 95, env, withXZDict(t, xzBytes(t, env), 37))
	stderr := foundAt(t, map[string]string{"hostile.zip": string(hostile)}, tok, ExitError)
	if !strings.Contains(stderr, "hostile.zip!conf/app.env: xz block asks for a 1536 MiB dictionary") {
		t.Errorf("the hostile member is not named:\n%s", stderr)
	}
}

// TestLegacyLZMAIsOpened: a legacy .lzma file (xz --format=lzma,
// LZMA-Alone) was named as not opened, exit 2. It is read; one whose
// header asks for a dictionary over the bound is named, exit 2, and a
// stream cut short too.
func TestLegacyLZMAIsOpened(t *testing.T) {
	tok := testutil.NewGen(617).GitHubToken("ghp_")
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	var buf bytes.Buffer
	w, err := lzma.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(env); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	if _, err := exec.LookPath("xz"); err == nil {
		plain = xzBytes(t, env, "--format=lzma")
	}
	foundAt(t, map[string]string{"creds.env.lzma": string(plain)}, tok, ExitFindings, "creds.env.lzma!creds.env")

	hostile := bytes.Clone(plain)
	binary.LittleEndian.PutUint32(hostile[1:], 1<<31) // a 2 GiB dictionary
	stderr := foundAt(t, map[string]string{"hostile.lzma": string(hostile), "cut.lzma": string(plain[:len(plain)/2])}, tok, ExitError)
	for _, want := range []string{"hostile.lzma: lzma stream asks for a 2048 MiB dictionary, over the 64 MiB leakhound allots", "cut.lzma"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("not named: %q\n%s", want, stderr)
		}
	}
}

// An image's reading passes on what follows the image: an xz block
// refused there was passed over in silence (exit 0), as the image reader
// took the failure to read on for the end of its content.
func TestXZRefusedAfterAnImageIsNamed(t *testing.T) {
	tok := testutil.NewGen(41).GitHubToken("ghp_")
	image := xzBytes(t, testutil.PNG(testutil.Chunk{Type: "tEXt", Data: []byte("Comment\x00hello")}))
	hostile := withXZDict(t, xzBytes(t, []byte("GITHUB_TOKEN="+tok+"\n")), 37)
	stderr := foundAt(t, map[string]string{"pic.png.xz": string(image) + string(hostile)}, tok, ExitError)
	if !strings.Contains(stderr, "pic.png.xz: xz block asks for a 1536 MiB dictionary") {
		t.Errorf("the refused block is not named:\n%s", stderr)
	}
}

// TestZstdAfterASkippableFrameIsOpened: a zstd file may start with a
// skippable frame (pzstd writes one before every frame, holding its
// size); such a file was not told as zstd and was scanned as bytes, its
// compressed content unread: exit 0 with a token inside. It is read now.
func TestZstdAfterASkippableFrameIsOpened(t *testing.T) {
	tok := testutil.NewGen(618).GitHubToken("ghp_")
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	zst, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	frame := zst.EncodeAll(env, nil)
	// Magic 0x184D2A50 (any of 0x184D2A50-5F), a 4-byte length, the data
	// (RFC 8878 3.1.2), as pzstd writes it: the next frame's size.
	skippable := binary.LittleEndian.AppendUint32([]byte("\x50\x2a\x4d\x18\x04\x00\x00\x00"), uint32(len(frame)))
	files := map[string]string{
		"app.env.zst": string(skippable) + string(frame),
		"other.zst":   "\x5e\x2a\x4d\x18\x03\x00\x00\x00abc" + string(frame),
	}
	want := []string{"app.env.zst!app.env", "other.zst!other"}
	if _, err := exec.LookPath("pzstd"); err == nil {
		files["parallel.env.zst"] = string(testutil.Compressed(t, "pzstd", env, "-q"))
		want = append(want, "parallel.env.zst!parallel.env")
	}
	foundAt(t, files, tok, ExitFindings, want...)
}

// zipLZMA compresses data as a zip member of method 14 holds it
// (APPNOTE.TXT 5.8.8): the LZMA SDK version, the properties' length (5),
// the properties, then the LZMA data, its size in the zip header.
func zipLZMA(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := lzma.WriterConfig{SizeInHeader: true, Size: int64(len(data))}.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	alone := buf.Bytes() // properties (5), size (8), data
	return append([]byte{9, 20, 5, 0}, append(alone[:5:5], alone[13:]...)...)
}

// TestZipMembersInLZMAAreOpened: zip members of method 14 (LZMA, as
// 7-Zip and Python's zipfile write them) were named as not opened, exit
// 2. They are read, under the dictionary bound of .lzma files.
func TestZipMembersInLZMAAreOpened(t *testing.T) {
	tok := testutil.NewGen(619).GitHubToken("ghp_")
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	member := zipLZMA(t, env)
	files := map[string]string{"lzma.zip": string(zipWithMethod(t, "conf/app.env", 14, env, member))}
	want := []string{"lzma.zip!conf/app.env"}
	if _, err := exec.LookPath("python3"); err == nil {
		// Python's zipfile ends the data with a marker (flag bit 1).
		cmd := exec.Command("python3", "-c", "import io,sys,zipfile\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w',zipfile.ZIP_LZMA)\nz.writestr('conf/app.env',sys.stdin.buffer.read())\nz.close()\nsys.stdout.buffer.write(b.getvalue())")
		cmd.Stdin = bytes.NewReader(env)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		files["python.zip"] = string(out)
		want = append(want, "python.zip!conf/app.env")
	}
	foundAt(t, files, tok, ExitFindings, want...)

	hostile := bytes.Clone(member)
	binary.LittleEndian.PutUint32(hostile[5:], 1<<31) // a 2 GiB dictionary
	stderr := foundAt(t, map[string]string{"hostile.zip": string(zipWithMethod(t, "conf/app.env", 14, env, hostile))}, tok, ExitError)
	if !strings.Contains(stderr, "hostile.zip!conf/app.env: lzma stream asks for a 2048 MiB dictionary") {
		t.Errorf("the hostile member is not named:\n%s", stderr)
	}
}
