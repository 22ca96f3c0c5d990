// Package kingfisher reads Kingfisher's baseline file, in both formats
// its docs/BASELINE.md documents: version 2 (repositories, each with its
// findings: path, fingerprint, rule_id, line) and the unversioned legacy
// one (ExactFindings.matches: filepath, fingerprint, linenum).
// Kingfisher's fingerprints hash the secret with where it was found and
// its byte offsets, which leakhound cannot recompute; what carries a
// finding over is its file, line and rule, read again by leakhound.
package kingfisher

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Entry is one accepted finding of a baseline.
type Entry struct {
	// Repository is the version 2 section's id, "" in a legacy file.
	Repository string
	Path       string
	// RuleID is Kingfisher's rule id, "" in a legacy file.
	RuleID string
	Line   int
	// At is the entry's line in the baseline file, for messages.
	At int
}

// IsBaseline tells a baseline from a rules file by its top-level keys.
func IsBaseline(data []byte) bool {
	var probe map[string]yaml.Node
	if yaml.Unmarshal(data, &probe) != nil {
		return false
	}
	for k := range probe {
		if BaselineKey(k) {
			return true
		}
	}
	return false
}

// BaselineKey reports a top-level key only a baseline has: the legacy
// ExactFindings, or version 2's repositories and fingerprint_algorithm.
func BaselineKey(k string) bool {
	return k == "ExactFindings" || k == "repositories" || k == "fingerprint_algorithm"
}

// ReadBaseline parses a baseline; an unknown version or fingerprint
// algorithm is an error, as Kingfisher makes it.
func ReadBaseline(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	entries, err := ParseBaseline(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return entries, nil
}

// ParseBaseline reads a baseline's text.
func ParseBaseline(data []byte) ([]Entry, error) {
	var doc struct {
		Version              *int   `yaml:"version"`
		FingerprintAlgorithm string `yaml:"fingerprint_algorithm"`
		Repositories         []struct {
			ID       string      `yaml:"id"`
			Findings []yaml.Node `yaml:"findings"`
		} `yaml:"repositories"`
		ExactFindings struct {
			Matches []yaml.Node `yaml:"matches"`
		} `yaml:"ExactFindings"`
	}
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, err
	}
	if doc.Version != nil && *doc.Version != 2 {
		return nil, fmt.Errorf("version %d: Kingfisher documents version 2 and the unversioned legacy format", *doc.Version)
	}
	if doc.FingerprintAlgorithm != "" && doc.FingerprintAlgorithm != "kingfisher-v1" {
		return nil, fmt.Errorf("fingerprint_algorithm %q is not kingfisher-v1", doc.FingerprintAlgorithm)
	}
	var out []Entry
	for _, repo := range doc.Repositories {
		for _, n := range repo.Findings {
			var f struct {
				Path        string `yaml:"path"`
				Fingerprint string `yaml:"fingerprint"`
				RuleID      string `yaml:"rule_id"`
				Line        int    `yaml:"line"`
			}
			if err := n.Decode(&f); err != nil {
				return nil, fmt.Errorf("line %d: %w", n.Line, err)
			}
			e, err := entry(n.Line, f.Path, f.Fingerprint, f.Line)
			if err != nil {
				return nil, err
			}
			e.Repository, e.RuleID = repo.ID, f.RuleID
			out = append(out, e)
		}
	}
	for _, n := range doc.ExactFindings.Matches {
		var f struct {
			Path        string `yaml:"filepath"`
			Fingerprint string `yaml:"fingerprint"`
			Line        int    `yaml:"linenum"`
		}
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		e, err := entry(n.Line, f.Path, f.Fingerprint, f.Line)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// fingerprint is Kingfisher's: a decimal u64, 16 hex digits, or 0x hex.
var fingerprint = regexp.MustCompile(`^(?:[0-9]{1,20}|[0-9a-fA-F]{16}|0x[0-9a-fA-F]{1,16})$`)

func entry(at int, path, fp string, line int) (Entry, error) {
	switch {
	case strings.TrimSpace(path) == "":
		return Entry{}, fmt.Errorf("line %d: finding has no path", at)
	case line < 1:
		return Entry{}, fmt.Errorf("line %d: finding has no line number", at)
	case !fingerprint.MatchString(fp):
		return Entry{}, fmt.Errorf("line %d: fingerprint %q is not a Kingfisher fingerprint", at, fp)
	}
	return Entry{Path: path, Line: line, At: at}, nil
}
