package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

func TestTextGroupsBySecretWorstFirstAndColours(t *testing.T) {
	r := &Report{
		Findings: []finding.Finding{
			{RuleID: "generic-password", RuleName: "Password", Severity: "medium", Location: finding.Location{Path: "a.env", Line: 1, Column: 1}, Fingerprint: "f2", Preview: "hunt****"},
			{RuleID: "acme-token", RuleName: "Acme token", Severity: "critical", Location: finding.Location{Path: "b.go", Line: 3, Column: 7}, Fingerprint: "f1", Preview: "acme****"},
			{RuleID: "acme-token", RuleName: "Acme token", Severity: "critical", Location: finding.Location{Path: "c.go", Line: 9, Column: 2}, Fingerprint: "f1", Preview: "acme****"},
		},
		Rules: map[string]*rule.Rule{"acme-token": {ID: "acme-token", RevokeURL: "https://acme.test/keys"}},
	}
	var plain bytes.Buffer
	if err := Write(&plain, "text", r); err != nil {
		t.Fatal(err)
	}
	out := plain.String()
	if strings.Contains(out, "\033[") {
		t.Error("colour codes without Color")
	}
	if strings.Index(out, "CRITICAL") > strings.Index(out, "MEDIUM") {
		t.Error("critical secret not listed first")
	}
	if strings.Count(out, "acme****") != 1 || !strings.Contains(out, "b.go:3:7") || !strings.Contains(out, "c.go:9:2") {
		t.Errorf("one secret in two places not grouped:\n%s", out)
	}
	if !strings.Contains(out, "https://acme.test/keys") || !strings.Contains(out, "appears in 2 places") {
		t.Errorf("next step missing:\n%s", out)
	}
	if !strings.Contains(out, "2 secrets in 3 places (1 critical, 1 medium).") {
		t.Errorf("summary:\n%s", out)
	}
	r.Color = true
	var coloured bytes.Buffer
	Write(&coloured, "text", r)
	if !strings.Contains(coloured.String(), "\033[") {
		t.Error("no colour codes with Color")
	}
	if err := Write(&plain, "yaml", r); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestPlatformsPlaceANameOnLineOne: a token found in a file's name (line
// 0) is written at line 1 for SARIF, GitHub and GitLab, the least they
// take; the text report keeps line 0.
func TestPlatformsPlaceANameOnLineOne(t *testing.T) {
	r := &Report{Findings: []finding.Finding{{RuleID: "acme-token", RuleName: "Acme token", Severity: "high",
		Location: finding.Location{Path: "keys/acme_0123456789.json", Line: 0, Column: 6}, Fingerprint: "f1", Preview: "acme****"}}}
	for format, want := range map[string]string{"sarif": `"startLine": 1,`, "github": ",line=1,col=6,", "gitlab": `"start_line": 1`, "text": "keys/acme_0123456789.json:0:6"} {
		var out bytes.Buffer
		if err := Write(&out, format, r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: no %q in\n%s", format, want, out.String())
		}
	}
}
