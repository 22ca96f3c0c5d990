package detect_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTokenWrittenAsCharacterCodes: a token written as its characters'
// codes, in each language's way, is found whole and placed at its first
// code.
func TestTokenWrittenAsCharacterCodes(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(41).GitHubToken("ghp_")
	codes := func(format, sep string) string {
		parts := make([]string, len(token))
		for i := range token {
			parts[i] = fmt.Sprintf(format, token[i])
		}
		return strings.Join(parts, sep)
	}
	for _, tc := range []struct{ file, text, first string }{
		{"client.js", "const t = String.fromCharCode(" + codes("%d", ", ") + ");", "103"},
		{"client.py", "t = " + codes("chr(%d)", " + "), "chr(103)"},
		{"client.py", "t = bytes([" + codes("%d", ",") + "]).decode()", "103"},
		{"client.py", "t = ''.join([" + codes("'%c'", ", ") + "])", "'g'"},
		{"client.go", "var t = []byte{" + codes("0x%02x", ", ") + "}", "0x67"},
		{"Client.java", "byte[] t = new byte[] {\n    " + codes("%d", ",\n    ") + "\n};", "103"},
		{"Client.cs", "char[] t = new char[] {" + codes("'%c'", ",") + "};", "'g'"},
		{"client.php", "$t = " + codes("chr(%d)", " . ") + ";", "chr(103)"},
		// A list the conversion takes in a loop or a map, not after it.
		{"client.js", "const parts = [" + codes("%d", ", ") + "];\nlet t = '';\nfor (const c of parts) {\n  t += String.fromCharCode(c);\n}", "103"},
		{"client.py", "CODES = [" + codes("%d", ", ") + "]\nTOKEN = ''.join(chr(c) for c in CODES)", "103"},
		{"client.py", "TOKEN = ''.join(map(chr, [" + codes("%d", ", ") + "]))", "103"},
		{"client.js", "const t = String.fromCharCode(...[" + codes("%d", ",") + "]);", "103"},
		{"client.js", "const t = String.fromCharCode.apply(null, [" + codes("%d", ",") + "]);", "103"},
		{"client.js", "const t = [" + codes("%d", ",") + "].map(c => String.fromCharCode(c)).join('');", "103"},
		{"client.rb", "TOKEN = [" + codes("%d", ", ") + "].pack('c*')", "103"},
	} {
		if found, ok := foundDecodedAt(s, tc.file, tc.text, token, detect.EncodingCharCodes, tc.first); !ok {
			t.Errorf("%s: %.80q...: the token was not found at its first code (found %v)", tc.file, tc.text, found)
		}
	}
}

// TestCharacterCodesWithoutToken: lists of codes that spell no token add
// nothing: tables, short buffers, codes that are not printable.
func TestCharacterCodesWithoutToken(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, text := range []string{
		"var crcTable = []byte{0x00, 0x07, 0x0e, 0x09, 0x1c, 0x1b, 0x12, 0x15, 0x38, 0x3f, 0x36, 0x31, 0x24, 0x23}",
		"var greeting = []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64}",
		"s = String.fromCharCode(72, 105)",
		"data = bytes([300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400])",
		// A table near a conversion of one code spells no token.
		"var widths = [64, 72, 80, 96, 100, 110, 112, 120, 121, 122, 124, 125];\nfor (const w of widths) out += String.fromCharCode(w);",
		"TABLE = (65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76)\nprint(''.join(chr(c) for c in TABLE))",
	} {
		if ms := s.ScanFile("table.go", []byte(text+"\n")); len(ms) != 0 {
			t.Errorf("%q: %d matches, want none (first %s %q)", text, len(ms), ms[0].Rule.ID, ms[0].Secret)
		}
	}
}

// FuzzJoinsAndCharCodes scans text around joins of string literals and
// lists of character codes, cut and changed anywhere: no panic, and every
// match lies inside the text.
func FuzzJoinsAndCharCodes(f *testing.F) {
	f.Add([]byte(`t = "ghp_ab" + "cdef" + 'gh'; u = chr(103)+chr(104); v = []byte{0x67, 0x68}`))
	f.Add([]byte("k = String.fromCharCode(103, 104, 112, 95, 49, 50, 51, 52, 53, 54, 55, 56, 57)\n\"a\"\n  + \"b\""))
	f.Add([]byte(`x=""''"" ''.join(['a','b']) bytes([300, 1, 2]) chr( chr(1 "z"+`))
	s := catalogueEngine(f).NewScanner()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range s.ScanFile("a.js", data) {
			if m.Start < 0 || m.End > len(data) || m.Start > m.End {
				t.Fatalf("match %s at %d..%d outside %d bytes", m.Rule.ID, m.Start, m.End, len(data))
			}
		}
	})
}
