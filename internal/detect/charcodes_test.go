package detect_test

import (
	"bytes"
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
		// C and C++ arrays, as xxd -i writes a file into a header.
		{"key.h", "unsigned char key_bin[] = {\n  " + codes("0x%02x", ", ") + ", 0x0a\n};", "0x67"},
		{"token.c", "static const uint8_t token[40]={" + codes("%d", ",") + "};", "103"},
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

// TestTokenInAHexDump: a request dumped by curl --trace, xxd or hexdump
// -C shows a token's characters cut every sixteen in its text column;
// the pairs are decoded and the token found at its first pair. Lines
// that only look like a dump's (an offset and words) add nothing.
func TestTokenInAHexDump(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(45).GitHubToken("ghp_")
	req := []byte("GET /user HTTP/1.1\r\nHost: api.github.com\r\nAuthorization: token " + token + "\r\n\r\n")
	text := func(b []byte) string {
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = '.'
			if c >= ' ' && c < 0x7f {
				out[i] = c
			}
		}
		return string(out)
	}
	dump := func(offset string, pairs func(b []byte) string, column func(b []byte) string) string {
		var lines []string
		for off := 0; off < len(req); off += 16 {
			b := req[off:min(off+16, len(req))]
			lines = append(lines, fmt.Sprintf(offset, off)+pairs(b)+column(b))
		}
		return strings.Join(lines, "\n")
	}
	spaced := func(width int) func([]byte) string {
		return func(b []byte) string {
			parts := make([]string, len(b))
			for i, c := range b {
				parts[i] = fmt.Sprintf("%02x", c)
			}
			return fmt.Sprintf("%-*s", width, strings.Join(parts, " "))
		}
	}
	grouped := func(b []byte) string {
		var sb strings.Builder
		for i, c := range b {
			if i > 0 && i%2 == 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "%02x", c)
		}
		return fmt.Sprintf("%-39s", sb.String())
	}
	first := fmt.Sprintf("%02x", req[bytes.Index(req, []byte(token))])
	for name, text := range map[string]string{
		"trace.log":   "== Info: Connected\n=> Send header, 107 bytes (0x6b)\n" + dump("%04x: ", spaced(47), func(b []byte) string { return " " + text(b) }),
		"request.xxd": dump("%08x: ", grouped, func(b []byte) string { return "  " + text(b) }),
		"request.hex": dump("%08x  ", spaced(48), func(b []byte) string { return "  |" + text(b) + "|" }),
	} {
		if found, ok := foundDecodedAt(s, name, text, token, detect.EncodingHexDump, first); !ok {
			t.Errorf("%s: the token was not found at its first pair (found %v)\n%s", name, found, text)
		}
	}
	for _, text := range []string{
		"0000: 47 45 54 20 2f 75 73 65 72 20 48 54 54 50 2f 31  GET /user HTTP/1\n0010: 2e 31 0d 0a  .1..",
		"0000: start of the table\n0010: aa bb cc dd ee ff 00 11 22 33 44 55 66 77 88 99 ................",
	} {
		if ms := s.ScanFile("notes.txt", []byte(text+"\n")); len(ms) != 0 {
			t.Errorf("%q: %d matches, want none", text, len(ms))
		}
	}
}
