package source

import (
	"bytes"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Text in UTF-16 (as Windows tools write it: PowerShell's Out-File,
// regedit exports, .NET config) or UTF-32 has a NUL in every other (or
// every fourth) byte of ASCII text, which would make it binary. It is
// decoded to UTF-8 and scanned; newlines stay newlines, so line numbers
// hold, and columns count bytes of the decoded text.

// wideEncoding returns the encoding of head when it is UTF-32 with a byte
// order mark, or UTF-16 with one or without (then every NUL must be the
// high byte of a character and what decodes must be text), else nil.
func wideEncoding(head []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	case bytes.IndexByte(head, 0) < 0:
		return nil // the common case, plain text: no NUL at all
	case looksUTF16(head, 0):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	case looksUTF16(head, 1):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	}
	return nil
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
