package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// SARIF 2.1.0 (docs.oasis-open.org/sarif/sarif/v2.1.0), the subset code
// scanning platforms read: one run, the rules that fired, one result per
// finding with a relative artifact URI and a start line.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// Properties is the run's property bag (SARIF 2.1.0 §3.8): whether a
	// history scan was cut short by a shallow clone.
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	ShortDescription sarifText      `json:"shortDescription"`
	Properties       map[string]any `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func writeSARIF(w io.Writer, r *Report) error {
	ruleIDs := map[string]bool{}
	results := make([]sarifResult, 0, len(r.Findings))
	for _, f := range r.Findings {
		ruleIDs[f.RuleID] = true
		props := map[string]any{"fingerprint": f.Fingerprint, "severity": f.Severity, "provider": f.Provider}
		if f.Commit != "" {
			props["commit"] = f.Commit
			props["author"] = f.Author
			props["date"] = f.Date.Format(time.RFC3339)
		}
		if f.Image != "" {
			props["image"] = f.Image
			if f.Layer > 0 {
				props["layer"] = f.Layer
				props["layer_digest"] = f.LayerDigest
			}
			if f.CreatedBy != "" {
				props["created_by"] = f.CreatedBy
			}
			props["deleted"] = f.Deleted
		}
		if f.Encoding != "" {
			props["encoding"] = f.Encoding
		}
		if f.Confidence != "" {
			props["confidence"] = f.Confidence
		}
		if f.Key != "" {
			props["key"] = f.Key
		}
		if f.Note != "" {
			props["note"] = f.Note
		}
		if f.Secret != "" {
			props["secret"] = f.Secret
		}
		if f.Validity != "" {
			props["validity"] = f.Validity
			props["validity_reason"] = f.ValidityReason
		}
		results = append(results, sarifResult{
			RuleID:  f.RuleID,
			Level:   sarifLevel(f.Severity),
			Message: sarifText{Text: fmt.Sprintf("%s found (%s). Rotate it and remove it from the code.", f.RuleName, f.Preview)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: artifactURI(f.Path)},
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{"leakhound/v1": f.Fingerprint},
			Properties:          props,
		})
	}
	var rules []sarifRule
	for id := range ruleIDs {
		sr := sarifRule{ID: id, Name: id, ShortDescription: sarifText{Text: id}, Properties: map[string]any{}}
		if rl := r.Rules[id]; rl != nil {
			sr.Name = rl.Name
			sr.ShortDescription.Text = rl.Name
			sr.Properties["severity"] = rl.Severity
			sr.Properties["provider"] = rl.Provider
			sr.Properties["tags"] = []string{"security", "secret", rl.Category}
		}
		rules = append(rules, sr)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	if rules == nil {
		rules = []sarifRule{}
	}
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: r.Tool, Version: r.Version, InformationURI: "https://github.com/leakhound/leakhound", Rules: rules}},
		Results: results,
	}
	if len(r.Shallow) > 0 {
		run.Properties = map[string]any{"shallow": true, "shallow_boundary": r.Shallow}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "note"
}

// artifactURI writes a relative path as a URI reference, as SARIF asks:
// spaces and the like escaped, slashes and archive separators (!) kept.
func artifactURI(path string) string {
	const keep = "-._~!$&'()*+,;=:@/" // RFC 3986 pchar and "/", besides letters and digits
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
