package source

import (
	"bytes"
	"encoding/hex"
	"strings"
	"unicode/utf16"
)

// A Windows registry export (.reg, as regedit and `reg export` write it)
// keeps string values as text, but expandable and multi-string values,
// and binary ones, as comma-separated hex bytes: "Token"=hex(2):42,00,
// 65,00,... is "Be..." in UTF-16LE (version 5.00; REGEDIT4 writes them in
// the ANSI code page). A token there is in no run of text, so such values
// are decoded and scanned as FILE!(registry values), one "name=value" a
// line. Format: regedit's export, as Microsoft documents it
// ("How to add, modify, or delete registry subkeys and values by using a
// .reg file"): a value's hex bytes go on over lines that end in a
// backslash.

// regHeaders start a registry export, after any byte order mark.
var regHeaders = []string{"Windows Registry Editor Version 5.00", "REGEDIT4"}

// regExport tells whether head, decoded text, starts a registry export.
func regExport(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for _, h := range regHeaders {
		if bytes.HasPrefix(head, []byte(h)) {
			return true
		}
	}
	return false
}

// registryValues returns the hex values of the export data decoded, one
// "name=value" a line, or nil when it has none.
func registryValues(data []byte) []byte {
	var out []byte
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		// A value's bytes go on over lines ending in a backslash.
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimSpace(lines[i])
		}
		name, value, ok := regHexValue(line)
		if !ok {
			continue
		}
		out = append(append(append(append(out, name...), '='), value...), '\n')
	}
	return out
}

// regHexValue reads a line `"name"=hex(T):xx,xx,...` (or @= for the
// default value, hex: for binary): the name, and the bytes as text.
func regHexValue(line string) (name string, value []byte, ok bool) {
	eq := strings.Index(line, "=hex")
	if eq < 0 {
		return "", nil, false
	}
	name = strings.Trim(line[:eq], `"`)
	rest := line[eq+len("=hex"):]
	typ := ""
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return "", nil, false
		}
		typ, rest = rest[1:end], rest[end+1:]
	}
	rest, ok = strings.CutPrefix(rest, ":")
	if !ok {
		return "", nil, false
	}
	raw, err := hex.DecodeString(strings.NewReplacer(",", "", " ", "").Replace(rest))
	if err != nil || len(raw) == 0 {
		return "", nil, false
	}
	switch typ {
	case "4", "b", "B", "0": // numbers, none: no text
		return "", nil, false
	}
	return name, regText(raw), true
}

// regText is a value's bytes as text: UTF-16LE when three in four of its
// high bytes are zero (version 5.00's strings), else the bytes; the NULs that end and
// part strings (a multi-string's) become blanks.
func regText(raw []byte) []byte {
	zeros := 0
	for i := 1; i < len(raw); i += 2 {
		if raw[i] == 0 {
			zeros++
		}
	}
	if len(raw)%2 == 0 && zeros*4 >= len(raw)/2*3 {
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
		}
		raw = []byte(string(utf16.Decode(units)))
	}
	text := bytes.TrimRight(raw, "\x00")
	return bytes.ReplaceAll(text, []byte{0}, []byte{' '})
}
