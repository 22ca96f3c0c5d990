package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

// The GitLab secret detection report (gl-secret-detection-report.json),
// schema version 15 (gitlab.com/gitlab-org/security-products/security-report-schemas).

type glReport struct {
	Version         string   `json:"version"`
	Vulnerabilities []glVuln `json:"vulnerabilities"`
	Scan            glScan   `json:"scan"`
}

type glVuln struct {
	ID          string         `json:"id"`
	Category    string         `json:"category"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Severity    string         `json:"severity"`
	Confidence  string         `json:"confidence"`
	Solution    string         `json:"solution"`
	Scanner     glRef          `json:"scanner"`
	Location    glLocation     `json:"location"`
	Identifiers []glIdentifier `json:"identifiers"`
}

type glRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type glLocation struct {
	File      string   `json:"file"`
	StartLine int      `json:"start_line"`
	Commit    glCommit `json:"commit"`
}

type glCommit struct {
	SHA    string `json:"sha"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
}

type glIdentifier struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

type glScan struct {
	Analyzer  glTool `json:"analyzer"`
	Scanner   glTool `json:"scanner"`
	Type      string `json:"type"`
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
	Status    string `json:"status"`
	// Messages name what was not scanned (schema 15.0: level info,
	// warning or fatal, and a value).
	Messages []glMessage `json:"messages,omitempty"`
}

type glMessage struct {
	Level string `json:"level"`
	Value string `json:"value"`
}

type glTool struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Version string            `json:"version"`
	Vendor  map[string]string `json:"vendor"`
}

const glTimeFormat = "2006-01-02T15:04:05"

func writeGitLab(w io.Writer, r *Report) error {
	now := time.Now().UTC().Format(glTimeFormat)
	tool := glTool{ID: "leakhound", Name: "leakhound", Version: r.Version, Vendor: map[string]string{"name": "leakhound"}}
	out := glReport{
		Version:         "15.0.7",
		Vulnerabilities: []glVuln{},
		Scan:            glScan{Analyzer: tool, Scanner: tool, Type: "secret_detection", StartTime: now, EndTime: now, Status: "success"},
	}
	// An incomplete scan is not a success: "no vulnerabilities" would be
	// read as clean. GitLab shows the scan as failed, with what was missed.
	if r.Incomplete {
		out.Scan.Status = "failure"
		for _, g := range r.NotScanned {
			out.Scan.Messages = append(out.Scan.Messages, glMessage{Level: "warning", Value: "not scanned: " + g.Path + ": " + g.Reason})
		}
		if len(out.Scan.Messages) == 0 {
			out.Scan.Messages = []glMessage{{Level: "warning", Value: "the scan is incomplete"}}
		}
	}
	for _, f := range finding.Flatten(r.Findings) { // a vulnerability per place
		sha := f.Commit
		if sha == "" {
			sha = "0000000000000000000000000000000000000000"
		}
		c := glCommit{SHA: sha, Author: f.Author}
		if !f.Date.IsZero() {
			c.Date = f.Date.UTC().Format(glTimeFormat)
		}
		// One id per secret and place, stable across runs, so GitLab tracks
		// the same vulnerability instead of opening a new one each time.
		id := f.Fingerprint + "-" + shortHash(f.Path)
		desc := f.RuleName + " (" + f.Preview + ") was committed to the repository."
		if f.Validity != "" {
			desc += " Validity: " + f.Validity + " (" + f.ValidityReason + ", checked " + f.ValidatedAt.UTC().Format(time.RFC3339) + ")."
		}
		out.Vulnerabilities = append(out.Vulnerabilities, glVuln{
			ID: id, Category: "secret_detection", Name: f.RuleName,
			Description: desc,
			Severity:    strings.ToUpper(f.Severity[:1]) + f.Severity[1:], Confidence: gitlabConfidence(f.Confidence),
			Solution:    "Revoke and rotate the credential, then remove it from the code: leakhound explain " + f.RuleID,
			Scanner:     glRef{ID: "leakhound", Name: "leakhound"},
			Location:    glLocation{File: f.Path, StartLine: platformLine(f.Line), Commit: c},
			Identifiers: []glIdentifier{{Type: "leakhound_rule_id", Name: "leakhound rule " + f.RuleID, Value: f.RuleID}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// shortHash is a short stable id for a path.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// gitlabConfidence maps a finding's confidence onto the schema's values.
func gitlabConfidence(c string) string {
	switch c {
	case "medium":
		return "Medium"
	case "low":
		return "Low"
	}
	return "High"
}
