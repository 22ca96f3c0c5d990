package source

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/leakhound/leakhound/internal/testutil"
)

// expandAll expands u and returns the text it yields, by path.
func expandAll(t *testing.T, x *Expander, u Unit) (map[string]string, *memReport) {
	t.Helper()
	rep := &memReport{}
	got := map[string]string{}
	x.Expand(u, rep, func(v Unit) {
		if nameOrLink(v) {
			return
		}
		if p := v.Piece; p != nil {
			got[v.Path] += string(v.Data[p.From:p.To]) // the part it owns
			return
		}
		got[v.Path] += string(v.Data)
	})
	return got, rep
}

func noticeFor(rep *memReport, path string) *Notice {
	for i := range rep.notices {
		if rep.notices[i].Path == path {
			return &rep.notices[i]
		}
	}
	return nil
}

// text of n bytes in lines, so it is scanned as text.
func filler(n int) []byte {
	line := []byte("an ordinary line of configuration text, nothing secret in it\n")
	return bytes.Repeat(line, n/len(line)+1)[:n]
}

// binaryFiller is n bytes of every value in turn, as machine code and
// compressed media hold them (not mostly text).
func binaryFiller(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

// TestArchiveLimitIsPerMember: the size limit holds each member, never the
// whole stream. Members after a large total, or after one member over the
// limit, are still scanned; the one over the limit is named.
func TestArchiveLimitIsPerMember(t *testing.T) {
	const limit = 100 << 10
	creds := testutil.M("creds.txt", "password = hunter2\n")
	var members []testutil.Member
	for i := range 5 {
		members = append(members, testutil.Member{Name: "part" + string(rune('a'+i)) + ".txt", Content: filler(limit * 3 / 4)})
	}
	big := testutil.Member{Name: "big.txt", Content: filler(limit + 1)}
	// An image: binary content with no text, skipped whatever its size.
	bigBinary := testutil.Member{Name: "big.bin", Content: append([]byte("\x89PNG\r\n\x1a\n\x00"), binaryFiller(limit+1)...)}
	all := append(append(members, big, bigBinary), creds)

	tarball := testutil.Tar(t, all...)
	archives := map[string][]byte{
		"app.tar":     tarball,
		"app.tgz":     testutil.Gzip(t, "", tarball),
		"app.zip":     testutil.Zip(t, all...),
		"outer.zip":   testutil.Zip(t, testutil.Member{Name: "inner.tgz", Content: testutil.Gzip(t, "", tarball)}),
		"outer.tar":   testutil.Tar(t, testutil.Member{Name: "lib/inner.zip", Content: testutil.Zip(t, all...)}),
		"deep.tar.gz": testutil.Gzip(t, "", testutil.Tar(t, testutil.Member{Name: "x.tar", Content: tarball})),
	}
	prefix := map[string]string{
		"outer.zip":   "outer.zip!inner.tgz!",
		"outer.tar":   "outer.tar!lib/inner.zip!",
		"deep.tar.gz": "deep.tar.gz!x.tar!",
	}
	for name, data := range archives {
		t.Run(name, func(t *testing.T) {
			x := &Expander{MaxMemberSize: limit, MaxDepth: 4}
			got, rep := expandAll(t, x, Unit{Path: name, Data: data})
			p := name + "!"
			if pp, ok := prefix[name]; ok {
				p = pp
			}
			if got[p+"creds.txt"] != string(creds.Content) {
				t.Errorf("the member after the large ones was not scanned: %v", keys(got))
			}
			for _, m := range members {
				if len(got[p+m.Name]) != len(m.Content) {
					t.Errorf("%s: %d bytes scanned, want %d", m.Name, len(got[p+m.Name]), len(m.Content))
				}
			}
			n := noticeFor(rep, p+"big.txt")
			if n == nil || !n.Incomplete || !strings.Contains(n.Reason, "larger than the 102400-byte limit") {
				t.Errorf("the member over the limit is not named: %+v", rep.notices)
			}
			if n := noticeFor(rep, p+"big.bin"); n == nil || n.Incomplete || n.Reason != ReasonBinary {
				t.Errorf("a binary member over the limit is not a binary notice: %+v", n)
			}
			if _, ok := got[p+"big.txt"]; ok || len(rep.problems) > 0 || len(rep.notices) != 2 {
				t.Errorf("scanned %v, notices %+v, problems %v", keys(got), rep.notices, rep.problems)
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A plain .gz holds one member of unknown size: what is over the limit is
// not read, what comes before is scanned, and the member is named.
func TestGzipMemberOverLimitIsScannedUpToIt(t *testing.T) {
	data := append(filler(5000), "token = abc\n"...)
	x := &Expander{MaxMemberSize: 4096, MaxDepth: 4}
	got, rep := expandAll(t, x, Unit{Path: "notes.txt.gz", Data: testutil.Gzip(t, "notes.txt", data)})
	if got["notes.txt.gz!notes.txt"] != string(data[:4096]) {
		t.Errorf("scanned %d bytes, want the first 4096", len(got["notes.txt.gz!notes.txt"]))
	}
	n := noticeFor(rep, "notes.txt.gz!notes.txt")
	if n == nil || !n.Incomplete || !strings.Contains(n.Reason, "the part after it was not scanned") {
		t.Errorf("notices %+v", rep.notices)
	}
}

// A zip member that cannot be opened (an unknown compression method) is
// named with its method, and the members after it are still scanned.
func TestZipDamagedMemberDoesNotEndTheWalk(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "odd.bin", Method: 99, CompressedSize64: 3, UncompressedSize64: 3})
	w.Write([]byte("abc"))
	w, _ = zw.Create("after.txt")
	w.Write([]byte("still scanned\n"))
	zw.Close()
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "a.zip", Data: buf.Bytes()})
	if got["a.zip!after.txt"] != "still scanned\n" {
		t.Errorf("member after the damaged one: %v", keys(got))
	}
	if n := noticeFor(rep, "a.zip!odd.bin"); n == nil || !n.Incomplete || !strings.Contains(n.Reason, "compressed with zip method 99, which leakhound does not open") {
		t.Errorf("notices %+v", rep.notices)
	}
}

// A truncated tarball: the members before the damage are scanned and the
// archive is named as damaged.
func TestTruncatedTarGz(t *testing.T) {
	tgz := testutil.Gzip(t, "", testutil.Tar(t, testutil.M("a.txt", "first\n"), testutil.Member{Name: "b.txt", Content: filler(50000)}))
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "r.tgz", Data: tgz[:len(tgz)/2]})
	if got["r.tgz!a.txt"] != "first\n" {
		t.Errorf("member before the damage: %v", keys(got))
	}
	damaged := 0
	for _, n := range rep.notices {
		if n.Incomplete && strings.Contains(n.Reason, "damaged") {
			damaged++
		}
	}
	if damaged == 0 || len(rep.problems) > 0 {
		t.Errorf("notices %+v problems %v", rep.notices, rep.problems)
	}
}

