package detect

import "bytes"

// Some formats fold a long line: a line break followed by one space or
// tab continues the line before, and reading the file takes both out
// (iCalendar, RFC 5545 §3.1; vCard, RFC 6350 §3.2; LDIF, RFC 2849; a JAR
// manifest's 72-byte lines). A token folded there reaches the program
// whole while every pattern sees two pieces: in such files the break and
// the blank are an escape that stands for nothing.

// foldsLines tells whether the file named name is in a format that
// folds lines so.
func foldsLines(name string) bool {
	switch extOf(name) {
	case ".ics", ".ical", ".ifb", ".vcf", ".vcard", ".ldif", ".mf":
		return true
	}
	return false
}

// decodeFold decodes a fold at data[i], a line break (CRLF or LF) then a
// space or a tab: it stands for nothing, and hides a token's character
// when it joins two pieces of one. At the LF of a CRLF the fold starts
// one byte before: what follows the CR is no escape of its own, but it
// tells a search that the line holds one.
func decodeFold(data []byte, i int) (r rune, n int, kind escapeKind, hides bool) {
	rest := data[i:]
	brk := 1
	if bytes.HasPrefix(rest, []byte("\r\n")) {
		brk = 2
	} else if rest[0] != '\n' {
		return 0, 0, escapeNone, false
	}
	if len(rest) <= brk || rest[brk] != ' ' && rest[brk] != '\t' {
		return 0, 0, escapeNone, false
	}
	from := i
	if brk == 1 && i > 0 && data[i-1] == '\r' {
		from = i - 1
	}
	return -1, brk + 1, escapeFold, joins(data, from, i+brk+1)
}
