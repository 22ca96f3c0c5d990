// Package detectsecrets reads the baseline file of Yelp's detect-secrets
// (.secrets.baseline): the secrets a repository has recorded and audited,
// and the filters the baseline was made with. The format is the JSON
// detect-secrets writes with `detect-secrets scan > .secrets.baseline`
// (https://github.com/Yelp/detect-secrets#quickstart); secrets are kept
// only as the SHA-1 of their text, `hashed_secret`.
package detectsecrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// FileName is read at the scanned root.
const FileName = ".secrets.baseline"

// Baseline is a parsed .secrets.baseline.
type Baseline struct {
	Version     string              `json:"version"`
	GeneratedAt string              `json:"generated_at"`
	Plugins     []map[string]any    `json:"plugins_used"`
	Filters     []Filter            `json:"filters_used"`
	Results     map[string][]Result `json:"results"`
	// Exclude is the older baselines' (before 1.0) form of the file and
	// line filters.
	Exclude *struct {
		Files *string `json:"files"`
		Lines *string `json:"lines"`
	} `json:"exclude"`
	WordList *struct {
		File *string `json:"file"`
	} `json:"word_list"`
}

// Result is one secret the baseline records.
type Result struct {
	Type         string `json:"type"`
	Filename     string `json:"filename"`
	HashedSecret string `json:"hashed_secret"`
	IsVerified   bool   `json:"is_verified"`
	LineNumber   int    `json:"line_number"`
	// IsSecret is the audit's verdict: true a real secret, false a false
	// positive, absent not audited.
	IsSecret *bool `json:"is_secret"`
}

// Filter is one entry of filters_used: a filter's import path and its
// settings (pattern lists for the regex filters, a word list file).
type Filter struct {
	Path      string   `json:"path"`
	Pattern   Patterns `json:"pattern"`
	FileName  string   `json:"file_name"`
	MinLength int      `json:"min_length"`
}

// Patterns accepts a list of regexes or a single one.
type Patterns []string

// UnmarshalJSON reads a string or a list of strings.
func (p *Patterns) UnmarshalJSON(data []byte) error {
	var one string
	if json.Unmarshal(data, &one) == nil {
		*p = Patterns{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("pattern: want a string or a list of strings")
	}
	*p = many
	return nil
}

// The filters whose settings carry over (detect_secrets/filters/regex.py
// and wordlist.py).
const (
	FilterExcludeFiles   = "detect_secrets.filters.regex.should_exclude_file"
	FilterExcludeLines   = "detect_secrets.filters.regex.should_exclude_line"
	FilterExcludeSecrets = "detect_secrets.filters.regex.should_exclude_secret"
	FilterWordList       = "detect_secrets.filters.wordlist.should_exclude_secret"
)

var sha1Hex = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Looks reports whether data has the shape of a detect-secrets baseline:
// a JSON object whose results map file names to lists, with the version
// or the plugins that made it. A leakhound report has neither.
func Looks(data []byte) bool {
	var probe struct {
		Results map[string]json.RawMessage `json:"results"`
		Version *string                    `json:"version"`
		Plugins json.RawMessage            `json:"plugins_used"`
	}
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) || json.Unmarshal(data, &probe) != nil {
		return false
	}
	return probe.Results != nil && (probe.Version != nil || probe.Plugins != nil)
}

// Parse decodes a baseline and checks every result: a hash that is not a
// SHA-1 could never match, so it is an error rather than a silent gap.
func Parse(data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("not a detect-secrets baseline: %w", err)
	}
	if b.Results == nil {
		return nil, errors.New("not a detect-secrets baseline: no results")
	}
	var problems []string
	for file, rs := range b.Results {
		for i, r := range rs {
			if !sha1Hex.MatchString(strings.ToLower(r.HashedSecret)) {
				problems = append(problems, fmt.Sprintf("results[%q][%d]: hashed_secret %q is not a SHA-1", file, i, r.HashedSecret))
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return &b, nil
}

// Read parses the baseline at path; a missing file gives nil.
func Read(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Secret is a result with its file's path as leakhound reports paths.
type Secret struct {
	Path string
	// SHA1 is the hash of the secret's text, in lower-case hex.
	SHA1 string
	Line int
	// Real is set when the audit marked the result a true secret.
	Real bool
}

// Secrets lists the baseline's results in a stable order. The file name
// is the results key (the result's own filename repeats it).
func (b *Baseline) Secrets() []Secret {
	var out []Secret
	for file, rs := range b.Results {
		for _, r := range rs {
			name := r.Filename
			if name == "" {
				name = file
			}
			out = append(out, Secret{Path: normalizePath(name), SHA1: strings.ToLower(r.HashedSecret), Line: r.LineNumber,
				Real: r.IsSecret != nil && *r.IsSecret})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func normalizePath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	return strings.TrimPrefix(p, "./")
}
