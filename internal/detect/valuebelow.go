package detect

import "bytes"

// A credential in notes is often written on the line under its label:
//
//	Postmark server token:
//	5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f
//
// readLoose reads such a value for the provider's rules when the label's
// colon ends its line; the value must stand alone on the next line.

// valueBelow returns where the value starts and where its line ends when
// i, just after a label's colon and the blanks after it, is the end of the
// line and the next line holds something; ok is false otherwise. A blank
// line between ends the label's reach.
func valueBelow(data []byte, i int) (start, end int, ok bool) {
	next := lineAfter(data, i)
	if next < 0 {
		return 0, 0, false
	}
	end = lineEndAt(data, next)
	start = skipBlanks(data[:end], next)
	if start >= end || data[start] == '\r' {
		return 0, 0, false
	}
	return start, end, true
}

// lineAfter returns where the line after the one i ends starts, when i is
// that line's end (only blanks were left), or -1.
func lineAfter(data []byte, i int) int {
	if i < len(data) && data[i] == '\r' {
		i++
	}
	if i >= len(data) || data[i] != '\n' {
		return -1
	}
	return i + 1
}

// aloneToLineEnd reports whether only the value's closing quote q (if
// any) and blanks follow data[:j] up to the line's end.
func aloneToLineEnd(data []byte, j, end int, q byte) bool {
	if q != 0 && j < end && data[j] == q {
		j++
	}
	return len(bytes.TrimSpace(data[j:end])) == 0
}
