package source

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Text from IBM mainframes (JCL, COBOL copybooks, z/OS configuration
// moved in binary) is in EBCDIC, where letters are bytes from 0x81 on and
// the space is 0x40: as bytes, not one of its words is read. Content that
// is not UTF-8 and reads as EBCDIC text is also decoded from code page
// 1047 (z/OS's; its letters, digits and most punctuation are code page
// 037's) and scanned as FILE!(ebcdic text); NEL (0x15), its line end,
// ends a line. The bytes are scanned as they are too: text in another
// legacy encoding (GBK, Shift-JIS) may pass for EBCDIC, and its ASCII
// must still be read.

// ebcdicText tells whether head, content's first bytes, is EBCDIC text:
// not UTF-8, three in five of its bytes letters and digits in their
// EBCDIC places (ASCII text has none there, Latin-1 text few bytes from
// 0x81 on, random bytes a quarter).
func ebcdicText(head []byte) bool {
	// Most text is ASCII: a glance at its start, before the checks that
	// read all of head.
	if len(head) < 16 || !mostlyHigh(head[:min(len(head), 256)]) || validUTF8Head(head) {
		return false
	}
	alnum := 0
	for _, c := range head {
		low := c & 0x0f
		if (c >= 0x81 && c <= 0xa9 || c >= 0xc1 && c <= 0xe9) && low >= 1 && low <= 9 || c >= 0xf0 && c <= 0xf9 {
			alnum++
		}
	}
	return alnum*5 >= len(head)*3
}

// ebcdicDecoder decodes code page 1047, its NEL as a line break.
func ebcdicDecoder() transform.Transformer {
	return transform.Chain(charmap.CodePage1047.NewDecoder(), nelToNewline{})
}

// nelToNewline turns U+0085 (NEL, in UTF-8 C2 85) into '\n', keeping the
// byte count of the line's end apart.
type nelToNewline struct{ transform.NopResetter }

func (nelToNewline) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c == 0xc2 && nSrc+1 >= len(src) && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc // the NEL may go on in the next call
		}
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		if c == 0xc2 && nSrc+1 < len(src) && src[nSrc+1] == 0x85 {
			dst[nDst] = '\n'
			nDst, nSrc = nDst+1, nSrc+2
			continue
		}
		dst[nDst] = c
		nDst, nSrc = nDst+1, nSrc+1
	}
	return nDst, nSrc, nil
}

// validUTF8Head is utf8.Valid for the first bytes of some text, which
// may end inside a character.
func validUTF8Head(head []byte) bool {
	for cut := 0; cut < utf8.UTFMax && cut < len(head); cut++ {
		if utf8.Valid(head[:len(head)-cut]) {
			return true
		}
	}
	return false
}

// mostlyHigh tells whether half of b or more are bytes from 0x80 on, as
// EBCDIC letters and digits are.
func mostlyHigh(b []byte) bool {
	high := 0
	for _, c := range b {
		if c >= 0x80 {
			high++
		}
	}
	return high*2 >= len(b)
}
