package suppress

import (
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
