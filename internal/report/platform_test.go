package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

func sampleReport() *Report {
	return &Report{Version: "test", Findings: []finding.Finding{
		{RuleID: "acme-token", RuleName: "Acme token", Severity: "critical", Path: "dir,with:odd/a.go", Line: 3, Column: 7,
			Fingerprint: "0123456789abcdef0123456789abcdef", Preview: "acme****", Commit: "c0ffee", Author: "Ann", Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{RuleID: "generic-password", RuleName: "Password", Severity: "medium", Path: "b.env", Line: 1, Column: 1,
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
		{RuleID: "x-y", Severity: "high", Path: "dir/a b.env", Line: 1, Fingerprint: "0123456789abcdef0123456789abcdef"},
		{RuleID: "x-y", Severity: "high", Path: "bundle.zip!inner/c.txt", Line: 2, Fingerprint: "0123456789abcdef0123456789abcdef"},
	}}
	var b bytes.Buffer
	if err := Write(&b, "sarif", r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"uri": "dir/a%20b.env"`) || !strings.Contains(b.String(), `"uri": "bundle.zip!inner/c.txt"`) {
		t.Errorf("uris:\n%s", b.String())
	}
}
