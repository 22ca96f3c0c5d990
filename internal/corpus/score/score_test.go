package score

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/corpus"
	"github.com/leakhound/leakhound/internal/testutil"
)

var pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBEbjfZQR6e+PhLBY3MQEg6e\n-----END PRIVATE KEY-----"

func sampleTruth() []corpus.Truth {
	return []corpus.Truth{
		{Path: "a/.env", Line: 3, Secret: "8b79affd-1c2d-4e5f-a6b7-c8d9e0f1a2b3", Expect: "postmark", Class: corpus.ClassUnprefixed, Shape: corpus.ShapeNameAbove, Key: "mail.api_token"},
		{Path: "a/.env", Line: 10, Secret: "0a88d5e1f2a3b4c5d6e7f8091a2b3c4d", Expect: "pepipost", Class: corpus.ClassDecoy, Shape: corpus.DecoyNearProvider, Decoy: true},
		{Path: "b/key.json", Line: 5, Secret: pem, Alt: []string{strings.ReplaceAll(pem, "\n", `\n`)}, Expect: corpus.FamilyPrivateKey, Class: corpus.ClassGeneric, Shape: "key-pkcs8-ed25519"},
		{Path: "c/config.yml", Line: 2, EndLine: 4, Secret: pem, Expect: corpus.FamilyPrivateKey, Class: corpus.ClassGeneric, Shape: "key-pkcs8-ed25519"},
		{Path: "tests/fixtures/x.yaml", Line: 1, Secret: "test-password", Expect: corpus.FamilyPassword, Class: corpus.ClassFixture, Shape: "obvious-fake"},
		{Path: "d/missed.py", Line: 7, Secret: "hunter2-Blue-77", Expect: corpus.FamilyPassword, Class: corpus.ClassGeneric, Shape: "op-equals", Variant: "op-equals-variant"},
	}
}

func TestScoreMatchesPlantedSecretsAndCountsDecoyHits(t *testing.T) {
	truth := sampleTruth()
	findings := []Finding{
		// The postmark token, one line off and reported with its key.
		{RuleID: "postmark-server-token", Provider: "postmark", Path: "a/.env", Line: 4, Secret: truth[0].Secret, Key: "MAIL.API-TOKEN"},
		// The same token again, under a generic rule: a second true finding.
		{RuleID: "generic-api-key", Provider: "generic", Path: "a/.env", Line: 3, Secret: "token=" + truth[0].Secret},
		// The decoy: a false positive of its kind.
		{RuleID: "pepipost-api-key", Provider: "pepipost", Path: "a/.env", Line: 10, Secret: truth[1].Secret},
		// A JSON-escaped key, and a YAML block key reported without indentation.
		{RuleID: "private-key-pkcs8", Provider: "private-key", Path: "b/key.json", Line: 5, Secret: strings.ReplaceAll(pem, "\n", `\n`)},
		{RuleID: "private-key-pkcs8", Provider: "private-key", Path: "c/config.yml", Line: 2, Secret: strings.ReplaceAll(pem, "\n", "\n  ")},
		// The fake in a test file: scored apart.
		{RuleID: "generic-password", Provider: "generic", Path: "tests/fixtures/x.yaml", Line: 1, Secret: "test-password"},
		// The planted token reported three lines away: not a match.
		{RuleID: "generic-api-key", Provider: "generic", Path: "a/.env", Line: 7, Secret: truth[0].Secret},
		// Half of the password, its key name, and something where nothing was planted.
		{RuleID: "generic-password", Provider: "generic", Path: "d/missed.py", Line: 7, Secret: "hunter2"},
		{RuleID: "generic-api-key", Provider: "generic", Path: "d/missed.py", Line: 7, Secret: "DB_PASSWORD"},
		{RuleID: "generic-api-key", Provider: "generic", Path: "e/other.go", Line: 1, Secret: "abcdefabcdefabcdefabcdef"},
	}
	r := Score(truth, findings)
	wantKinds := []string{"", "", corpus.DecoyNearProvider, "", "", FPFixture, FPMisplaced, FPPartial, FPWrongValue, FPUnplanned}
	for i, want := range wantKinds {
		if r.Kind[i] != want {
			t.Errorf("finding %d (%s:%d): kind %q, want %q", i, findings[i].Path, findings[i].Line, r.Kind[i], want)
		}
	}
	if r.Hits[0] != 2 || r.Hits[1] != 1 || r.Hits[4] != 1 || r.Hits[5] != 0 {
		t.Errorf("hits %v", r.Hits)
	}
	if !r.Attributed[0] || !r.KeyRight[0] {
		t.Errorf("postmark token: attributed %v, key %v; want both", r.Attributed[0], r.KeyRight[0])
	}
	s := Summarize([]*Result{r}, all)
	// Positives: token, two keys, the missed password (the fixture and decoy
	// are not). Findings outside fixture files: 9, of which 4 are true.
	if s.Positives != 4 || s.Found != 3 || s.Findings != 9 || s.True != 4 {
		t.Errorf("summary %+v", s)
	}
	if s.Recall() != 0.75 || s.Precision() != 4.0/9 {
		t.Errorf("recall %.3f precision %.3f", s.Recall(), s.Precision())
	}
}

