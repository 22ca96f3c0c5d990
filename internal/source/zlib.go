package source

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"

	"github.com/leakhound/leakhound/internal/inflate"
)

// Raw zlib streams (RFC 1950) have no file format of their own: git's
// loose objects, caches and blobs that programs write with zlib.compress
// are nothing but the stream. Content that is one is inflated and
// scanned, like a gzip stream.

// zlibHeader tells the first bytes of a zlib stream: CM 8 (deflate) with a
// 32 KiB window and no preset dictionary, at any of the four compression
// levels (RFC 1950 2.2); each of these pairs is a multiple of 31, as
// FCHECK requires.
func zlibHeader(b []byte) bool {
	return len(b) >= 2 && b[0] == 0x78 && (b[1] == 0x01 || b[1] == 0x5e || b[1] == 0x9c || b[1] == 0xda)
}

// zlibTrial bounds what the test of a zlib stream inflates.
const zlibTrial = 64 << 10

// zlibStream tells whether head, the first bytes of some content (all of
// it when whole), is a zlib stream: it has the header and inflates without
// error, to the stream's end and checksum when whole, else as far as head
// goes. Text that happens to start "x^" fails within a few bytes.
func zlibStream(head []byte, whole bool) bool {
	if !zlibHeader(head) {
		return false
	}
	zr, err := zlib.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, zlibTrial))
	switch {
	case n == 0:
		return false
	case err == nil:
		return n == zlibTrial || whole
	}
	return !whole && errors.Is(err, io.ErrUnexpectedEOF)
}

// gitObjectHeader is the length of the header of an inflated git loose
// object ("blob 123\x00"), or 0: the NUL in it would make any short text
// binary.
func gitObjectHeader(b []byte) int {
	for _, kind := range []string{"blob ", "commit ", "tag ", "tree "} {
		if !bytes.HasPrefix(b, []byte(kind)) {
			continue
		}
		i := len(kind)
		for i < len(b) && i < len(kind)+20 && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i > len(kind) && i < len(b) && b[i] == 0 {
			return i + 1
		}
	}
	return 0
}

// A raw DEFLATE stream (RFC 1951) has no header at all: Java's
// Deflater(nowrap), zlib's raw mode (windowBits -15), .deflate files,
// PDF-like streams kept on their own. Any bytes start one, so a stream is
// told by inflating it: random or structured binary content breaks the
// format within a few bytes (a reserved block type, a stored length and
// its complement that disagree, a code set that is not complete, a
// distance before the output's start), and what a stream inflates to
// must be text or an archive. Only content that is not text is tried.

// maxTextDeflate bounds the content with no NUL that is tried: compressed
// bytes hold a NUL one time in 256, so a longer stream with none in its
// head is all but unknown, and checking every text file's head for
// mostly-text cost a hundredth of a scan of Go's tree.
const maxTextDeflate = 1024

// minDeflate is the fewest bytes a trial must inflate to: a token is
// longer, and a few bytes can decode by chance.
const minDeflate = 16

// deflateStream tells whether head, the first bytes of some content (all
// of it when whole), is a raw DEFLATE stream: it inflates without error
// to more than sniffLen bytes, or to its last block, which must end in
// head's last byte when head is all of the content, and what it inflates
// to is at least minDeflate bytes of text or an archive. The trial
// decodes in place with leakhound's own decoder (compress/flate would
// allocate its window for every binary file); a stream whose first
// sniffLen bytes of head inflate to less (stored binary) is not told.
func deflateStream(head []byte, whole bool) bool {
	if len(head) < 2 || head[0]&6 == 6 { // block type 3 is reserved
		return false
	}
	var d inflate.Decoder
	out := make([]byte, sniffLen)
	consumed, err := d.Deflate(out, head)
	var size *inflate.SizeError
	if errors.As(err, &size) && size.Got >= 0 {
		// The whole stream, shorter: decoded again to its size, to
		// know where it ends.
		out = out[:size.Got]
		consumed, err = d.Deflate(out, head)
	}
	switch {
	case errors.As(err, &size) && size.Got < 0:
		// More than sniffLen bytes, valid as far as they go.
	case err != nil || whole && consumed != len(head):
		return false
	}
	return len(out) >= minDeflate && (mostlyText(out) || kindOf(out) != kindText && kindOf(out) != kindBinary)
}
