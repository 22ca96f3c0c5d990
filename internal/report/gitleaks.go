package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

// gitleaksFinding is one entry of gitleaks' JSON report, the shape of its
// report.Finding (https://github.com/gitleaks/gitleaks, report/finding.go
// and testdata/expected/report/json_simple.json), so dashboards and
// scripts built on gitleaks' report read leakhound's.
type gitleaksFinding struct {
	RuleID      string
	Description string
	StartLine   int
	EndLine     int
	StartColumn int
	EndColumn   int
	Match       string
	Secret      string
	File        string
	SymlinkFile string
	Commit      string
	Entropy     float32
	Author      string
	Email       string
	Date        string
	Message     string
	Tags        []string
	Fingerprint string
}

// gitleaksRedacted is what gitleaks writes for a secret with --redact.
const gitleaksRedacted = "REDACTED"

// writeGitleaks writes one entry per place. The rule id is the rule's
// first alias (the gitleaks id of an imported rule) or leakhound's; the
// fingerprint is gitleaks' (commit:file:rule:line, or file:rule:line
// outside history), so entries can go to a .gitleaksignore as they are.
// leakhound keeps no text around a secret: Match is the secret, redacted
// like Secret, and the columns are the secret's.
func writeGitleaks(w io.Writer, r *Report) error {
	out := []gitleaksFinding{}
	for _, f := range finding.Flatten(r.Findings) {
		g := gitleaksFinding{
			RuleID: f.RuleID, Description: f.RuleName, File: f.Path, Commit: f.Commit,
			Author: f.Author, Email: f.Email, StartLine: f.Line, StartColumn: f.Column, Tags: []string{},
			Secret: gitleaksRedacted,
		}
		if ru := r.Rules[f.RuleID]; ru != nil {
			if len(ru.Aliases) > 0 {
				g.RuleID = ru.Aliases[0]
			}
			if len(ru.Tags) > 0 {
				g.Tags = ru.Tags
			}
		}
		if f.Secret != "" {
			g.Secret = f.Secret
		}
		g.Match = g.Secret
		g.EndLine, g.EndColumn = secretEnd(f.Line, f.Column, f.RawSecret)
		if f.Encoding != "" {
			// Found decoded inside an encoded run, as gitleaks tags it.
			g.Tags = append(append([]string(nil), g.Tags...), "decoded:"+f.Encoding)
			g.EndLine, g.EndColumn = f.Line, f.Column
		}
		g.Entropy = float32(rule.Entropy([]byte(f.RawSecret)))
		if !f.Date.IsZero() {
			g.Date = f.Date.UTC().Format(time.RFC3339)
		}
		g.Fingerprint = fmt.Sprintf("%s:%s:%d", g.File, g.RuleID, g.StartLine)
		if g.Commit != "" {
			g.Fingerprint = g.Commit + ":" + g.Fingerprint
		}
		out = append(out, g)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

// secretEnd is the line and column of a secret's last byte.
func secretEnd(line, column int, secret string) (int, int) {
	if secret == "" {
		return line, column
	}
	n := strings.Count(secret, "\n")
	if n == 0 {
		return line, column + len(secret) - 1
	}
	last := secret[strings.LastIndexByte(secret, '\n')+1:]
	return line + n, max(len(last), 1)
}
