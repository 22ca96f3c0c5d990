package suppress

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
)

func TestIgnoreFileAndBaseline(t *testing.T) {
	dir := t.TempDir()
	fpA := finding.Fingerprint("x-token", "a")
	fpB := finding.Fingerprint("x-token", "b")
	ignore := filepath.Join(dir, IgnoreFileName)
	os.WriteFile(ignore, []byte("# false positives\n"+fpA+" # test fixture\n\n"), 0o600)
	s := New()
	if err := s.LoadIgnoreFile(ignore); err != nil {
		t.Fatal(err)
	}
	baseline := filepath.Join(dir, "b.json")
	os.WriteFile(baseline, []byte(`{"findings":[{"fingerprint":"`+fpB+`","path":"old.txt"}]}`), 0o600)
	if err := s.LoadBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	at := func(paths ...string) []finding.Location {
		var ls []finding.Location
		for _, p := range paths {
			ls = append(ls, finding.Location{Path: p})
		}
		return ls
	}
	in := []finding.Finding{
		{Fingerprint: fpA, Location: at("anywhere.go")[0], Places: at("anywhere.go", "elsewhere.go")},
		// Same secret, new place: reported, at the new place only.
		{Fingerprint: fpB, Location: at("old.txt")[0], Places: at("old.txt", "new.txt")},
	}
	out, dropped := s.Filter(in)
	if dropped != 3 || len(out) != 1 || out[0].Path != "new.txt" || len(out[0].Places) != 1 || out[0].Places[0].Path != "new.txt" {
		t.Errorf("kept %+v, dropped %d", out, dropped)
	}
	// A baseline written with places records every one of them.
	os.WriteFile(baseline, []byte(`{"findings":[{"fingerprint":"`+fpB+`","path":"old.txt","places":[{"path":"old.txt"},{"path":"new.txt"}]}]}`), 0o600)
	s = New()
	if err := s.LoadBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	if out, dropped := s.Filter([]finding.Finding{{Fingerprint: fpB, Location: at("new.txt")[0]}}); len(out) != 0 || dropped != 1 {
		t.Errorf("a place listed in the baseline's places was reported again: %+v", out)
	}
	if err := New().LoadIgnoreFile(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("missing ignore file: %v", err)
	}
	os.WriteFile(ignore, []byte("not-a-fingerprint\n"), 0o600)
	if err := New().LoadIgnoreFile(ignore); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("malformed ignore file: %v", err)
	}
}

func FuzzParseReport(f *testing.F) {
	f.Add([]byte(`{"findings":[{"fingerprint":"0123456789abcdef0123456789abcdef","path":"a"}]}`))
	f.Add([]byte(`[{"fingerprint":"0123456789abcdef0123456789abcdef"}]`))
	f.Add([]byte(`{"findings":null}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ParseReport(data)
		if err != nil {
			return
		}
		for _, x := range fs {
			if !fingerprintPattern.MatchString(x.Fingerprint) {
				t.Fatalf("accepted finding without a valid fingerprint: %+v", x)
			}
		}
	})
}

// A reviewed place covers the findings its rule ranks best there, and the
// same secret anywhere else in that file; not other files, nor findings
// its rule does not accept.
func TestReviewedPlaces(t *testing.T) {
	rank := func(ruleID, provider string) int {
		switch provider {
		case "github":
			return 1
		case "generic":
			return 2
		}
		return 0
	}
	s := New()
	s.AddPlace(Place{Commit: "abc1234", Path: "a.env", Line: 2, Rank: rank, Origin: "ignore:1"})
	s.AddPlace(Place{Path: "b.env", Line: 9, Rank: rank, Origin: "ignore:2"})
	s.AddPlace(Place{Path: "c.env", Line: 1, Rank: rank, Origin: "ignore:3", Secrets: []string{"fp-known"}})
	loc := func(path string, line int, commit string) finding.Location {
		return finding.Location{Path: path, Line: line, Commit: commit}
	}
	in := []finding.Finding{
		// Named by ignore:1, at its commit; its later place in the same
		// file goes with it, the one in another file stays.
		{Fingerprint: "fp-gh", RuleID: "github-pat", Provider: "github", Places: []finding.Location{
			loc("a.env", 2, "abc1234ffff"), loc("a.env", 7, "def0000"), loc("z.env", 2, "abc1234ffff")}},
		// The same line, a generic match: the provider match ranks better.
		{Fingerprint: "fp-generic", RuleID: "generic-password", Provider: "generic", Places: []finding.Location{loc("a.env", 2, "abc1234ffff")}},
		// Another commit than the entry's.
		{Fingerprint: "fp-other", RuleID: "github-pat", Provider: "github", Places: []finding.Location{loc("a.env", 2, "9999999")}},
		// A rule the entry does not accept.
		{Fingerprint: "fp-aws", RuleID: "aws-key", Provider: "aws", Places: []finding.Location{loc("b.env", 9, "")}},
		{Fingerprint: "fp-known", RuleID: "x", Provider: "x", Places: []finding.Location{loc("c.env", 40, "")}},
	}
	for i := range in {
		in[i].Location = in[i].Places[0]
	}
	out, dropped := s.Filter(in)
	got := keptPlaces(out)
	want := "[fp-gh@z.env fp-generic@a.env fp-other@a.env fp-aws@b.env]"
	if fmt.Sprint(got) != want || dropped != 3 {
		t.Errorf("kept %v (dropped %d), want %s (dropped 3)", got, dropped, want)
	}
	if u := s.Unresolved(); fmt.Sprint(u) != "[ignore:2]" {
		t.Errorf("unresolved %v, want [ignore:2]", u)
	}
}

// A recorded hash suppresses its secret in its file at any line, by the
// hash of the whole secret or of a word of it; not in another file.
func TestRecordedHashes(t *testing.T) {
	s := New()
	s.AddSecretHash("a.py", sha1Of("tok_ABCDEFGH12345678"), "baseline (a.py:3)", false)
	s.AddSecretHash("k.pem", strings.ToUpper(sha1Of("BEGIN RSA PRIVATE KEY")), "baseline (k.pem:1)", true)
	s.AddSecretHash("a.py", sha1Of("never-found"), "baseline (a.py:9)", false)
	pemKey := "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----"
	in := []finding.Finding{
		{Fingerprint: "f1", RawSecret: "tok_ABCDEFGH12345678", Places: []finding.Location{{Path: "a.py", Line: 40}, {Path: "b.py", Line: 1}}},
		{Fingerprint: "f2", RawSecret: pemKey, Places: []finding.Location{{Path: "k.pem", Line: 2}}},
		{Fingerprint: "f3", RawSecret: "tok_ZZZZZZZZ12345678", Places: []finding.Location{{Path: "a.py", Line: 3}}},
	}
	for i := range in {
		in[i].Location = in[i].Places[0]
	}
	out, dropped := s.Filter(in)
	got := keptPlaces(out)
	if fmt.Sprint(got) != "[f1@b.py f3@a.py]" || dropped != 2 {
		t.Errorf("kept %v (dropped %d)", got, dropped)
	}
	if s.RealSuppressed() != 1 {
		t.Errorf("RealSuppressed = %d, want 1", s.RealSuppressed())
	}
	if u := s.Unresolved(); fmt.Sprint(u) != "[baseline (a.py:9)]" {
		t.Errorf("unresolved %v", u)
	}
}

// keptPlaces lists fingerprint@path for every place of the findings.
func keptPlaces(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		for _, p := range f.AllPlaces() {
			out = append(out, f.Fingerprint+"@"+p.Path)
		}
	}
	return out
}
