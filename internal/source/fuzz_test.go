package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/ulikunitz/xz"
	xi2 "github.com/xi2/xz"
)

// Fuzzing the archive readers: whatever the bytes, the expander must not
// panic, must hand on no more than a piece at a time and keep the heap
// bounded, and, when the standard library can still read the planted
// member out of the archive on its own, the expander must find it too.

const planted = "planted.txt"

var plantedText = []byte("PLANTED-MARKER token = 1\n")

// fuzzExpander's limits are small, so that small inputs (which the fuzzer
// mutates and minimizes quickly) meet every one of them.
func fuzzExpander() *Expander {
	return &Expander{MaxMemberSize: 4 << 10, MaxDepth: 4, PieceSize: 2 << 10, Overlap: 512}
}

const fuzzHeapBound = 512 << 20

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// checkExpand expands data and checks the bounds; want, when set, is the
// path at which the planted member must be found.
func checkExpand(t *testing.T, name string, data []byte, want string) {
	x := fuzzExpander()
	size, _ := x.pieceSize()
	rep := &memReport{}
	found := false
	x.Expand(Unit{Path: name, Data: data}, rep, func(u Unit) {
		if u.Piece == nil && len(u.Data) > max(size, len(data)) || u.Piece != nil && len(u.Data) > size {
			t.Fatalf("%s: a unit of %d bytes, more than a piece", u.Path, len(u.Data))
		}
		if h := heapObjects(); h > fuzzHeapBound {
			t.Fatalf("%s: the heap holds %d MiB", u.Path, h>>20)
		}
		if u.Path == want && bytes.Equal(u.Data, plantedText) {
			found = true
		}
	})
	if want == "" || found {
		return
	}
	for _, n := range rep.notices {
		if strings.Contains(n.Reason, "an archive bomb") {
			return // cut short on purpose
		}
	}
	t.Fatalf("the intact member %s was not found; notices %+v, problems %v", want, rep.notices, rep.problems)
}

// oracleLimit bounds what the oracles read, as the expander is bounded.
const oracleLimit = 16 << 20

// zipPlanted tells whether the standard library reads the planted member
// out of data as a zip the expander recognises.
func zipPlanted(data []byte) bool {
	_, ok := zipMember(data, planted)
	return ok
}

func zipMember(data []byte, name string) ([]byte, bool) {
	if kindOf(data) != kindZip {
		return nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, false
		}
		content, err := io.ReadAll(io.LimitReader(rc, oracleLimit))
		rc.Close()
		return content, err == nil
	}
	return nil, false
}

// tarPlanted tells whether the standard library reaches the planted
// member of a tarball with no error before it and reads it whole.
func tarPlanted(r io.Reader) bool {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err != nil {
			return false
		}
		if h.Typeflag == tar.TypeReg && strings.TrimPrefix(h.Name, "./") == planted {
			content, err := io.ReadAll(io.LimitReader(tr, oracleLimit)) // a sparse entry can claim petabytes
			return err == nil && bytes.Equal(content, plantedText)
		}
	}
}

// gunzip decompresses data whole, as the expander would stream it.
func gunzip(data []byte) (*gzip.Reader, []byte, bool) {
	if kindOf(data) != kindGzip {
		return nil, nil, false
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, false
	}
	out, err := io.ReadAll(io.LimitReader(zr, oracleLimit))
	return zr, out, err == nil || errors.Is(err, io.ErrUnexpectedEOF) && len(out) > 0
}

func otherMembers() []testutil.Member {
	return []testutil.Member{
		testutil.M("README.md", "# app\n"),
		{Name: "logo.png", Content: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")},
		{Name: "big.txt", Content: bytes.Repeat([]byte("a line of text\n"), 300)}, // over the member limit
	}
}

func withPlanted(members []testutil.Member) []testutil.Member {
	return append(members, testutil.Member{Name: planted, Content: plantedText})
}

// seeds adds an archive, cut short and with a byte changed, to the corpus.
func seeds(f *testing.F, data []byte) {
	f.Add(data)
	f.Add(data[:len(data)*2/3])
	damaged := bytes.Clone(data)
	damaged[len(damaged)/2] ^= 0x55
	f.Add(damaged)
}

func FuzzZip(f *testing.F) {
	seeds(f, testutil.Zip(f, withPlanted(otherMembers())...))
	seeds(f, testutil.Zip(f, testutil.M("only.txt", "x\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if zipPlanted(data) {
			want = "a.zip!" + planted
		}
		checkExpand(t, "a.zip", data, want)
	})
}

func FuzzTar(f *testing.F) {
	seeds(f, testutil.Tar(f, withPlanted(otherMembers())...))
	seeds(f, testutil.Tar(f, testutil.M("./"+planted, string(plantedText))))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if kindOf(data) == kindTar && tarPlanted(bytes.NewReader(data)) {
			want = "a.tar!" + planted
		}
		checkExpand(t, "a.tar", data, want)
	})
}

