package detect

import "bytes"

// A hex dump shows bytes as hex pairs, sixteen a line, with their text
// in a column beside them: curl --trace ("0000: 47 45 54 20 ... GET /
// HTTP/1.1.."), xxd ("00000000: 4745 5420 ...  GET /...") and hexdump -C
// ("00000000  47 45 54 20 ...  |GET /...|"). The text column cuts a
// token every sixteen characters and the pairs spell it in hex, so a
// debug log with a request dumped in it shows no token. From a dump's
// first line (offset zero, one of hexDumpWords), the pairs of its lines
// are decoded into a view of their own, each an escape standing for its
// byte, and scanned as character codes are (charCodesAt).

// hexDumpWords start a dump: its first line's offset as each tool
// writes it.
var hexDumpWords = []string{"0000: ", "00000000: ", "00000000  "}

// maxDumpLine bounds the bytes one line of a dump shows.
const maxDumpLine = 16

// decodeHexDump decodes into v the bytes of the hex dump whose first
// line starts at data[i], and tells whether it holds at least
// minCharCodes of them. A line counts when, after its offset, its pairs
// are followed by a text column of as many characters (within | | for
// hexdump -C); the dump ends at the first line that is not one.
func decodeHexDump(data []byte, i int, v *escapedView) bool {
	v.start, v.decoded, v.marks = i, v.decoded[:0], v.marks[:0]
	for len(v.decoded)+maxDumpLine <= maxCharCodes {
		pairs, next, ok := dumpLine(data, i)
		if !ok {
			break
		}
		for _, at := range pairs {
			b, _ := hexByte(data[at:])
			if n := len(v.marks); n > 0 {
				// The last mark runs to this pair: the view maps back.
				v.marks[n-1].srcLen = int8(min(at-v.marks[n-1].src, 127))
			}
			v.marks = append(v.marks, escapeMark{src: at, srcLen: 2, dec: len(v.decoded), decLen: 1, kind: escapeHexDump, hides: true})
			v.decoded = append(v.decoded, b)
		}
		i = next
	}
	return len(v.decoded) >= minCharCodes
}

// dumpLine reads the dump line at data[i]: where its pairs are, and
// where the next line starts; ok is false when it is none.
func dumpLine(data []byte, i int) (pairs []int, next int, ok bool) {
	end := bytes.IndexByte(data[i:], '\n')
	if end < 0 {
		end = len(data)
	} else {
		end += i
	}
	next = min(end+1, len(data))
	line := bytes.TrimRight(data[i:end], "\r")
	// The offset: hex digits, then ": " or two blanks.
	j := 0
	for j < len(line) && j < 8 && isHexDigit(line[j]) {
		j++
	}
	if j < 4 || j+2 > len(line) || !(line[j] == ':' && line[j+1] == ' ' || line[j] == ' ' && line[j+1] == ' ') {
		return nil, 0, false
	}
	j += 2
	// Pairs, alone (curl, hexdump -C) or two by two (xxd), a blank or
	// two between; then the text column.
	var found []int
	for len(found) < maxDumpLine {
		k := j
		for k < len(line) && line[k] == ' ' && k-j < 2 {
			k++
		}
		if k+2 > len(line) {
			break
		}
		if _, isPair := hexByte(line[k:]); !isPair {
			break
		}
		found = append(found, i+k)
		j = k + 2
	}
	// Fewer pairs than read when the text column starts like one: the
	// count that leaves a column of as many characters is the line's.
	for n := len(found); n > 0; n-- {
		rest := line[found[n-1]-i+2:]
		if textColumn(rest, n) {
			return found[:n], next, true
		}
	}
	return nil, 0, false
}

// textColumn tells whether rest, what follows a line's n pairs, is their
// text column: blanks (xxd and hexdump -C pad a short line), then n
// characters (blanks among them, as 0x20 shows), or n characters
// between bars.
func textColumn(rest []byte, n int) bool {
	for _, w := range []int{n, n + 2} {
		if len(rest) <= w {
			continue
		}
		pad, col := rest[:len(rest)-w], rest[len(rest)-w:]
		if len(bytes.Trim(pad, " ")) == 0 && (w == n || col[0] == '|' && col[w-1] == '|') {
			return true
		}
	}
	return false
}

// hexByte reads the pair of hex digits at the start of b; ok is false
// when it is not one.
func hexByte(b []byte) (byte, bool) {
	if len(b) < 2 {
		return 0, false
	}
	hi, ok1 := digitValue(b[0], 16)
	lo, ok2 := digitValue(b[1], 16)
	return byte(hi<<4 | lo), ok1 && ok2
}

func isHexDigit(c byte) bool {
	_, ok := digitValue(c, 16)
	return ok
}