// gzipOf compresses n bytes of one repeated line, as a log does: one
// gzip member of a MiB, repeated (a gzip stream may hold several members,
// read as one), so the test does not compress n bytes.
func gzipOf(t *testing.T, n int) []byte {
	t.Helper()
	line := append(bytes.Repeat([]byte("a"), 1023), '\n')
	member := testutil.Gzip(t, "", bytes.Repeat(line, (1<<20)/len(line)))
	return bytes.Repeat(member, n>>20)
}

// A gzip inside a gzip multiplies the expansion of each level: the work is
// bounded by the size of the file, and what is cut short is named. One
// level, however much it expands, is read whole.
func TestNestedGzipBombIsBounded(t *testing.T) {
	const n = 100 << 20
	inner := gzipOf(t, n)
	for name, data := range map[string][]byte{"one.gz": inner, "two.gz": testutil.Gzip(t, "", inner)} {
		rep := &memReport{}
		scanned := 0
		(&Expander{MaxDepth: 4}).Expand(Unit{Path: name, Data: data}, rep, func(u Unit) {
			if u.Piece != nil {
				scanned += u.Piece.To - u.Piece.From
			} else {
				scanned += len(u.Data)
			}
		})
		bomb := len(rep.notices) == 1 && rep.notices[0].Incomplete && strings.Contains(rep.notices[0].Reason, "an archive bomb")
		switch name {
		case "one.gz":
			if scanned < n || len(rep.notices) > 0 {
				t.Errorf("%s: scanned %d bytes of %d, notices %+v", name, scanned, n, rep.notices)
			}
		case "two.gz":
			if scanned >= n || !bomb {
				t.Errorf("%s: scanned %d bytes of %d, notices %+v", name, scanned, n, rep.notices)
			}
		}
	}
}

