package cli

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// A zip lists its members twice: a local header before each member's
// data, and the central directory at its end (APPNOTE.TXT 4.3.6). Zip
// tools, and the scan, read the directory; a zip whose directory was
// edited to leave a member out still holds that member's bytes. These
// zips hid a token and the scan said clean (exit 0).

// zipParts splits a zip as zip.Writer writes it (no comment) into its
// local headers and data, its central directory records and its end
// record.
func zipParts(t *testing.T, data []byte) (locals []byte, records [][]byte) {
	t.Helper()
	end := len(data) - 22
	dir := int(binary.LittleEndian.Uint32(data[end+16:]))
	for p := dir; p < end; {
		n := 46 + int(binary.LittleEndian.Uint16(data[p+28:])) + int(binary.LittleEndian.Uint16(data[p+30:])) + int(binary.LittleEndian.Uint16(data[p+32:]))
		records = append(records, data[p:p+n])
		p += n
	}
	return data[:dir], records
}

// zipJoin writes locals, then a directory of records and an end record
// that counts them.
func zipJoin(locals []byte, records ...[]byte) []byte {
	out := slices.Clone(locals)
	dir := bytes.Join(records, nil)
	out = append(out, dir...)
	end := make([]byte, 22)
	copy(end, "PK\x05\x06")
	binary.LittleEndian.PutUint16(end[8:], uint16(len(records)))
	binary.LittleEndian.PutUint16(end[10:], uint16(len(records)))
	binary.LittleEndian.PutUint32(end[12:], uint32(len(dir)))
	binary.LittleEndian.PutUint32(end[16:], uint32(len(locals)))
	return append(out, end...)
}

func TestZipMembersTheDirectoryLeavesOutAreScanned(t *testing.T) {
	tok := testutil.NewGen(811).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	const hidden = " (not in central directory)"
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		// A directory listing a decoy: the secret's local header and
		// data come first, then a zip of the decoy alone.
		secretLocals, _ := zipParts(t, testutil.ZipMethod(t, method, testutil.M("app.env", env)))
		decoy := testutil.ZipMethod(t, method, testutil.M("README.txt", "nothing here\n"))
		// A member removed from the middle of the directory.
		locals, recs := zipParts(t, testutil.ZipMethod(t, method, testutil.M("a.txt", "first\n"), testutil.M("app.env", env), testutil.M("c.txt", "last\n")))
		middle := zipJoin(locals, recs[0], recs[2])
		// The directory lists a decoy twice, the secret not at all.
		twice := zipJoin(locals, recs[0], recs[0], recs[2])
		stderr := foundAt(t, map[string]string{
			"decoy.zip":  string(secretLocals) + string(decoy),
			"middle.zip": string(middle),
			"twice.zip":  string(twice),
		}, tok, ExitFindings, "decoy.zip!app.env"+hidden, "middle.zip!app.env"+hidden, "twice.zip!app.env"+hidden)
		for _, want := range []string{
			"warning: decoy.zip!app.env" + hidden + ": a member the zip's central directory does not list",
			"warning: middle.zip!app.env" + hidden,
			`warning: twice.zip!a.txt: the zip's central directory lists this data twice, also as "a.txt"`,
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("method %d: %q not on stderr:\n%s", method, want, stderr)
			}
		}

		// Cut before its directory ends: the zip is named as damaged,
		// exit 2, and its members are still read.
		whole := testutil.ZipMethod(t, method, testutil.M("a.txt", "first\n"), testutil.M("app.env", env))
		cut := whole[:len(whole)-30]
		stderr = foundAt(t, map[string]string{"cut.zip": string(cut)}, tok, ExitError, "cut.zip!app.env"+hidden)
		if !strings.Contains(stderr, "skipped cut.zip: damaged archive") {
			t.Errorf("method %d: the damaged directory is not named:\n%s", method, stderr)
		}
	}

	// A directory entry whose compressed size runs over a hidden member
	// placed after its stream's end: the inflater stops at the stream's
	// end, and the member after it is read from its local header. The
	// listed member's size is wrong, so it is named as damaged: exit 2.
	first := testutil.ZipMethod(t, zip.Deflate, testutil.M("a.txt", strings.Repeat("first\n", 20)))
	firstLocals, firstRecs := zipParts(t, first)
	secretLocals, _ := zipParts(t, testutil.ZipMethod(t, zip.Deflate, testutil.M("app.env", env)))
	rec := slices.Clone(firstRecs[0])
	binary.LittleEndian.PutUint32(rec[20:], binary.LittleEndian.Uint32(rec[20:])+uint32(len(secretLocals)))
	covered := zipJoin(append(slices.Clone(firstLocals), secretLocals...), rec)
	foundAt(t, map[string]string{"covered.zip": string(covered)}, tok, ExitError, "covered.zip!app.env"+hidden)

	// Bytes put between members, or between the last member and the
	// directory, belong to no member: the directory's offsets pass over
	// them. They are scanned as such.
	locals, recs := zipParts(t, testutil.ZipMethod(t, zip.Deflate, testutil.M("a.txt", "first\n"), testutil.M("b.txt", "second\n")))
	second := bytes.Index(locals[4:], []byte("PK\x03\x04")) + 4
	shift := func(rec []byte, by int) []byte {
		rec = slices.Clone(rec)
		binary.LittleEndian.PutUint32(rec[42:], binary.LittleEndian.Uint32(rec[42:])+uint32(by))
		return rec
	}
	between := append(append(slices.Clone(locals[:second]), env...), locals[second:]...)
	tail := append(slices.Clone(locals), env...)
	stderr := foundAt(t, map[string]string{
		"between.zip": string(zipJoin(between, recs[0], shift(recs[1], len(env)))),
		"tail.zip":    string(zipJoin(tail, recs...)),
	}, tok, ExitFindings, fmt.Sprintf("between.zip!(bytes %d-%d, in no member)", second, second+len(env)),
		fmt.Sprintf("tail.zip!(bytes %d-%d, in no member)", len(locals), len(locals)+len(env)))
	if !strings.Contains(stderr, "warning: between.zip!(bytes") {
		t.Errorf("the bytes in no member are not named:\n%s", stderr)
	}

	// The directory names the member otherwise than its local header:
	// scanned under the directory's name, the other named.
	locals, recs = zipParts(t, testutil.ZipMethod(t, zip.Deflate, testutil.M("app.env", env)))
	renamed := slices.Clone(recs[0])
	copy(renamed[46:], "ok.text")
	stderr = foundAt(t, map[string]string{"renamed.zip": string(zipJoin(locals, renamed))}, tok, ExitFindings, "renamed.zip!ok.text")
	if !strings.Contains(stderr, `warning: renamed.zip!ok.text: its local header names it "app.env"`) {
		t.Errorf("the local header's name is not given:\n%s", stderr)
	}
}

