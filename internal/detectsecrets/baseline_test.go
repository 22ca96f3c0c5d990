package detectsecrets

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A baseline as detect-secrets 1.x writes it, with audited and unaudited
// results, and the filters that carry settings.
const sample = `{
  "version": "1.5.0",
  "plugins_used": [
    {"name": "AWSKeyDetector"},
    {"name": "Base64HighEntropyString", "limit": 4.5},
    {"name": "KeywordDetector", "keyword_exclude": ""}
  ],
  "filters_used": [
    {"path": "detect_secrets.filters.allowlist.is_line_allowlisted"},
    {"path": "detect_secrets.filters.regex.should_exclude_file", "pattern": ["^tests/", "\\.lock$"]},
    {"path": "detect_secrets.filters.regex.should_exclude_line", "pattern": "EXAMPLE"},
    {"path": "detect_secrets.filters.wordlist.should_exclude_secret", "min_length": 3, "file_name": "words.txt", "file_hash": "x"}
  ],
  "results": {
    "config/settings.py": [
      {"type": "Secret Keyword", "filename": "config/settings.py", "hashed_secret": "AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D", "is_verified": false, "line_number": 12, "is_secret": false},
      {"type": "AWS Access Key", "filename": "config/settings.py", "hashed_secret": "25d55ad283aa400af464c76d713c07ad7c7b2f2b", "is_verified": false, "line_number": 3}
    ],
    "deploy\\keys.pem": [
      {"type": "Private Key", "filename": "deploy\\keys.pem", "hashed_secret": "1348b145fa1a555461c1b790a2f66614781091e9", "is_verified": false, "line_number": 1, "is_secret": true}
    ]
  },
  "generated_at": "2024-03-16T19:18:06Z"
}`

func TestParseBaseline(t *testing.T) {
	if !Looks([]byte(sample)) {
		t.Fatal("the sample baseline is not recognised")
	}
	for _, other := range []string{`{"tool":"leakhound","findings":[]}`, `[{"RuleID":"x"}]`, `{"results": {}}`, `not json`} {
		if Looks([]byte(other)) {
			t.Errorf("%s taken for a detect-secrets baseline", other)
		}
	}
	b, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	got := b.Secrets()
	want := []Secret{
		{Path: "config/settings.py", SHA1: "25d55ad283aa400af464c76d713c07ad7c7b2f2b", Line: 3},
		{Path: "config/settings.py", SHA1: "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", Line: 12},
		{Path: "deploy/keys.pem", SHA1: "1348b145fa1a555461c1b790a2f66614781091e9", Line: 1, Real: true},
	}
	if len(got) != len(want) {
		t.Fatalf("secrets %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("secret %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if f := b.Filters[1]; f.Path != FilterExcludeFiles || strings.Join(f.Pattern, " ") != `^tests/ \.lock$` {
		t.Errorf("file filter %+v", f)
	}
	if f := b.Filters[2]; strings.Join(f.Pattern, " ") != "EXAMPLE" {
		t.Errorf("a single pattern is not read as a list: %+v", f)
	}
}

func TestParseBaselineRejectsWhatCouldNeverMatch(t *testing.T) {
	bad := strings.Replace(sample, "25d55ad283aa400af464c76d713c07ad7c7b2f2b", "not-a-hash", 1)
	if _, err := Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), `"not-a-hash" is not a SHA-1`) {
		t.Errorf("err = %v", err)
	}
	if _, err := Parse([]byte(`{"version": "1.0"}`)); err == nil {
		t.Error("a baseline without results was accepted")
	}
}

func TestTranslate(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte("AKIATEST\nab\nFixture\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withMore := strings.Replace(sample, `{"path": "detect_secrets.filters.regex.should_exclude_line", "pattern": "EXAMPLE"},`,
		`{"path": "detect_secrets.filters.regex.should_exclude_line", "pattern": "EXAMPLE"},
    {"path": "detect_secrets.filters.regex.should_exclude_secret", "pattern": ["^fake_\\w+\\Z", "(?<=x)y"]},
    {"path": "file://filters/mine.py::is_ours"},`, 1)
	b, err := Parse([]byte(withMore))
	if err != nil {
		t.Fatal(err)
	}
	cfg, notes := Translate(b, dir)
	got := map[string]string{}
	for _, a := range cfg.Allowlists {
		got[a.Description] = fmt.Sprintf("paths=%v target=%q regexes=%v stopwords=%v", a.Paths, a.RegexTarget, a.Regexes, a.Stopwords)
	}
	want := map[string]string{
		"detect-secrets --exclude-files":       `paths=[^tests/ \.lock$] target="" regexes=[] stopwords=[]`,
		"detect-secrets --exclude-lines":       `paths=[] target="line" regexes=[EXAMPLE] stopwords=[]`,
		"detect-secrets --exclude-secrets":     `paths=[] target="" regexes=[^fake_\w+\z] stopwords=[]`,
		"detect-secrets --word-list words.txt": `paths=[] target="" regexes=[] stopwords=[akiatest fixture]`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("allowlists\n got %v\nwant %v", got, want)
	}
	var inexact []string
	for _, n := range notes {
		if n.Inexact {
			inexact = append(inexact, n.Subject)
		}
	}
	if fmt.Sprint(inexact) != "[filter file://filters/mine.py::is_ours --exclude-secrets (?<=x)y]" {
		t.Errorf("inexact parts %v\nall notes %v", inexact, notes)
	}
}
