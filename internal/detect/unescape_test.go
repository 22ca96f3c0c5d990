package detect

import "testing"

// TestUnescapeStringLiterals: a value read from a string literal is
// decoded as the languages that write it do, so the secret reported is the
// one the program uses.
func TestUnescapeStringLiterals(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`Tr0ub\x34dor`, "Tr0ub4dor"},      // Go, C, Python, JavaScript
		{`a\x00b`, "a\x00b"},               // a NUL byte, not "x00"
		{`a\xffb`, "a\xffb"},               // one byte in C and Go
		{`\x9q`, "\x09q"},                  // C reads a single hex digit
		{`p\u0040ss`, "p@ss"},              // JSON, Java, JavaScript, C#
		{`p\u{40}ss`, "p@ss"},              // JavaScript, Rust, Swift
		{`p\u{1F600}s`, "p\U0001F600s"},    // beyond the BMP
		{`p\ud83d\ude00s`, "p\U0001F600s"}, // a UTF-16 surrogate pair
		{`p\U0001F600s`, "p\U0001F600s"},   // Go, Python, C
		{`p\100ss`, "p@ss"},                // octal
		{`a\0b`, "a\x00b"},                 // octal NUL
		{`a\101\102`, "aAB"},               // two octal escapes
		{`a\400`, "a\x200"},                // octal stops before 255
		{`tab\there\nnl\r\b\f\v\a\e`, "tab\there\nnl\r\b\f\v\a\x1b"},
		{`q\"q\'q\\q\/q`, `q"q'q\q/q`}, // quotes, backslash, JSON's \/
		{`\$HOME\%`, `$HOME%`},         // any other character is itself
		{`\u00`, `u00`},                // not an escape: its characters
		{`\xzz`, `xzz`},                // not an escape: its characters
		{`\u{110000}`, `u{110000}`},    // beyond Unicode
		{`end\`, `end\`},               // a lone backslash at the end
	} {
		if got := string(unescape(nil, []byte(c.in))); got != c.want {
			t.Errorf("unescape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAssignedValueEscapes: a password read from a string literal with
// escapes is reported decoded, at the literal's place.
func TestAssignedValueEscapes(t *testing.T) {
	var buf []byte
	data := []byte(`db_password = "Tr0ub\x34dor\u0026-3x"`)
	a, ok := readAssignment(data, 3, 7, syntaxCode, &buf)
	if !ok {
		t.Fatal("no assignment read")
	}
	if got := string(a.value); got != "Tr0ub4dor&-3x" || !a.escaped {
		t.Errorf("value %q (escaped %v), want Tr0ub4dor&-3x decoded", got, a.escaped)
	}
	if got := string(data[a.valStart:a.valEnd]); got != `Tr0ub\x34dor\u0026-3x` {
		t.Errorf("place %q, want the literal", got)
	}
}
