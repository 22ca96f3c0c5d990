package report

import (
	"encoding/json"
	"io"

	"github.com/leakhound/leakhound/internal/finding"
)

// jsonReport is the JSON format; --baseline reads it back.
type jsonReport struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Shallow marks a history scan of a shallow clone, cut short at the
	// boundary commits.
	Shallow         bool              `json:"shallow,omitempty"`
	ShallowBoundary []string          `json:"shallow_boundary,omitempty"`
	Findings        []finding.Finding `json:"findings"`
	// Incomplete is true when part of the target was not scanned, named
	// in NotScanned.
	Incomplete bool  `json:"incomplete"`
	NotScanned []Gap `json:"not_scanned,omitempty"`
	// ConfigSource is a range scan's: where its config was read.
	ConfigSource *ConfigSource `json:"config_source,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	fs := finding.WithPathBytes(r.Findings)
	if fs == nil {
		fs = []finding.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Tool: r.Tool, Version: r.Version, Shallow: len(r.Shallow) > 0, ShallowBoundary: r.Shallow,
		Findings: fs, Incomplete: r.Incomplete, NotScanned: r.NotScanned, ConfigSource: r.ConfigSource})
}

func writeJSONL(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	for _, f := range finding.WithPathBytes(r.Findings) {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}