// rawTarHeader writes a ustar header block by hand, for entries the
// standard library's writer will not write (PAX sparse records).
func rawTarHeader(name string, typeflag byte, size int) []byte {
	h := make([]byte, 512)
	copy(h, name)
	copy(h[100:], "0000644\x00")
	copy(h[124:], fmt.Sprintf("%011o\x00", size))
	h[156] = typeflag
	copy(h[257:], "ustar\x0000")
	copy(h[148:], "        ")
	sum := 0
	for _, c := range h {
		sum += int(c)
	}
	copy(h[148:], fmt.Sprintf("%06o\x00 ", sum))
	return h
}

func tarPad(b []byte) []byte { return append(b, make([]byte, (512-len(b)%512)%512)...) }

// paxRecord is "<length> key=value\n", the length counting itself.
func paxRecord(k, v string) string {
	s := " " + k + "=" + v + "\n"
	n := len(s) + 1
	for len(strconv.Itoa(n))+len(s) != n {
		n++
	}
	return strconv.Itoa(n) + s
}

// A sparse tar entry whose holes claim a terabyte is a bomb without any
// compression: reading it is cut short by the expansion bound and named.
func TestSparseTarBombIsBounded(t *testing.T) {
	text := filler(9000)
	pax := paxRecord("GNU.sparse.major", "1") + paxRecord("GNU.sparse.minor", "0") + paxRecord("GNU.sparse.name", "huge.txt") + paxRecord("GNU.sparse.realsize", "1000000000000")
	data := append(tarPad([]byte(fmt.Sprintf("1\n0\n%d\n", len(text)))), text...)
	var tarball []byte
	tarball = append(tarball, rawTarHeader("PaxHeaders/huge.txt", 'x', len(pax))...)
	tarball = append(tarball, tarPad([]byte(pax))...)
	tarball = append(tarball, rawTarHeader("GNUSparseFile.0/huge.txt", '0', len(data))...)
	tarball = append(tarball, tarPad(data)...)
	tarball = append(tarball, make([]byte, 1024)...)

	rep := &memReport{}
	scanned := 0
	(&Expander{MaxDepth: 4}).Expand(Unit{Path: "s.tar", Data: tarball}, rep, func(u Unit) {
		if u.Path == "s.tar!huge.txt" {
			scanned += len(u.Data)
		}
	})
	if scanned < len(text) || scanned > 2*(bombFloor+bombRatio*len(tarball)) || len(rep.notices) != 1 || !strings.Contains(rep.notices[0].Reason, "an archive bomb") {
		t.Errorf("scanned %d bytes, notices %+v", scanned, rep.notices)
	}
	t.Logf("scanned %d MiB of the claimed terabyte", scanned>>20)
	// With a member limit, its claimed size is enough to skip it.
	_, rep = expandAll(t, &Expander{MaxMemberSize: 1 << 20, MaxDepth: 4}, Unit{Path: "s.tar", Data: tarball})
	if n := noticeFor(rep, "s.tar!huge.txt"); n == nil || !n.Incomplete || !strings.Contains(n.Reason, "--max-file-size") {
		t.Errorf("with a member limit: %+v", rep.notices)
	}
}

