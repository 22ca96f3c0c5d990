package rule

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/leakhound/leakhound/rules"
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
		ps, err := LoadCachedAs(fsys, dir, "", true)
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
	if _, err := LoadCachedAs(fsys, dir, "", true); err == nil {
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

// TestDamagedCatalogueCacheIsRebuilt: a cache file whose scan part still
// reads as a catalogue but has a byte changed (a pattern's bound here) is
// refused, parsed again and written again, never taken as the rules.
func TestDamagedCatalogueCacheIsRebuilt(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"
	dir := t.TempDir()
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	pattern := func() string {
		t.Helper()
		ps, err := LoadCachedAs(fsys, dir, "k", false)
		if err != nil || len(ps) != 1 || len(ps[0].Rules) != 1 {
			t.Fatalf("load: %v %v", ps, err)
		}
		return ps[0].Rules[0].Pattern
	}
	want := pattern()
	path := filepath.Join(dir, "catalogue-k.gob")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "{20}")
	if i < 0 {
		t.Fatal("the pattern is not in the cache file")
	}
	damaged := slices.Clone(data)
	damaged[i+2] = '1' // {21}: still a valid pattern
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := pattern(); got != want {
		t.Fatalf("damaged cache: pattern %q, want %q", got, want)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Fatal("the damaged file was not written again")
	}
}

// TestLoadCachedPrunesOldVersions: every catalogue version used to stay in
// the cache forever; a new one now leaves the ones used last and removes
// leftovers of killed runs, but never the files of other programs. Reading
// a cached catalogue marks it used, so versions in use side by side stay.
func TestLoadCachedPrunesOldVersions(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"
	dir := t.TempDir()
	write := func(name string, age time.Duration) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		os.Chtimes(p, at, at)
	}
	old := "abcdefghijkl"
	for i, c := range old {
		write("catalogue-"+string(c)+".gob", time.Duration(i+2)*time.Hour)
	}
	write("catalogue-killed.tmp", 2*time.Hour)
	write("catalogue-running.tmp", time.Second)
	write("last-scan.json", 10*time.Hour)
	// A version in use, written long ago and read now, counts as new.
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	if _, err := LoadCachedAs(fsys, dir, "", true); err != nil {
		t.Fatal(err)
	}
	inUse, _ := filepath.Glob(filepath.Join(dir, "catalogue-????????????????.gob"))
	if len(inUse) != 1 {
		t.Fatalf("cache files of the catalogue: %v", inUse)
	}
	long := time.Now().Add(-100 * time.Hour)
	os.Chtimes(inUse[0], long, long)
	if _, err := LoadCachedAs(fsys, dir, "", true); err != nil {
		t.Fatal(err)
	}
	// Another version is written: the newest keptCatalogues stay.
	fsys["acme.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(file, "high", "low", 1))}
	if _, err := LoadCachedAs(fsys, dir, "", true); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := map[string]bool{"catalogue-running.tmp": true, "last-scan.json": true, filepath.Base(inUse[0]): true}
	for _, c := range old[:keptCatalogues-2] {
		want["catalogue-"+string(c)+".gob"] = true
	}
	newOnes := 0
	for _, name := range left {
		if !want[name] {
			if len(name) == len("catalogue-0123456789abcdef.gob") {
				newOnes++
				continue
			}
			t.Errorf("left in the cache: %s", name)
		}
		delete(want, name)
	}
	if newOnes != 1 || len(want) > 0 {
		t.Fatalf("new catalogues %d, missing %v; left: %v", newOnes, want, left)
	}
}

// TestParsedOnlyWhileUnchanged: a checked rule, loaded or from the cache,
// tells the engine its expressions parse; one edited since does not.
func TestParsedOnlyWhileUnchanged(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	dir := t.TempDir()
	for _, how := range []string{"parsed", "cached"} {
		ps, err := LoadCachedAs(fsys, dir, "", true)
		if err != nil {
			t.Fatal(err)
		}
		r := &ps[0].Rules[0]
		if !r.Parsed() {
			t.Fatalf("%s: a checked rule is not marked parsed", how)
		}
		r.Pattern = "(?P<secret>acme_[a-z"
		if r.Parsed() {
			t.Fatalf("%s: an edited rule still counts as parsed", how)
		}
	}
	if (&Rule{Pattern: "x"}).Parsed() {
		t.Fatal("a rule never checked counts as parsed")
	}
}