// TestZipInsideZipIsNotTakenForHiddenMembers: a stored zip inside a zip,
// or one a deflated member holds in stored blocks (its bytes do not
// compress), shows its own local headers among the outer zip's bytes:
// they are the inner zip's, read once there, and nothing is named.
func TestZipInsideZipIsNotTakenForHiddenMembers(t *testing.T) {
	tok := testutil.NewGen(812).GitHubToken("ghp_")
	noise := make([]byte, 4096)
	rand.Read(noise)
	inner := testutil.ZipMethod(t, zip.Store, testutil.M("noise.bin", string(noise)), testutil.M("app.env", "GITHUB_TOKEN="+tok+"\n"))
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		outer := testutil.ZipMethod(t, method, testutil.M("lib/inner.jar", string(inner)))
		stderr := foundAt(t, map[string]string{"outer.zip": string(outer)}, tok, ExitFindings, "outer.zip!lib/inner.jar!app.env")
		if strings.Contains(stderr, "warning") {
			t.Errorf("method %d: a nested zip is named:\n%s", method, stderr)
		}
	}
}

// TestZipExtraFieldsAreScanned: a member's extra field holds records of
// any id a tool cares to write, shown by none: text put there was not
// read (exit 0). Records other than the binary metadata tools write are
// scanned, from the central directory and from a local header that
// differs from it.
func TestZipExtraFieldsAreScanned(t *testing.T) {
	tok := testutil.NewGen(817).GitHubToken("ghp_")
	record := func(id uint16, data string) []byte {
		r := binary.LittleEndian.AppendUint16(nil, id)
		r = binary.LittleEndian.AppendUint16(r, uint16(len(data)))
		return append(r, data...)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	extra := append(record(0x5455, "\x01\x00\x00\x00\x00"), record(0x4c48, "GITHUB_TOKEN="+tok)...)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "a.txt", Method: zip.Deflate, Extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("nothing here\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	both := buf.Bytes()
	// The same token in the local header's extra field alone: the
	// directory's record is overwritten with one tools write.
	locals, recs := zipParts(t, both)
	rec := bytes.Replace(slices.Clone(recs[0]), []byte("GITHUB_TOKEN="+tok), bytes.Repeat([]byte{0}, len("GITHUB_TOKEN="+tok)), 1)
	foundAt(t, map[string]string{"both.zip": string(both), "local.zip": string(zipJoin(locals, rec))}, tok, ExitFindings,
		"both.zip!a.txt (zip extra field)", "local.zip!a.txt (zip extra field)")
}

// TestZipDataThatDoesNotInflateIsReadAsStored: a member stored plain but
// declared deflated fails to inflate, and was named as damaged with its
// plain bytes unread. It is still named (exit 2), and its data is
// scanned as it is stored.
func TestZipDataThatDoesNotInflateIsReadAsStored(t *testing.T) {
	tok := testutil.NewGen(818).GitHubToken("ghp_")
	locals, recs := zipParts(t, testutil.ZipMethod(t, zip.Store, testutil.M("app.env", "GITHUB_TOKEN="+tok+"\n")))
	locals, rec := slices.Clone(locals), slices.Clone(recs[0])
	binary.LittleEndian.PutUint16(locals[8:], zip.Deflate)
	binary.LittleEndian.PutUint16(rec[10:], zip.Deflate)
	stderr := foundAt(t, map[string]string{"mislabelled.zip": string(zipJoin(locals, rec))}, tok, ExitError, "mislabelled.zip!app.env (raw data)")
	if !strings.Contains(stderr, "skipped mislabelled.zip!app.env: damaged archive") {
		t.Errorf("the member that does not inflate is not named:\n%s", stderr)
	}
}