func TestConfidenceThresholds(t *testing.T) {
	truth := sampleTruth()
	findings := []Finding{
		{Path: "a/.env", Line: 3, Secret: truth[0].Secret, Confidence: "medium"},
		{Path: "b/key.json", Line: 5, Secret: pem, Confidence: "high"},
		{Path: "a/.env", Line: 10, Secret: truth[1].Secret, Confidence: "low"},
	}
	r := Score(truth, findings)
	high := Summarize([]*Result{r}, func(f Finding) bool { return rank(f.Confidence) <= 0 })
	low := Summarize([]*Result{r}, func(f Finding) bool { return rank(f.Confidence) <= 2 })
	if high.Found != 1 || high.Findings != 1 || low.Found != 2 || low.Findings != 3 {
		t.Errorf("high %+v, low %+v", high, low)
	}
	var out bytes.Buffer
	Print(&out, "test", []*Result{r}, Options{Show: 5})
	if !strings.Contains(out.String(), "by minimum confidence") || !strings.Contains(out.String(), ">= medium") {
		t.Errorf("no confidence table:\n%s", out.String())
	}
	// Scored at medium, with every finding beside: the low finding is not
	// counted, the table by confidence still reads it, and a secret found
	// only at low is a miss that says so.
	findings = append(findings, Finding{Path: "d/missed.py", Line: 7, Secret: truth[5].Secret, Confidence: "low"})
	medium := AtLeast(findings, "medium")
	if len(medium) != 2 || medium[0].Confidence != "medium" || medium[1].Confidence != "high" {
		t.Fatalf("AtLeast medium: %+v", medium)
	}
	out.Reset()
	Print(&out, "test", []*Result{Score(truth, medium)}, Options{Show: 5, Every: []*Result{Score(truth, findings)}})
	for _, want := range []string{">= low     0.750", "d/missed.py:7  generic/op-equals  generic-password  [op-equals-variant]  (found low)", "misses: 2, 1 of them found below"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
	out.Reset()
	Print(&out, "test", []*Result{Score(truth, []Finding{{Path: "a/.env", Line: 3, Secret: truth[0].Secret}})}, Options{Show: 5})
	if strings.Contains(out.String(), "by minimum confidence") {
		t.Error("a confidence table printed for a report without confidence")
	}
	if !strings.Contains(out.String(), "d/missed.py:7") {
		t.Errorf("the missed password is not listed:\n%s", out.String())
	}
}

func TestReadReport(t *testing.T) {
	fs, err := ReadReport(strings.NewReader(`{"tool":"leakhound","findings":[{"rule_id":"r","path":"p","line":2,"secret":"s","confidence":"high","key":"a.b"}]}`))
	if err != nil || len(fs) != 1 || fs[0].Confidence != "high" || fs[0].Key != "a.b" || fs[0].Line != 2 {
		t.Fatalf("%+v %v", fs, err)
	}
	if _, err := ReadReport(strings.NewReader(`{"findings":[{"rule_id":"r","path":"p","line":2,"preview":"s***"}]}`)); err == nil || !strings.Contains(err.Error(), "--show-secrets") {
		t.Fatalf("a report without secrets: %v", err)
	}
	if _, err := ReadReport(strings.NewReader(`not json`)); err == nil {
		t.Fatal("garbage read as a report")
	}
	// A finding with its places is a finding per place.
	fs, err = ReadReport(strings.NewReader(`{"findings":[{"rule_id":"r","path":"a","line":1,"secret":"s","confidence":"high",` +
		`"places":[{"path":"a","line":1,"confidence":"high","commit":"c1"},{"path":"b/a","line":3,"confidence":"low","key":"k","commit":"c2"}]}]}`))
	if err != nil || len(fs) != 2 || fs[1].Path != "b/a" || fs[1].Line != 3 || fs[1].Confidence != "low" || fs[1].Key != "k" || fs[1].Commit != "c2" || fs[1].Secret != "s" {
		t.Fatalf("places: %+v %v", fs, err)
	}
}

func TestKeyMatches(t *testing.T) {
	for _, c := range []struct {
		found, want string
		ok          bool
	}{
		{"postmark.api_token", "postmark.api_token", true},
		{"spec.postmark.apiToken", "postmark.api-token", true},
		{"api_token", "postmark.api_token", true},
		{"pepipost.api_token", "postmark.api_token", false},
		{"", "a", false},
	} {
		if got := keyMatches(c.found, c.want); got != c.ok {
			t.Errorf("keyMatches(%q, %q) = %v", c.found, c.want, got)
		}
	}
}

// The real binary on a small corpus: its JSON report reads, and the
// tokens every leakhound finds (GitHub's, with their checksum) score as
// found under their own provider.
func TestRealScanScores(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	bin := testutil.Binary(t)
	c, err := corpus.Generate(corpus.Options{Seed: 21, Scale: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := c.WriteDir(filepath.Join(dir, "tree")); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.json")
	if out, err := exec.Command(bin, "scan", "dir", filepath.Join(dir, "tree"), "--format", "json", "--show-secrets", "--exit-zero", "-o", report).CombinedOutput(); err != nil {
		t.Fatalf("scan: %v\n%s", err, out)
	}
	f, err := os.Open(report)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	findings, err := ReadReport(f)
	if err != nil {
		t.Fatal(err)
	}
	r := Score(c.Truth, findings)
	github := 0
	for i, tr := range c.Truth {
		if tr.Expect != "github" || tr.Class != corpus.ClassPrefixed {
			continue
		}
		github++
		if r.Hits[i] == 0 || !r.Attributed[i] {
			t.Errorf("GitHub token at %s:%d not scored as found by the github rule", tr.Path, tr.Line)
		}
	}
	if github == 0 {
		t.Fatal("no GitHub token in the corpus")
	}
	var out bytes.Buffer
	Print(&out, "scan dir", []*Result{r}, Options{Show: 3})
	if !strings.Contains(out.String(), "recall by context shape") {
		t.Errorf("report:\n%s", out.String())
	}
}
