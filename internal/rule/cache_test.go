package rule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadCachedFollowsEdits: the cache is used while the files are
// unchanged, and an edit to a rule (even one that keeps its length) or a
// renamed file misses it and is parsed again.
func TestLoadCachedFollowsEdits(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"
	dir := t.TempDir()
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	load := func() string {
		t.Helper()
		ps, err := LoadCached(fsys, dir)
		if err != nil || len(ps) != 1 || len(ps[0].Rules) != 1 {
			t.Fatalf("load: %v %v", ps, err)
		}
		return ps[0].Rules[0].Severity
	}
	if got := load(); got != "high" {
		t.Fatalf("severity %q", got)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "catalogue-*.gob"))
	if len(entries) != 1 {
		t.Fatalf("cache files: %v", entries)
	}
	// Same length, one word changed: a new key, parsed again.
	fsys["acme.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(file, "high", "lows", 1))}
	if _, err := LoadCached(fsys, dir); err == nil {
		t.Fatal("an invalid severity was taken from the cache")
	}
	fsys["acme.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(file, "severity: high", "severity: low", 1))}
	if got := load(); got != "low" {
		t.Fatalf("after the edit: severity %q", got)
	}
	// A cache file for this content that is damaged is ignored.
	entries, _ = filepath.Glob(filepath.Join(dir, "catalogue-*.gob"))
	for _, e := range entries {
		os.WriteFile(e, []byte("damaged"), 0o600)
	}
	if got := load(); got != "low" {
		t.Fatalf("damaged cache: severity %q", got)
	}
}
