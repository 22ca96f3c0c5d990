package termsafe

import "testing"

func TestString(t *testing.T) {
	cases := map[string]string{
		"src/main.go":                   "src/main.go",
		"naïve/東京 🔑.txt":                "naïve/東京 🔑.txt",
		"tab\there":                     "tab\there",
		"a\x1b]0;pwned\x07b":            `a\x1b]0;pwned\x07b`,
		"clear\x1b[2J\x1b[H":            `clear\x1b[2J\x1b[H`,
		"line\nbreak\r":                 `line\nbreak\r`,
		"del\x7f":                       `del\x7f`,
		"c1 \u009b31m":                  `c1 \u009b31m`,
		"evil\u202egnp.exe":             `evil\u202egnp.exe`,
		"isolate\u2066x\u2069":          `isolate\u2066x\u2069`,
		"latin1 caf\xe9":                `latin1 caf\xe9`,
		"nul\x00":                       `nul\x00`,
		"Ann <ann@example.com>":         "Ann <ann@example.com>",
		"\x1b[31mred\x1b[0m and \u00e9": `\x1b[31mred\x1b[0m and é`,
	}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	if got := Lines("custom rule a: bad\ncustom rule \x1b[2Jb: bad\r"); got != "custom rule a: bad\ncustom rule \\x1b[2Jb: bad\\r" {
		t.Errorf("Lines: %q", got)
	}
}

func FuzzString(f *testing.F) {
	f.Add("a\x1b[2Jb\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		if !clean(out) {
			t.Fatalf("String(%q) = %q still holds something a terminal acts on", s, out)
		}
		if clean(s) && out != s {
			t.Fatalf("clean text changed: %q -> %q", s, out)
		}
	})
}