func FuzzGzip(f *testing.F) {
	seeds(f, testutil.Gzip(f, "", testutil.Tar(f, withPlanted(otherMembers())...)))
	seeds(f, testutil.Gzip(f, planted+".gz", plantedText))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if zr, inner, ok := gunzip(data); ok {
			switch {
			case kindOf(inner) == kindTar && tarPlanted(bytes.NewReader(inner)):
				want = "a.tgz!" + planted
			case kindOf(inner) != kindTar && bytes.Equal(inner, plantedText) && strings.TrimSuffix(zr.Name, ".gz") == planted:
				want = "a.tgz!" + planted
			}
		}
		checkExpand(t, "a.tgz", data, want)
	})
}

// FuzzNested: a zip holding a tar.gz holding the planted member.
func FuzzNested(f *testing.F) {
	inner := testutil.Gzip(f, "", testutil.Tar(f, withPlanted(otherMembers())...))
	seeds(f, testutil.Zip(f, testutil.M("README.md", "x\n"), testutil.Member{Name: "lib/inner.tgz", Content: inner}))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if tgz, ok := zipMember(data, "lib/inner.tgz"); ok {
			if _, tarball, ok := gunzip(tgz); ok && kindOf(tarball) == kindTar && tarPlanted(bytes.NewReader(tarball)) {
				want = "a.zip!lib/inner.tgz!" + planted
			}
		}
		checkExpand(t, "a.zip", data, want)
	})
}

// The fuzz targets' oracles see the planted member in intact archives, so
// their check is not empty.
func TestFuzzOraclesSeePlantedMembers(t *testing.T) {
	if x := testutil.XZ(t, xz.WriterConfig{}, plantedText); !xzDictsWithin(x) || !unxz(x) {
		t.Error("the xz oracle misses the planted text")
	}
	tarball := testutil.Tar(t, withPlanted(otherMembers())...)
	_, inner, ok := gunzip(testutil.Gzip(t, "", tarball))
	tgz := testutil.Gzip(t, "", tarball)
	_, nested := zipMember(testutil.Zip(t, testutil.Member{Name: "lib/inner.tgz", Content: tgz}), "lib/inner.tgz")
	if !zipPlanted(testutil.Zip(t, withPlanted(otherMembers())...)) || !tarPlanted(bytes.NewReader(tarball)) || !ok || !tarPlanted(bytes.NewReader(inner)) || !nested {
		t.Error("an oracle misses the planted member of an intact archive")
	}
}

// FuzzXZ: whatever the bytes, the guarded xz reader keeps the heap
// bounded (a block header may ask for a 4 GiB dictionary), and it reads
// whatever the decoder on its own reads: where every LZMA2 dictionary
// code the bytes could hold is within maxXZDict (so the unguarded decoder
// is safe to run as the oracle), the planted text it decodes is found.
func FuzzXZ(f *testing.F) {
	seeds(f, testutil.XZ(f, xz.WriterConfig{}, plantedText))
	seeds(f, testutil.XZ(f, xz.WriterConfig{BlockSize: 8}, plantedText))
	seeds(f, append(testutil.XZ(f, xz.WriterConfig{}, []byte("first\n")), testutil.XZ(f, xz.WriterConfig{CheckSum: xz.SHA256}, plantedText)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ""
		if xzDictsWithin(data) && unxz(data) {
			want = planted + ".xz!" + planted
		}
		checkExpand(t, planted+".xz", data, want)
	})
}

// xzDictsWithin tells whether every byte that follows an LZMA2 filter id
// and property size (0x21 0x01) codes a dictionary within maxXZDict.
func xzDictsWithin(data []byte) bool {
	for i := 0; i+2 < len(data); i++ {
		if data[i] == 0x21 && data[i+1] == 0x01 && data[i+2] > 28 { // 28: 64 MiB
			return false
		}
	}
	return true
}

// unxz tells whether the decoder on its own reads data as the planted
// text.
func unxz(data []byte) bool {
	r, err := xi2.NewReader(bytes.NewReader(data), 0)
	if err != nil {
		return false
	}
	out, err := io.ReadAll(io.LimitReader(r, 4<<10))
	return err == nil && bytes.Equal(out, plantedText)
}
