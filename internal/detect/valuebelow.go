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
// line between ends the label's reach, unless what follows it is a
// Markdown code block, as the value of a note is often written: a fence
// (``` or ~~~, the value on the line after it) or a line indented by four
// blanks or a tab.
func valueBelow(data []byte, i int) (start, end int, ok bool) {
	next := lineAfter(data, i)
	if next < 0 {
		return 0, 0, false
	}
	if blankLine(data, next) {
		if next = lineAfter(data, lineEndAt(data, next)); next < 0 {
			return 0, 0, false
		}
		if !fence(data[next:lineEndAt(data, next)]) && !codeIndent(data[next:]) {
			return 0, 0, false
		}
	}
	if fence(data[next:lineEndAt(data, next)]) {
		if next = lineAfter(data, lineEndAt(data, next)); next < 0 {
			return 0, 0, false
		}
	}
	end = lineEndAt(data, next)
	start = skipBlanks(data[:end], next)
	if start >= end || data[start] == '\r' {
		return 0, 0, false
	}
	return start, end, true
}

// blankLine tells whether the line starting at i holds only blanks.
func blankLine(data []byte, i int) bool {
	return len(bytes.TrimSpace(data[i:lineEndAt(data, i)])) == 0
}

// codeIndent tells whether line starts as a Markdown indented code block
// does: four blanks or a tab.
func codeIndent(line []byte) bool {
	return bytes.HasPrefix(line, []byte("    ")) || bytes.HasPrefix(line, []byte("\t"))
}

// labelEnd returns where a label's line ends when the rest of it after i
// is at most three words of letters and a colon that ends the line: the
// label goes on after its key word ("Postmark server token for
// staging:"). ok is false for anything else: a value, a sentence.
func labelEnd(data []byte, i int) (end int, ok bool) {
	lineEnd := lineEndAt(data, i)
	rest := bytes.TrimRight(data[i:lineEnd], " \t\r")
	if len(rest) == 0 || rest[len(rest)-1] != ':' {
		return 0, false
	}
	if !labelWords(rest[:len(rest)-1], 3) {
		return 0, false
	}
	return i + len(rest), true
}

// labelWords tells whether b is one to most words of letters and hyphens.
func labelWords(b []byte, most int) bool {
	words := bytes.Fields(b)
	if len(words) == 0 || len(words) > most {
		return false
	}
	for _, w := range words {
		for _, c := range w {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-') {
				return false
			}
		}
	}
	return true
}

// bareLabel tells whether the line that ends at end, where a key word
// does, is a label alone with no colon ("Postmark server token", as
// notes and password managers' exports write it): at most five words of
// letters, the value on the line below.
func bareLabel(data []byte, end int) bool {
	start := bytes.LastIndexByte(data[:end], '\n') + 1
	return labelWords(bytes.TrimLeft(data[start:end], "#*-> \t"), 5)
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