// TestBinaryContentIsScannedAsBytes: a NUL byte does not hide the text
// around it (compiled code, databases and keystores keep their strings, and
// a text file with one NUL is still text); the pixels of images, media
// and fonts are skipped with a binary notice, but an image whose
// structure cannot be followed is scanned as bytes; archives compressed in
// formats the scan cannot open are named and make the scan incomplete;
// binary content over the size limit is named as binary; text whose only
// control bytes are NULs ends a record at each (an environment dump).
func TestBinaryContentIsScannedAsBytes(t *testing.T) {
	secret := []byte("\x00\x00\x03\x00password\x00\x08Lq8vZ2mX7pK4\x00")
	cut := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), secret...)
	png := testutil.PNG(testutil.Chunk{Type: "IDAT", Data: secret}) // pixel data
	sevenZip := append([]byte("7z\xbc\xaf\x27\x1c\x00\x04"), secret...)
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), secret...)
	for name, c := range map[string]struct {
		data    []byte
		scanned bool
		reason  string
		partial bool
	}{
		"app.pyc":   {secret, true, "", false},
		"server":    {elf, true, "", false},
		"logo.png":  {png, false, ReasonBinary, false},
		"cut.png":   {cut, true, ReasonBinary, false},
		"dump.7z":   {sevenZip, false, ReasonCompressed, true},
		"notes.txt": {append([]byte("\x08\x00"), []byte("DB_PASSWORD=Lq8vZ2mX7pK4\n")...), true, "", false},
		"environ":   {[]byte("HOME=/root\x00DB_PASSWORD=Lq8vZ2mX7pK4\x00"), true, "", false},
		"big.so":    {append(elf, binaryFiller(2048)...), false, ReasonBinary, false},
		"big.jpg":   {append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), binaryFiller(2048)...), false, ReasonBinary, false},
	} {
		got, rep := expandAll(t, &Expander{MaxDepth: 4, MaxMemberSize: 1024}, Unit{Path: "outer.tar", Data: testutil.Tar(t, testutil.Member{Name: name, Content: c.data})})
		p := "outer.tar!" + name
		want := string(c.data)
		if name == "environ" {
			want = strings.ReplaceAll(want, "\x00", "\n")
		}
		if _, ok := got[p]; ok != c.scanned || c.scanned && got[p] != want {
			t.Errorf("%s: scanned %v (%q), want %v", name, ok, got[p], c.scanned)
		}
		n := noticeFor(rep, p)
		switch {
		case c.reason == "" && n != nil:
			t.Errorf("%s: unexpected notice %+v", name, n)
		case c.reason != "" && (n == nil || !strings.Contains(n.Reason, c.reason) || n.Incomplete != c.partial):
			t.Errorf("%s: notice %+v, want %q (incomplete %v)", name, n, c.reason, c.partial)
		}
	}
}

// TestZstdAndBzip2AreOpened: zstd and bzip2 streams are read like gzip,
// a tarball inside as the archive's content and anything else as one
// member named after the file.
func TestZstdAndBzip2AreOpened(t *testing.T) {
	text := "DB_PASSWORD=Lq8vZ2mX7pK4\n"
	bz, err := os.ReadFile("testdata/creds.env.bz2") // written by Python's bz2 module
	if err != nil {
		t.Fatal(err)
	}
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	tarball := testutil.Tar(t, testutil.Member{Name: "etc/app.env", Content: []byte(text)})
	cases := []struct {
		name, member string
		data         []byte
	}{
		{"creds.env.zst", "creds.env.zst!creds.env", enc.EncodeAll([]byte(text), nil)},
		{"layer.tar.zst", "layer.tar.zst!etc/app.env", enc.EncodeAll(tarball, nil)},
		{"blob", "blob!content", enc.EncodeAll([]byte(text), nil)},
	}
	for _, c := range cases {
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: c.name, Data: c.data})
		if got[c.member] != text || len(rep.notices) > 0 || len(rep.problems) > 0 {
			t.Errorf("%s: got %v, notices %+v, problems %v", c.name, keys(got), rep.notices, rep.problems)
		}
	}
	if got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "creds.env.bz2", Data: bz}); got["creds.env.bz2!creds.env"] != text || len(rep.notices) != 0 {
		t.Errorf("bzip2: scanned %v, notices %+v", keys(got), rep.notices)
	}
	// A stream cut short, even within the bytes read to tell what it
	// holds, is named, and the scan is incomplete.
	long := []byte(strings.Repeat(text, 100))
	for name, whole := range map[string][]byte{"cut.zst": enc.EncodeAll(long, nil), "cut.gz": testutil.Gzip(t, "", long), "cut.bz2": bz} {
		_, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: whole[:len(whole)/2]})
		if len(rep.notices) != 1 || !rep.notices[0].Incomplete {
			t.Errorf("%s: notices %+v", name, rep.notices)
		}
	}
}

