package ggshield

import (
	"regexp"
	"testing"
)

// PathRegex reads a pattern as ggshield's translate_user_pattern does.
func TestPathRegex(t *testing.T) {
	for _, c := range []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"doc/*", []string{"doc/a.md", "x/doc/a.md"}, []string{"doc/sub/a.md", "doc", "mydoc/a.md"}},
		{"**/README.md", []string{"README.md", "a/b/README.md"}, []string{"README.md.bak", "xREADME.md"}},
		{"/LICENSE", []string{"LICENSE"}, []string{"sub/LICENSE"}},
		{"LICENSE", []string{"LICENSE", "sub/LICENSE"}, []string{"LICENSE.txt"}},
		{"vendor/", []string{"vendor/a/b.go", "x/vendor/a"}, []string{"vendor.go"}},
		{"a.b+c", []string{"a.b+c"}, []string{"axb+c", "a.bbc"}},
		{"données/*", []string{"données/a.csv", "x/données/b"}, []string{"donnees/a.csv"}},
	} {
		src, err := PathRegex(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(src)
		for _, p := range c.match {
			if !re.MatchString(p) {
				t.Errorf("%q (%s) does not match %q", c.pattern, src, p)
			}
		}
		for _, p := range c.miss {
			if re.MatchString(p) {
				t.Errorf("%q (%s) matches %q", c.pattern, src, p)
			}
		}
	}
	if _, err := PathRegex(" "); err == nil {
		t.Error("an empty pattern was accepted")
	}
}
