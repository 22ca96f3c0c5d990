package source

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// hexBytes writes b as a registry export does: comma-separated hex bytes,
// cut every 25 bytes by a backslash and an indented line.
func hexBytes(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		if i > 0 {
			s.WriteByte(',')
			if i%25 == 0 {
				s.WriteString("\\\r\n  ")
			}
		}
		fmt.Fprintf(&s, "%02x", c)
	}
	return s.String()
}

func utf16LE(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// TestRegistryHexValuesAreDecoded: a registry export's expandable,
// multi-string and binary values are hex bytes (UTF-16LE in version 5.00,
// over lines ending in a backslash): they are decoded and scanned as
// FILE!(registry values); a file exported in UTF-16 is read the same way,
// and numbers are left out.
func TestRegistryHexValuesAreDecoded(t *testing.T) {
	const token = "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"
	export := "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\App]\r\n" +
		`"Auth"=hex(2):` + hexBytes(utf16LE("Bearer "+token+"\x00")) + "\r\n" +
		`"Hosts"=hex(7):` + hexBytes(utf16LE("a.example\x00"+token+"\x00\x00")) + "\r\n" +
		`"Blob"=hex:` + hexBytes([]byte("key="+token)) + "\r\n" +
		`"Count"=dword:00000010` + "\r\n" + `"Big"=hex(b):01,00,00,00,00,00,00,00` + "\r\n"
	want := "Auth=Bearer " + token + "\nHosts=a.example " + token + "\nBlob=key=" + token + "\n"
	for name, data := range map[string][]byte{
		"app.reg":   []byte(export),
		"wide.reg":  append([]byte{0xff, 0xfe}, utf16LE(export)...),
		"old.reg":   []byte("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\App]\r\n\"Auth\"=hex(2):" + hexBytes([]byte("Bearer "+token+"\x00")) + "\r\n"),
		"notes.txt": []byte("see \"Auth\"=hex(2):41,00\r\n"),
	} {
		got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: data})
		values, ok := got[name+"!(registry values)"]
		switch name {
		case "notes.txt":
			if ok {
				t.Errorf("%s: not an export, read as one: %q", name, values)
			}
		case "old.reg":
			if values != "Auth=Bearer "+token+"\n" {
				t.Errorf("%s: %q", name, values)
			}
		default:
			if values != want {
				t.Errorf("%s: %q, want %q", name, values, want)
			}
		}
	}
}
