// Package report writes findings in each output format. A format knows
// nothing about where bytes came from beyond the location of a finding.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

// Report is everything a format may show.
type Report struct {
	Tool     string
	Version  string
	Findings []finding.Finding
	// Rules describes every rule that has a finding, by id.
	Rules map[string]*rule.Rule
	// Color enables ANSI colours in the text format.
	Color bool
}

// Formats lists the supported output formats.
var Formats = []string{"text", "json", "jsonl", "sarif", "csv", "github", "gitlab", "junit"}

// Write renders r in the named format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return writeText(w, r)
	case "json":
		return writeJSON(w, r)
	case "jsonl":
		return writeJSONL(w, r)
	case "sarif":
		return writeSARIF(w, r)
	case "csv":
		return writeCSV(w, r)
	case "github":
		return writeGitHub(w, r)
	case "gitlab":
		return writeGitLab(w, r)
	case "junit":
		return writeJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// ValidFormat reports whether format is supported.
func ValidFormat(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

// group is one secret and every place it was found.
type group struct {
	first  finding.Finding
	places []finding.Finding
}

// groupBySecret keeps the order of first appearance.
func groupBySecret(fs []finding.Finding) []*group {
	byKey := map[string]*group{}
	var out []*group
	for _, f := range fs {
		g := byKey[f.Fingerprint]
		if g == nil {
			g = &group{first: f}
			byKey[f.Fingerprint] = g
			out = append(out, g)
		}
		g.places = append(g.places, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return severityRank(out[i].first.Severity) < severityRank(out[j].first.Severity)
	})
	return out
}

func severityRank(s string) int {
	switch s {
	case rule.SeverityCritical:
		return 0
	case rule.SeverityHigh:
		return 1
	case rule.SeverityMedium:
		return 2
	}
	return 3
}
