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
	// Incomplete says part of the target was not scanned, so "nothing
	// found" must not read as "clean".
	Incomplete bool
	// BelowConfidence counts places left out for being less sure than
	// MinConfidence.
	BelowConfidence int
	MinConfidence   string
	// NotScanned names what was not scanned and why.
	NotScanned []Gap
	// Shallow lists the boundary commits of a shallow clone the history
	// scan reached: older history was not there to scan.
	Shallow []string
	// ConfigSource, for a scan of a change (a range), says where its
	// configuration and reviews were read; nil for other scans.
	ConfigSource *ConfigSource
}

// ConfigSource says where a range scan read its configuration and reviews
// (.leakhound.toml, .gitleaks.toml, ignore files, .secrets.baseline).
type ConfigSource struct {
	// Base is the commit they were read at, the one the change starts
	// from; "" when the change has none, so none of them applied.
	Base string `json:"base"`
	// Changed names those the change itself modifies.
	Changed []string `json:"changed_in_range,omitempty"`
	// ChangesApplied is true when the change's own versions were used
	// (--trust-config-changes) rather than the base's.
	ChangesApplied bool `json:"changes_applied"`
}

// Gap is a part of the target that was not scanned: it could not be read,
// or it was skipped (over a size limit, a damaged archive...).
type Gap struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// ShallowNote says, in one sentence, what a shallow clone left out.
func ShallowNote(boundary []string) string {
	if len(boundary) == 0 {
		return ""
	}
	at := "commit " + shortCommit(boundary[0])
	if n := len(boundary) - 1; n > 0 {
		at += fmt.Sprintf(" (and %d more)", n)
	}
	return fmt.Sprintf("Shallow clone: the history stops at %s, whose parents are not in the repository, so older history was not scanned and every file present there is attributed to it; `git fetch --unshallow` fetches the rest.", at)
}

func shortCommit(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// Formats lists the supported output formats, in the order help shows them.
var Formats = []string{"text", "json", "jsonl", "sarif", "csv", "github", "gitlab", "junit", "gitleaks"}

type writer func(io.Writer, *Report) error

func writerFor(format string) writer {
	switch format {
	case "text":
		return writeText
	case "json":
		return writeJSON
	case "jsonl":
		return writeJSONL
	case "sarif":
		return writeSARIF
	case "csv":
		return writeCSV
	case "github":
		return writeGitHub
	case "gitlab":
		return writeGitLab
	case "junit":
		return writeJUnit
	case "gitleaks":
		return writeGitleaks
	}
	return nil
}

// Write renders r in the named format.
func Write(w io.Writer, format string, r *Report) error {
	if write := writerFor(format); write != nil {
		return write(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// ValidFormat reports whether format is supported.
func ValidFormat(format string) bool { return writerFor(format) != nil }

// bySecret makes one finding per secret (Group), worst first, keeping the
// order of first appearance within a severity.
func bySecret(fs []finding.Finding) []finding.Finding {
	out := finding.Group(fs)
	sort.SliceStable(out, func(i, j int) bool {
		return severityRank(out[i].Severity) < severityRank(out[j].Severity)
	})
	return out
}

func severityRank(s string) int { return min(rule.SeverityRank(s), 3) }
