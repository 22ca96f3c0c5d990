package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

// SARIF 2.1.0 (docs.oasis-open.org/sarif/sarif/v2.1.0), the subset code
// scanning platforms read: one run, the rules that fired, one result per
// place of a finding with a relative artifact URI and a start line.
//
// A secret found in several places is one result per place, not one
// result with several locations: §3.27.12 allows more than one location
// only when the result can be corrected only by changing every one of
// them, and forbids using them for occurrences corrected independently
// (removing the secret from one file does not need the others), and code
// scanning platforms show only the first location. The other places of
// the same secret are the result's relatedLocations (§3.27.22), at most
// maxRelated of them, with the total in properties.places; every result
// of one secret has the same partialFingerprints.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	// Properties is the run's property bag (SARIF 2.1.0 §3.8): whether a
	// history scan was cut short by a shallow clone.
	Properties map[string]any `json:"properties,omitempty"`
}

// sarifInvocation says whether the scan covered its whole target; what it
// did not scan is listed as notifications.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string              `json:"level"`
	Message   sarifText           `json:"message"`
	Locations []sarifFileLocation `json:"locations"`
}

type sarifFileLocation struct {
	PhysicalLocation struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
	} `json:"physicalLocation"`
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
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"` // related locations count from 1
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	Message          *sarifText     `json:"message,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

// maxRelated bounds the related locations of one result: a secret pasted
// in thousands of files would otherwise make the report grow with the
// square of its places. Every place is a result of its own anyway.
const maxRelated = 20

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
	for _, f := range finding.Group(r.Findings) {
		ruleIDs[f.RuleID] = true
		places := f.AllPlaces()
		msg := fmt.Sprintf("%s found (%s). Rotate it and remove it from the code.", f.RuleName, f.Preview)
		if len(places) > 1 {
			msg += fmt.Sprintf(" The same secret is in %d other %s.", len(places)-1, plural(len(places)-1, "place", "places"))
		}
		for i, p := range places {
			props := placeProperties(p)
			props["fingerprint"], props["severity"], props["provider"] = f.Fingerprint, f.Severity, f.Provider
			if f.Secret != "" {
				props["secret"] = f.Secret
			}
			if f.Validity != "" {
				props["validity"] = f.Validity
				props["validity_reason"] = f.ValidityReason
			}
			var related []sarifLocation
			if len(places) > 1 {
				props["places"] = len(places)
				for j, o := range places {
					if j == i || len(related) == maxRelated {
						continue
					}
					text := "the same secret"
					if o.Commit != "" {
						text += ", introduced in commit " + shortCommit(o.Commit)
					}
					related = append(related, sarifLocation{ID: len(related) + 1, PhysicalLocation: sarifPlace(o),
						Message: &sarifText{Text: text}, Properties: placeProperties(o)})
				}
			}
			results = append(results, sarifResult{
				RuleID:              f.RuleID,
				Level:               sarifLevel(f.Severity),
				Message:             sarifText{Text: msg},
				Locations:           []sarifLocation{{PhysicalLocation: sarifPlace(p)}},
				RelatedLocations:    related,
				PartialFingerprints: map[string]string{"leakhound/v1": f.Fingerprint},
				Properties:          props,
			})
		}
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
	inv := sarifInvocation{ExecutionSuccessful: !r.Incomplete}
	for _, g := range r.NotScanned {
		var loc sarifFileLocation
		loc.PhysicalLocation.ArtifactLocation.URI = artifactURI(g.Path)
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifText{Text: "not scanned: " + g.Reason}, Locations: []sarifFileLocation{loc},
		})
	}
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: r.Tool, Version: r.Version, InformationURI: "https://github.com/leakhound/leakhound", Rules: rules}},
		Invocations: []sarifInvocation{inv},
		Results:     results,
	}
	if len(r.Shallow) > 0 {
		run.Properties = map[string]any{"shallow": true, "shallow_boundary": r.Shallow}
	}
	if r.ConfigSource != nil {
		if run.Properties == nil {
			run.Properties = map[string]any{}
		}
		run.Properties["config_source"] = r.ConfigSource
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

func sarifPlace(p finding.Location) sarifPhysical {
	return sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(p.Path)}, Region: sarifRegion{StartLine: platformLine(p.Line), StartColumn: p.Column}}
}

// platformLine is a place's line as code-hosting platforms take it. Line
// 0 (a token in a file's name) has no form there: SARIF's lines count
// from 1 and code scanning refuses a region without one, GitHub's and
// GitLab's annotations point into the file; the name is placed on the
// file's first line, the column still counting bytes of the path.
func platformLine(line int) int { return max(line, 1) }

// placeProperties are the facts of a place that SARIF has no field for.
func placeProperties(p finding.Location) map[string]any {
	props := map[string]any{}
	if p.Commit != "" {
		props["commit"] = p.Commit
		props["author"] = p.Author
		props["date"] = p.Date.Format(time.RFC3339)
	}
	if p.Image != "" {
		props["image"] = p.Image
		if p.Layer > 0 {
			props["layer"] = p.Layer
			props["layer_digest"] = p.LayerDigest
		}
		if p.CreatedBy != "" {
			props["created_by"] = p.CreatedBy
		}
		props["deleted"] = p.Deleted
	}
	if p.Encoding != "" {
		props["encoding"] = p.Encoding
	}
	if p.Confidence != "" {
		props["confidence"] = p.Confidence
	}
	if p.Key != "" {
		props["key"] = p.Key
	}
	if p.Note != "" {
		props["note"] = p.Note
	}
	return props
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
