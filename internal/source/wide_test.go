package source

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeWide writes s in UTF-16 (size 2) or UTF-32 (size 4), with a byte
// order mark when bom is set.
func encodeWide(s string, size int, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	put := func(r rune) {
		if size == 4 {
			out = order.AppendUint32(out, uint32(r))
			return
		}
		for _, u := range utf16.Encode([]rune{r}) {
			out = order.AppendUint16(out, u)
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, r := range s {
		put(r)
	}
	return out
}

// UTF-16 and UTF-32 with or without a byte order mark are
// decoded and scanned as text, newlines kept; a binary file whose NULs
// fall at every other byte but whose characters are not text is scanned as
// bytes, not decoded.
func TestWideTextIsDecoded(t *testing.T) {
	text := strings.Repeat("first line\r\nkey = \"naïve 東京 🔑\"\nthird\n", 8)
	cases := map[string][]byte{
		"utf16le-bom": encodeWide(text, 2, binary.LittleEndian, true),
		"utf16be-bom": encodeWide(text, 2, binary.BigEndian, true),
		"utf16le":     encodeWide(text, 2, binary.LittleEndian, false),
		"utf16be":     encodeWide(text, 2, binary.BigEndian, false),
		"utf32le-bom": encodeWide(text, 4, binary.LittleEndian, true),
		"utf32be-bom": encodeWide(text, 4, binary.BigEndian, true),
		"utf32le":     encodeWide(text, 4, binary.LittleEndian, false),
		"utf32be":     encodeWide(text, 4, binary.BigEndian, false),
	}
	for name, data := range cases {
		for _, piece := range []int{0, 64} { // whole, and in pieces of a stream
			x := &Expander{MaxDepth: 4, PieceSize: piece, Overlap: 16}
			got, rep := expandAll(t, x, Unit{Path: name, Data: data})
			if got[name] != text || len(rep.notices) > 0 {
				t.Errorf("%s (pieces of %d): got %q, notices %+v", name, piece, got[name], rep.notices)
			}
		}
	}
	for name, data := range map[string][]byte{
		"controls": {'M', 0, 'Z', 0, 0x01, 0, 0x02, 0, 0x1b, 0, 0x7f, 0},
		// Little-endian 32-bit integers, as binary formats store them.
		"int32s": {'M', 0, 0, 0, 2, 0, 0, 0, 0x10, 0, 0, 0, 0xff, 0xff, 0, 0},
		// Compressed data from Go's own tests: one NUL, then units that
		// all decode to a Hangul letter.
		"deflate": append([]byte{0x04, 0xc0, 0x41, 0x0d, 0x00, 0x30, 0x10, 0x84}, bytes.Repeat([]byte{0x11}, 200)...),
	} {
		// Not text in a wide encoding: binary content, scanned as its bytes.
		if got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: data}); got[name] != string(data) || len(rep.notices) != 0 {
			t.Errorf("%s: scanned %q, notices %+v", name, got[name], rep.notices)
		}
	}
}

// TestWideHeadDoesNotHidePlainText: a byte order mark or a UTF-16/UTF-32
// head put before plain text must not turn that text into other
// characters: bytes that are not wide text are passed on as they are, and
// wide text after them is decoded again. Lines hold throughout.
func TestWideHeadDoesNotHidePlainText(t *testing.T) {
	plain := "GITHUB_TOKEN=plain_text_after_the_head\n"
	wide := "second = wide_text_after_the_plain_part\n"
	// Longer than what is sniffed: the content is told wide by its head.
	head := strings.Repeat("x = 1\n", 1500)
	cases := map[string][]byte{
		"bom16-then-plain":   append([]byte{0xFF, 0xFE}, plain...),
		"bom16be-then-plain": append([]byte{0xFE, 0xFF}, plain...),
		"bom32-then-plain":   append([]byte{0xFF, 0xFE, 0, 0}, plain...),
		"utf16-then-plain-then-utf16": append(append(encodeWide(head, 2, binary.LittleEndian, false), plain...),
			encodeWide(wide, 2, binary.LittleEndian, false)...),
		"utf32-then-plain-then-utf32": append(append(encodeWide(head, 4, binary.BigEndian, true), plain...),
			encodeWide(wide, 4, binary.BigEndian, false)...),
	}
	for name, data := range cases {
		for _, piece := range []int{0, 4096} {
			x := &Expander{MaxDepth: 4, PieceSize: piece, Overlap: 1024}
			got, _ := expandAll(t, x, Unit{Path: name, Data: data})
			text := got[name]
			i := strings.Index(text, plain)
			if i < 0 {
				t.Errorf("%s (pieces of %d): the plain text is lost: %.200q", name, piece, text)
				continue
			}
			if strings.Contains(name, "then-utf") && (!strings.HasPrefix(text, head) || !strings.HasSuffix(text, wide)) {
				t.Errorf("%s (pieces of %d): the wide text around it is lost: %.200q", name, piece, text)
			}
		}
	}
}
