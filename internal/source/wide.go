package source

import (
	"bytes"
	"encoding/binary"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// Text in UTF-16 (as Windows tools write it: PowerShell's Out-File,
// regedit exports, .NET config) or UTF-32 has a NUL in every other (or
// every fourth) byte of ASCII text, which would make it binary. It is
// decoded to UTF-8 and scanned; newlines stay newlines, so line numbers
// hold, and columns count bytes of the decoded text.

// wideEncoding returns the encoding of head when it is UTF-32 with a byte
// order mark, or UTF-16 with one or without, or UTF-32 without one (then
// every NUL must be part of a character and what decodes must be text),
// else nil.
func wideEncoding(head []byte) transform.Transformer {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return &mixedWide{size: 4, order: binary.LittleEndian}
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return &mixedWide{size: 4, order: binary.BigEndian}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return &mixedWide{size: 2, order: binary.LittleEndian}
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &mixedWide{size: 2, order: binary.BigEndian}
	case bytes.IndexByte(head, 0) < 0:
		return nil // the common case, plain text: no NUL at all
	case looksUTF16(head, 0):
		return &mixedWide{size: 2, order: binary.BigEndian}
	case looksUTF16(head, 1):
		return &mixedWide{size: 2, order: binary.LittleEndian}
	case looksUTF32(head, binary.BigEndian):
		return &mixedWide{size: 4, order: binary.BigEndian}
	case looksUTF32(head, binary.LittleEndian):
		return &mixedWide{size: 4, order: binary.LittleEndian}
	}
	return nil
}

// looksUTF32 tells whether head is UTF-32 text without a byte order mark
// in the byte order order: every unit a printable character or a space,
// at least half of them ASCII.
func looksUTF32(head []byte, order binary.ByteOrder) bool {
	n := len(head) / 4
	if n < 2 {
		return false
	}
	ascii := 0
	for i := 0; i < n; i++ {
		r := rune(order.Uint32(head[4*i:]))
		if r == 0 || !utf8.ValidRune(r) || !(unicode.IsGraphic(r) || unicode.IsSpace(r)) {
			return false
		}
		if r < utf8.RuneSelf {
			ascii++
		}
	}
	return 2*ascii >= n
}

// looksUTF16 tells whether head is UTF-16 text without a byte order mark
// whose high bytes are at offset high of each pair (0: big-endian, 1:
// little-endian): NULs only in high bytes, in at least half of them (the
// ASCII text such files mostly hold; binary data rarely looks like that),
// and every character it decodes to printable or a space.
func looksUTF16(head []byte, high int) bool {
	n := len(head) / 2
	if n < 2 {
		return false
	}
	unit := func(i int) rune { return rune(head[2*i+high])<<8 | rune(head[2*i+1-high]) }
	ascii := 0
	for i := 0; i < n; i++ {
		r := unit(i)
		if r == 0 {
			return false
		}
		if head[2*i+high] == 0 {
			ascii++
		}
		if utf16.IsSurrogate(r) {
			if i+1 == n {
				break // a pair cut by the end of head
			}
			i++
			r = utf16.DecodeRune(r, unit(i))
		}
		if r == unicode.ReplacementChar || !(unicode.IsGraphic(r) || unicode.IsSpace(r)) {
			return false
		}
	}
	return 2*ascii >= n
}

// mixedWide decodes UTF-16 or UTF-32 where the bytes look like it and
// passes them on as they are where they do not: a byte order mark or a
// wide head put before plain text would otherwise turn that text into CJK
// characters (or nothing) and hide what it holds. It switches to plain
// bytes before 16 bytes of printable ASCII without a NUL (which wide text
// never holds, ASCII being one or three NULs per character) and back
// before 16 bytes of ASCII characters in the encoding; newlines stay
// newlines either way.
type mixedWide struct {
	size    int // 2 or 4
	order   binary.ByteOrder
	raw     bool
	started bool
}

const mixedLook = 16 // bytes looked at ahead to switch

func (t *mixedWide) Reset() { t.raw, t.started = false, false }

func (t *mixedWide) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	if !t.started {
		if len(src) < t.size && !atEOF {
			return 0, 0, transform.ErrShortSrc
		}
		t.started = true
		if len(src) >= t.size && t.unit(src) == 0xFEFF {
			nSrc = t.size // the byte order mark
		}
	}
	for nSrc < len(src) {
		rest := src[nSrc:]
		if len(rest) < mixedLook && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		switch {
		case t.raw && t.asciiAhead(rest):
			t.raw = false
		case !t.raw && plainASCIIAhead(rest):
			t.raw = true
		}
		if t.raw || len(rest) < t.size {
			if nDst == len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = rest[0]
			nDst++
			nSrc++
			continue
		}
		r, n := t.decode(rest)
		if n == 0 {
			if !atEOF {
				return nDst, nSrc, transform.ErrShortSrc // half a surrogate pair
			}
			r, n = unicode.ReplacementChar, len(rest)
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += n
	}
	return nDst, nSrc, nil
}

// unit reads the code unit at the start of b.
func (t *mixedWide) unit(b []byte) rune {
	if t.size == 4 {
		return rune(t.order.Uint32(b))
	}
	return rune(t.order.Uint16(b))
}

// decode reads one character at the start of b: its rune and length, or
// length 0 when b ends inside a surrogate pair.
func (t *mixedWide) decode(b []byte) (rune, int) {
	r := t.unit(b)
	switch {
	case t.size == 4 && !utf8.ValidRune(r):
		return unicode.ReplacementChar, 4
	case t.size == 4 || !utf16.IsSurrogate(r):
		return r, t.size
	case len(b) < 4:
		return 0, 0
	}
	if d := utf16.DecodeRune(r, t.unit(b[2:])); d != unicode.ReplacementChar {
		return d, 4
	}
	return unicode.ReplacementChar, 2
}

// asciiAhead tells whether b starts with mixedLook bytes of printable
// ASCII characters in the encoding.
func (t *mixedWide) asciiAhead(b []byte) bool {
	if len(b) < mixedLook {
		return false
	}
	for i := 0; i < mixedLook; i += t.size {
		if r := t.unit(b[i:]); r >= utf8.RuneSelf || !printableASCII(byte(r)) {
			return false
		}
	}
	return true
}

func printableASCII(c byte) bool { return c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c == '\r' }

// plainASCIIAhead tells whether b starts with mixedLook bytes of printable
// ASCII, none of them NUL.
func plainASCIIAhead(b []byte) bool {
	if len(b) < mixedLook {
		return false
	}
	for _, c := range b[:mixedLook] {
		if !printableASCII(c) {
			return false
		}
	}
	return true
}
