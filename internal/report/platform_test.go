package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

func sampleReport() *Report {
	return &Report{Version: "test", Findings: []finding.Finding{
		{RuleID: "acme-token", RuleName: "Acme token", Severity: "critical",
			Location:    finding.Location{Path: "dir,with:odd/a.go", Line: 3, Column: 7, Commit: "c0ffee", Author: "Ann", Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
			Fingerprint: "0123456789abcdef0123456789abcdef", Preview: "acme****"},
		{RuleID: "generic-password", RuleName: "Password", Severity: "medium", Location: finding.Location{Path: "b.env", Line: 1, Column: 1},
			Fingerprint: "fedcba9876543210fedcba9876543210", Preview: "hunt****"},
	}}
}

func TestGitHubAnnotations(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "github", sampleReport()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	if !strings.HasPrefix(lines[0], "::error file=dir%2Cwith%3Aodd/a.go,line=3,col=7,title=Leaked secret%3A Acme token::") {
		t.Errorf("first annotation: %s", lines[0])
	}
	if !strings.HasPrefix(lines[1], "::warning file=b.env,line=1,") {
		t.Errorf("medium finding should be a warning: %s", lines[1])
	}
}

func TestGitLabReport(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "gitlab", sampleReport()); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Version         string `json:"version"`
		Vulnerabilities []struct {
			ID       string `json:"id"`
			Category string `json:"category"`
			Severity string `json:"severity"`
			Location struct {
				File      string `json:"file"`
				StartLine int    `json:"start_line"`
				Commit    struct {
					SHA string `json:"sha"`
				} `json:"commit"`
			} `json:"location"`
			Identifiers []struct{ Value string } `json:"identifiers"`
		} `json:"vulnerabilities"`
		Scan struct {
			Type   string `json:"type"`
			Status string `json:"status"`
		} `json:"scan"`
	}
	if err := json.Unmarshal(b.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	v := r.Vulnerabilities
	if r.Version == "" || len(v) != 2 || r.Scan.Type != "secret_detection" || r.Scan.Status != "success" {
		t.Fatalf("report: %s", b.String())
	}
	if v[0].Category != "secret_detection" || v[0].Severity != "Critical" || v[0].Location.StartLine != 3 || v[0].Location.Commit.SHA != "c0ffee" || v[0].Identifiers[0].Value != "acme-token" {
		t.Errorf("first vulnerability: %+v", v[0])
	}
	if v[1].Location.Commit.SHA == "" || v[0].ID == v[1].ID {
		t.Errorf("ids or commit: %+v", v)
	}

	// An incomplete scan is a failed one, with what it missed.
	partial := sampleReport()
	partial.Incomplete, partial.NotScanned = true, []Gap{{Path: "dump.tar.xz", Reason: "compressed in a format leakhound does not open"}}
	b.Reset()
	if err := Write(&b, "gitlab", partial); err != nil {
		t.Fatal(err)
	}
	var p struct {
		Scan struct {
			Status   string `json:"status"`
			Messages []struct{ Level, Value string }
		} `json:"scan"`
	}
	if err := json.Unmarshal(b.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Scan.Status != "failure" || len(p.Scan.Messages) != 1 || p.Scan.Messages[0].Level != "warning" || !strings.Contains(p.Scan.Messages[0].Value, "dump.tar.xz") {
		t.Errorf("incomplete scan: %s", b.String())
	}
}

func TestJUnitReport(t *testing.T) {
	for _, tc := range []struct {
		r        *Report
		tests    int
		failures int
	}{{sampleReport(), 2, 2}, {&Report{}, 1, 0}} {
		var b bytes.Buffer
		if err := Write(&b, "junit", tc.r); err != nil {
			t.Fatal(err)
		}
		var s junitSuites
		if err := xml.Unmarshal(b.Bytes(), &s); err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if s.Suites[0].Tests != tc.tests || s.Suites[0].Failures != tc.failures || len(s.Suites[0].Cases) != tc.tests {
			t.Errorf("suite: %+v", s.Suites[0])
		}
	}
}

func TestSARIFURIsAreEscaped(t *testing.T) {
	r := &Report{Findings: []finding.Finding{
		{RuleID: "x-y", Severity: "high", Location: finding.Location{Path: "dir/a b.env", Line: 1}, Fingerprint: "0123456789abcdef0123456789abcdef"},
		{RuleID: "x-y", Severity: "high", Location: finding.Location{Path: "bundle.zip!inner/c.txt", Line: 2}, Fingerprint: "0123456789abcdef0123456789abcdef"},
	}}
	var b bytes.Buffer
	if err := Write(&b, "sarif", r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"uri": "dir/a%20b.env"`) || !strings.Contains(b.String(), `"uri": "bundle.zip!inner/c.txt"`) {
		t.Errorf("uris:\n%s", b.String())
	}
}

// TestEveryFormatCarriesEveryPlace: one secret found at three places (two
// paths of a history, one of them base64) is one finding with its places
// in JSON, one group in text, and a row, result, annotation or test case
// per place in the formats that have one per place.
func TestEveryFormatCarriesEveryPlace(t *testing.T) {
	day := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	places := []finding.Location{
		{Path: "a.env", Line: 1, Column: 5, Commit: "c1c1c1c1c1c1c1", Author: "Ann", Date: day},
		{Path: "copy/a.env", Line: 1, Column: 5, Commit: "c2c2c2c2c2c2c2", Author: "Bob", Date: day.AddDate(0, 0, 1)},
		{Path: "k8s.yaml", Line: 4, Column: 9, Commit: "c3c3c3c3c3c3c3", Author: "Cy", Date: day.AddDate(0, 0, 2), Encoding: "base64"},
	}
	r := &Report{Version: "test", Findings: []finding.Finding{{RuleID: "acme-token", RuleName: "Acme token", Severity: "high",
		Location: places[0], Places: places, Fingerprint: "0123456789abcdef0123456789abcdef", Preview: "acme****"}}}
	write := func(format string) string {
		var b bytes.Buffer
		if err := Write(&b, format, r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	var js struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(write("json")), &js); err != nil || len(js.Findings) != 1 || len(js.Findings[0].Places) != 3 ||
		js.Findings[0].Places[1] != places[1] || js.Findings[0].Places[2].Encoding != "base64" || js.Findings[0].Path != "a.env" {
		t.Errorf("json: %+v (%v)", js.Findings, err)
	}
	var line finding.Finding
	if err := json.Unmarshal([]byte(write("jsonl")), &line); err != nil || len(line.Places) != 3 {
		t.Errorf("jsonl: %+v (%v)", line, err)
	}

	text := write("text")
	for _, want := range []string{"a.env:1:5  (commit c1c1c1c1c1c1 by Ann", "copy/a.env:1:5  (commit c2c2c2c2c2c2 by Bob", "k8s.yaml:4:9  (base64-encoded, commit c3c3c3c3c3c3", "1 secret in 3 places"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "acme****") != 1 {
		t.Errorf("text shows the secret more than once:\n%s", text)
	}

	if rows := strings.Split(strings.TrimSpace(write("csv")), "\n"); len(rows) != 4 || !strings.Contains(rows[2], "copy/a.env") || !strings.Contains(rows[2], "c2c2c2c2c2c2c2") {
		t.Errorf("csv: want a header and a row per place:\n%s", strings.Join(rows, "\n"))
	}
	if n := strings.Count(write("github"), "::error file="); n != 3 {
		t.Errorf("github: %d annotations, want 3", n)
	}
	var suites junitSuites
	if err := xml.Unmarshal([]byte(write("junit")), &suites); err != nil || len(suites.Suites[0].Cases) != 3 {
		t.Errorf("junit: %+v (%v)", suites, err)
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				Locations        []sarifLocation   `json:"locations"`
				RelatedLocations []sarifLocation   `json:"relatedLocations"`
				Fingerprints     map[string]string `json:"partialFingerprints"`
				Properties       map[string]any    `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(write("sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	results := sarif.Runs[0].Results
	if len(results) != 3 {
		t.Fatalf("sarif: %d results, want one per place", len(results))
	}
	for i, res := range results {
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != places[i].Path ||
			res.Properties["commit"] != places[i].Commit || res.Properties["places"] != float64(3) ||
			res.Fingerprints["leakhound/v1"] != "0123456789abcdef0123456789abcdef" {
			t.Errorf("sarif result %d: %+v", i, res)
		}
		if len(res.RelatedLocations) != 2 {
			t.Errorf("sarif result %d: related %+v, want the 2 other places", i, res.RelatedLocations)
		}
		for _, rl := range res.RelatedLocations {
			if rl.PhysicalLocation.ArtifactLocation.URI == places[i].Path || rl.ID == 0 {
				t.Errorf("sarif result %d: related location %+v", i, rl)
			}
		}
	}

	// A secret in many places: a result each, related locations bounded.
	r.Findings[0].Places = nil
	for i := range maxRelated + 5 {
		r.Findings[0].Places = append(r.Findings[0].Places, finding.Location{Path: fmt.Sprintf("f%d.env", i), Line: 1})
	}
	if err := json.Unmarshal([]byte(write("sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	if results := sarif.Runs[0].Results; len(results) != maxRelated+5 || len(results[0].RelatedLocations) != maxRelated {
		t.Errorf("sarif: %d results, %d related locations in the first", len(results), len(results[0].RelatedLocations))
	}
}