// TestLoadCachedScanLeavesTheExtras: a scan's catalogue has no playbooks,
// investigations or examples, whether it was parsed or cached, and the
// full catalogue read from the same cache file still has them.
func TestLoadCachedScanLeavesTheExtras(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nplaybook:\n  about: Acme runs builds.\n" +
		"rules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n" +
		"    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n    playbook:\n      revoke: Delete the token.\n" +
		"    examples: ['t = acme_0123456789abcdefghij']\n    negative_examples: ['t = acme_']\n" +
		"    validate:\n      url: https://api.acme.example/me\n      headers: {Authorization: 'Bearer {{secret}}'}\n" +
		"      valid: [{status: [200]}]\n      invalid: [{status: [401]}]\n"
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	// Each rule carries its provider's fields, which the cache holds once
	// per provider, in either form.
	owned := func(r Rule) bool {
		return r.Provider == "acme" && r.ProviderName == "Acme" && r.Category == "api"
	}
	full := func(ps []*Provider) bool {
		r := ps[0].Rules[0]
		return owned(r) && ps[0].Playbook.About != "" && r.Playbook.Revoke != "" && len(r.Examples) == 1 && len(r.NegativeExamples) == 1 && r.Validate != nil
	}
	bare := func(ps []*Provider) bool {
		r := ps[0].Rules[0]
		return owned(r) && ps[0].Playbook.About == "" && r.Playbook.Revoke == "" && r.Examples == nil && r.NegativeExamples == nil && r.Validate == nil && r.Pattern != ""
	}
	for _, first := range []string{"scan", "full", "none"} {
		dir := t.TempDir()
		if first == "none" {
			dir = "" // no cache: parsed each time
		}
		scanForm := func(f fs.FS, d string) ([]*Provider, error) { return LoadCachedAs(f, d, "", false) }
		fullForm := func(f fs.FS, d string) ([]*Provider, error) { return LoadCachedAs(f, d, "", true) }
		loads := []func(fs.FS, string) ([]*Provider, error){scanForm, fullForm, scanForm, fullForm}
		if first == "full" {
			loads = []func(fs.FS, string) ([]*Provider, error){fullForm, scanForm, fullForm, scanForm}
		}
		for i, load := range loads {
			ps, err := load(fsys, dir)
			if err != nil {
				t.Fatal(err)
			}
			scan := (first == "full") == (i%2 == 1)
			if scan && !bare(ps) || !scan && !full(ps) {
				t.Errorf("%s first, load %d (scan form %v): extras %+v %+v", first, i, scan, ps[0].Playbook, ps[0].Rules[0].Examples)
			}
		}
	}
}

// TestLoadCachedAsUsesTheGivenKey: a caller that names the content (the
// binary's build ID) is trusted, so the files are not hashed; the cache
// follows the key, not the files.
func TestLoadCachedAsUsesTheGivenKey(t *testing.T) {
	const file = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"
	dir := t.TempDir()
	fsys := fstest.MapFS{"acme.yaml": {Data: []byte(file)}}
	severity := func(key string) string {
		t.Helper()
		ps, err := LoadCachedAs(fsys, dir, key, false)
		if err != nil || len(ps) != 1 || len(ps[0].Rules) != 1 {
			t.Fatalf("load: %v %v", ps, err)
		}
		return ps[0].Rules[0].Severity
	}
	if got := severity("build-1"); got != "high" {
		t.Fatalf("severity %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "catalogue-build-1.gob")); err != nil {
		t.Fatalf("not cached under the given key: %v", err)
	}
	fsys["acme.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(file, "severity: high", "severity: low", 1))}
	if got := severity("build-1"); got != "high" {
		t.Fatalf("same key: severity %q, want the cached high", got)
	}
	if got := severity("build-2"); got != "low" {
		t.Fatalf("new key: severity %q, want the files' low", got)
	}
	if got := severity(""); got != "low" {
		t.Fatalf("no key (hashed): severity %q", got)
	}
}

// TestCachedInvestigationsAreLinked: the cache keeps each investigation
// once, with its provider; a full load links every investigated rule to
// it again, as parsing does, and a scan load carries none.
func TestCachedInvestigationsAreLinked(t *testing.T) {
	parsed, err := LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, p := range parsed {
		for _, r := range p.Rules {
			if r.Investigation != nil {
				want[r.ID] = r.Investigation.Rule
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no investigated rule in the catalogue")
	}
	dir := t.TempDir()
	for _, load := range []string{"cold", "cached"} {
		full, err := LoadCachedAs(rules.FS, dir, "", true)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, p := range full {
			for j := range p.Rules {
				r := &p.Rules[j]
				if r.Investigation == nil {
					if _, ok := want[r.ID]; ok {
						t.Errorf("%s: %s lost its investigation", load, r.ID)
					}
					continue
				}
				got++
				if r.Investigation.Rule != r.ID || !ownedBy(p, r.Investigation) {
					t.Errorf("%s: %s is linked to an investigation its provider does not hold", load, r.ID)
				}
			}
		}
		if got != len(want) {
			t.Errorf("%s: %d rules investigated, want %d", load, got, len(want))
		}
		scan, err := LoadCachedAs(rules.FS, dir, "", false)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range scan {
			for _, r := range p.Rules {
				if r.Investigation != nil {
					t.Fatalf("%s: the scan form carries %s's investigation", load, r.ID)
				}
			}
		}
	}
}

// ownedBy reports whether inv is one of p's own investigations.
func ownedBy(p *Provider, inv *Investigation) bool {
	for i := range p.Investigate {
		if &p.Investigate[i] == inv {
			return true
		}
	}
	return false
}
