package trufflehog

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/pathmatch"
)

// Include-path prefixes written as excludes leave exactly the included
// paths to scan, the walk reaching them through their parents.
func TestIncludeAsExcludes(t *testing.T) {
	for _, c := range []struct {
		regexes  []string
		scanned  []string
		excluded []string
	}{
		{[]string{`^src/app/`}, []string{"src", "src/app", "src/app/a.go"}, []string{"src/apple/x.go", "src/lib/a.go", "docs/a.md", "a.env"}},
		{[]string{`^src/app/`, `^src`}, []string{"src/app/a.go", "src/lib/a.go", "srcgen/a.go"}, []string{"docs/a.md"}},
		{[]string{`^conf\.d/.*`}, []string{"conf.d/a.conf"}, []string{"confxd/a.conf", "conf.dx/a.conf", "etc/a.conf"}},
		{[]string{`^lib`}, []string{"lib/a.go", "libs/a.go"}, []string{"src/lib/a.go"}},
	} {
		var lines []Line
		for i, re := range c.regexes {
			lines = append(lines, Line{File: "include.txt", N: i + 1, Value: re})
		}
		tr := &translator{cfg: &config.Config{}}
		tr.include(lines)
		m, err := pathmatch.New(tr.cfg.Scan.Exclude)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.scanned {
			isDir := !strings.Contains(p[strings.LastIndex(p, "/")+1:], ".")
			if m.Match(p, isDir) {
				t.Errorf("%v: %s is excluded (%v)", c.regexes, p, tr.cfg.Scan.Exclude)
			}
		}
		for _, p := range c.excluded {
			if !m.Match(p, false) {
				t.Errorf("%v: %s is scanned (%v)", c.regexes, p, tr.cfg.Scan.Exclude)
			}
		}
	}
}
