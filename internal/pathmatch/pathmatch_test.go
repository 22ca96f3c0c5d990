package pathmatch

import "testing"

func TestMatch(t *testing.T) {
	m, err := New([]string{
		"# comment", "", "vendor/", "*.min.js", "/build", "docs/**/*.md", "!docs/keep/**", "secret?.txt", "node_modules",
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"vendor", true, true},
		{"vendor", false, false}, // a file named vendor is not the directory
		{"vendor/x/y.go", false, true},
		{"a/vendor/y.go", false, true},
		{"app.min.js", false, true},
		{"web/app.min.js", false, true},
		{"app.js", false, false},
		{"build", true, true},
		{"build/out.txt", false, true},
		{"src/build/out.txt", false, false}, // anchored to the root
		{"docs/a.md", false, true},
		{"docs/x/y/a.md", false, true},
		{"docs/keep/a.md", false, false},
		{"secret1.txt", false, true},
		{"secret12.txt", false, false},
		{"x/node_modules/p/index.js", false, true},
	}
	for _, c := range cases {
		if got := m.Match(c.path, c.isDir); got != c.want {
			t.Errorf("Match(%q, dir=%v) = %v, want %v", c.path, c.isDir, got, c.want)
		}
	}
	var nilMatcher *Matcher
	if nilMatcher.Match("a", false) {
		t.Error("nil matcher excluded a path")
	}
	if _, err := New([]string{"/"}); err == nil {
		t.Error("pattern / accepted")
	}
}

// TestLiteralPrefilterKeepsMatches: the literal a path must contain is
// never taken from inside a class, after an escape or across a slash
// that ** may swallow, so no path the expression matches is skipped.
func TestLiteralPrefilterKeepsMatches(t *testing.T) {
	for _, c := range []struct {
		glob, path string
	}{
		{"[abcdef]x.py", "ax.py"},
		{"**/settings.py", "settings.py"},
		{"*settings*.py", "app/my_settings_prod.py"},
		{"a/**/b.txt", "a/b.txt"},
		{"\\*.env", "*.env"},
		{"[!a]rod.py", "prod.py"},
	} {
		m, err := New([]string{c.glob})
		if err != nil {
			t.Fatal(err)
		}
		if !m.Match(c.path, false) {
			t.Errorf("%q does not match %q", c.glob, c.path)
		}
	}
	for glob, want := range map[string]string{"*settings*.py": "settings", "[abcdef]x.py": "x.py", "**/prod.py": "prod.py", "a\\*bc": "bc"} {
		if got := longestLiteral(glob); got != want {
			t.Errorf("longestLiteral(%q) = %q, want %q", glob, got, want)
		}
	}
}
