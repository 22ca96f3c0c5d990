package detect

import "bytes"

// A token written as its characters' codes (String.fromCharCode(103, 104,
// ...) in JavaScript, chr(103) + chr(104) in Python, PHP or Visual Basic,
// []byte{0x67, 0x68} in Go, new byte[] {103, 104} in Java or C#, bytes([103,
// ...]) in Python, {'g', 'h', ...} as characters) reaches no pattern, and
// is how a token is hidden from a scanner in code. After one of
// charCodeWords, a list of at least minCharCodes printable codes is
// decoded into a view of its own, each code an escape standing for its
// character (escapeCharCodes), and scanned again as escapes are: what it
// finds counts where it covers codes, and is placed at the first one.

// charCodeWords are the prefilter keywords before such a list, or near
// it (see charCodesNear): a conversion of one code (chr(c),
// fromCharCode(c)) or of a list passed on (map(chr, L), .apply(null,
// L), Ruby's L.pack('c*')).
var charCodeWords = append([]string{"fromcharcode(", "chr(", "[]byte{", "byte[]{", "byte[] {", "] = {", "]={", "bytes([", "bytearray([", "char[]{", "char[] {", "join([",
	"fromcharcode.apply(", "map(chr,", ".pack('c*')", ".pack(\"c*\")", ".pack('u*')", ".pack(\"u*\")"}, hexDumpWords...)

const (
	// minCharCodes: shorter lists are tables and small buffers, and no
	// token is that short.
	minCharCodes = 12
	// maxCharCodes bounds a view, as maxEscapedView does.
	maxCharCodes = 4096
	// maxCodeLen bounds the separators read after an element (", ",
	// " + " and the blanks of a wrapped list).
	maxCodeLen = 32
)

// codeSeparators stand between codes: blanks, line breaks, commas, plus
// signs and dots (PHP's chr(103) . chr(104)).
const codeSeparators = " \t\r\n,+."

// charCodesStart returns where the list after the word at data[hs:he]
// starts: at the word for chr(, whose call is the list's first element,
// and for a hex dump's first offset, else after it.
func charCodesStart(data []byte, hs, he int) int {
	if he-hs == len("chr(") && bytes.EqualFold(data[hs:he], []byte("chr(")) || bytes.HasPrefix(data[hs:he], []byte("0000")) {
		return hs // a hex dump's first line too
	}
	return he
}

// codeLoopReach bounds how far from a conversion the list of codes it
// converts in a loop or a map may open: a list of a long token's codes
// and the lines of a loop.
const codeLoopReach = 1024

// charCodesAt decodes into v the list of character codes at data[at] or,
// when none starts there, the one a conversion there takes in a loop or
// a map (see charCodesNear); from bounds where a list may open (data
// before it was decoded already).
func charCodesAt(data []byte, at, from int, opens bool, v *escapedView) bool {
	if bytes.HasPrefix(data[at:], []byte("0000")) {
		return decodeHexDump(data, at, v)
	}
	if decodeCharCodes(data, at, v) {
		return true
	}
	if opens {
		// A list literal's word opens the list; an array of arrays
		// ([][]byte{{103, ...}}) opens one more.
		i := skipAny(data, at, maxCodeLen, codeSeparators)
		return i < len(data) && (data[i] == '{' || data[i] == '[') && decodeCharCodes(data, i+1, v)
	}
	return charCodesNear(data, at, from, v)
}

// opensList reports a word of charCodeWords that opens a list literal
// ([]byte{, ] = {, bytes([): the codes follow it. The others (chr(,
// fromCharCode(, map(chr, join([ of a comprehension) convert a list
// given elsewhere, in a loop or a map, which charCodesNear looks for.
// Searching around every C array initializer for another list cost a
// history scan of git/git half a second.
func opensList(word []byte) bool {
	return bytes.HasSuffix(word, []byte("{")) || bytes.HasSuffix(word, []byte("bytes([")) || bytes.HasSuffix(word, []byte("bytearray(["))
}

// charCodesNear decodes into v the first list of at least minCharCodes
// codes that opens ('[', '{' or '(') within codeLoopReach bytes of at,
// not before from: a token hidden as
//
//	codes = [103, 104, 112, ...]
//	token = ''.join(chr(c) for c in codes)
//
// or String.fromCharCode(...[103, ...]). What the list decodes to is
// scanned like any list's, so a table of numbers near a conversion only
// counts where it spells a token.
func charCodesNear(data []byte, at, from int, v *escapedView) bool {
	// A byte loop: bytes.IndexAny builds its set again on every call,
	// once per bracket, and the search runs for every conversion seen.
	hi := min(len(data), at+codeLoopReach)
	for i := max(from, at-codeLoopReach, 0); i < hi; i++ {
		if c := data[i]; (c == '[' || c == '{' || c == '(') && decodeCharCodes(data, i+1, v) {
			return true
		}
	}
	return false
}

// decodeCharCodes decodes into v the list of character codes starting at
// data[i], and tells whether it holds at least minCharCodes of them. Each
// code's mark runs from its first byte to the next code's, separators
// included, so the view maps back to the content.
func decodeCharCodes(data []byte, i int, v *escapedView) bool {
	j := skipAny(data, i, maxCodeLen, codeSeparators)
	v.start, v.decoded, v.marks = j, v.decoded[:0], v.marks[:0]
	n := 0 // the last code's length
	for len(v.decoded) < maxCharCodes {
		c, k := charCode(data[j:])
		if k == 0 {
			break
		}
		n = k
		next := skipAny(data, j+k, maxCodeLen, codeSeparators)
		v.marks = append(v.marks, escapeMark{src: j, srcLen: int8(next - j), dec: len(v.decoded), decLen: 1, kind: escapeCharCodes, hides: true})
		v.decoded = append(v.decoded, c)
		j = next
	}
	if len(v.decoded) < minCharCodes {
		return false
	}
	// The last mark ends at its code, not at the separators after it.
	v.marks[len(v.marks)-1].srcLen = int8(n)
	return true
}

// charCode reads one element of a list at the start of b: a decimal code,
// a hexadecimal one (0x67), a character in single quotes ('g'), each
// perhaps in a chr(...) call (any case). It returns the character, which
// must be printable ASCII, and the element's length; n is 0 when b does
// not start with one.
func charCode(b []byte) (c byte, n int) {
	call := 0
	if len(b) >= 4 && bytes.EqualFold(b[:4], []byte("chr(")) {
		call = 4
	}
	rest := b[call:]
	var v, k int
	switch {
	case len(rest) >= 3 && rest[0] == '\'' && rest[2] == '\'' && rest[1] != '\\':
		v, k = int(rest[1]), 3
	case len(rest) >= 3 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'):
		for k = 2; k < len(rest) && k < 4; k++ {
			d, ok := digitValue(rest[k], 16)
			if !ok {
				break
			}
			v = v<<4 | d
		}
		if _, more := digitValue(rest[min(k, len(rest)-1)], 16); k == 2 || k < len(rest) && more {
			return 0, 0
		}
	default:
		for k = 0; k < len(rest) && k < 3 && '0' <= rest[k] && rest[k] <= '9'; k++ {
			v = v*10 + int(rest[k]-'0')
		}
		if k == 0 || k < len(rest) && '0' <= rest[k] && rest[k] <= '9' {
			return 0, 0
		}
	}
	if call > 0 {
		if k >= len(rest) || rest[k] != ')' {
			return 0, 0
		}
		k++
	}
	if v < 0x20 || v > 0x7e {
		return 0, 0
	}
	return byte(v), call + k
}
