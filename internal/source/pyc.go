package source

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// A compiled Python module (.pyc) keeps its constants in marshal's
// format: each value a type letter, then its bytes. A string is written
// after its length, and the next value's type letter follows it with
// nothing between: a token constant followed by None ('N') or a small
// int ('i') is glued to a letter, and no pattern's closing \b holds.
// Its strings are read out, one a line, and scanned as FILE!(pyc
// strings). Format: CPython's Python/marshal.c: 's' (bytes), 't', 'u',
// 'a', 'A' with a 32-bit length, 'z', 'Z' (short ASCII) with one byte of
// length, each perhaps with FLAG_REF (0x80) set. The walk does not follow
// code objects, whose fields change with each Python version: it takes
// every such type byte whose length is followed by as many printable
// bytes, which the strings of a module are.

// pycFile tells whether the file at path, head its first bytes, is a
// compiled Python module: named .pyc, or starting with a Python 3 magic
// number (a version from 3000 to 4095, little-endian, then "\r\n").
func pycFile(path string, head []byte) bool {
	return strings.HasSuffix(strings.ToLower(path), ".pyc") ||
		len(head) >= 16 && string(head[2:4]) == "\r\n" && 0x0b <= head[1] && head[1] <= 0x0f
}

// minPycString is the shortest string read out: no token is shorter.
const minPycString = 8

// pycStrings returns the strings marshal wrote in data, one a line.
func pycStrings(data []byte) []byte {
	var out []byte
	for i := 0; i < len(data); i++ {
		n, at := 0, 0
		switch data[i] &^ 0x80 {
		case 'z', 'Z':
			if i+1 < len(data) {
				n, at = int(data[i+1]), i+2
			}
		case 's', 't', 'u', 'a', 'A':
			if i+5 <= len(data) {
				n, at = int(binary.LittleEndian.Uint32(data[i+1:])), i+5
			}
		}
		if n < minPycString || n > len(data)-at || !printableString(data[at:at+n]) {
			continue
		}
		out = append(append(out, data[at:at+n]...), '\n')
		i = at + n - 1
	}
	return out
}

// printableString tells whether b is text on one line: printable ASCII,
// tabs, and UTF-8's bytes from 0x80 on.
func printableString(b []byte) bool {
	return bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) < 0
}

// pyc scans the strings of the compiled Python module data, the whole of
// u, as its member "(pyc strings)"; its bytes are scanned as well, by the
// caller.
func (w *walk) pyc(u Unit, data []byte) {
	if s := pycStrings(data); len(s) > 0 {
		w.emit(Unit{Path: u.Path + "!(pyc strings)", Git: u.Git, Data: s})
	}
}