// TestEndsWithZipAgreesWithItsDefinition compares endsWithZip with the
// record's definition tried at every offset, on data holding end-record
// signatures everywhere a search could go wrong: in an archive comment,
// split by the 64 KB bound, too close to the end to hold a record, and
// many of them.
func TestEndsWithZipAgreesWithItsDefinition(t *testing.T) {
	const sig = "PK\x05\x06"
	definition := func(data []byte) bool {
		for i := max(0, len(data)-22-0xffff); i+22 <= len(data); i++ {
			if string(data[i:i+4]) == sig && i+22+int(binary.LittleEndian.Uint16(data[i+20:])) == len(data) {
				return true
			}
		}
		return false
	}
	record := func(comment int) []byte {
		r := make([]byte, 22)
		copy(r, sig)
		binary.LittleEndian.PutUint16(r[20:], uint16(comment))
		return r
	}
	r := rand.New(rand.NewPCG(3, 4))
	found := 0
	for round := range 3000 {
		size := r.IntN(300)
		if round%10 == 0 {
			size = 0xffff + r.IntN(200)
		}
		data := make([]byte, size)
		for i := range data {
			data[i] = "PK\x05\x06ab\x00"[r.IntN(7)]
		}
		for range r.IntN(4) {
			comment := r.IntN(40)
			if round%10 == 0 {
				comment = 0xffff - r.IntN(3)
			}
			at := len(data) - 22 - comment + r.IntN(3) - 1
			if at >= 0 && at+22 <= len(data) {
				copy(data[at:], record(comment))
			}
		}
		want := definition(data)
		if got := endsWithZip(data); got != want {
			t.Fatalf("round %d (%d bytes): endsWithZip %v, definition %v", round, len(data), got, want)
		}
		// zipEnd: where the last record whose comment fits ends.
		lastEnd := 0
		for i := max(0, len(data)-22-0xffff); i+22 <= len(data); i++ {
			if e := i + 22 + int(binary.LittleEndian.Uint16(data[i+20:])); string(data[i:i+4]) == sig && e <= len(data) {
				lastEnd = e
			}
		}
		if got := zipEnd(data); got != lastEnd {
			t.Fatalf("round %d (%d bytes): zipEnd %d, definition %d", round, len(data), got, lastEnd)
		}
		if want {
			found++
		}
	}
	if found < 300 {
		t.Fatalf("only %d of the cases end with a record", found)
	}
}

// TestIndexAfterLineIsTheFirstOccurrence compares indexAfterLine with
// bytes.Index on data dense with the signatures' bytes.
func TestIndexAfterLineIsTheFirstOccurrence(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 5000 {
		data := make([]byte, r.IntN(60))
		for i := range data {
			data[i] = "\n\x1f\x8b\x08PK\x03\x04x"[r.IntN(9)]
		}
		for _, magic := range []string{"\n\x1f\x8b\x08", "\nPK\x03\x04"} {
			want := bytes.Index(data, []byte(magic))
			if want >= 0 {
				want++
			}
			if got := indexAfterLine(data, magic); got != want {
				t.Fatalf("round %d, %q in %q: %d, want %d", round, magic, data, got, want)
			}
		}
	}
}
