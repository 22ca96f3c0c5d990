// Package score matches a scanner's findings to a corpus's truth file and
// reports recall, precision, misses and false positives by shape, family,
// provider, file type and decoy kind.
//
// A finding matches a planted secret when its path is the secret's (or, in
// git history, one of the paths its blob had), its line is within one of
// the secret's lines, and its secret contains the planted value or one of
// its other spellings (whitespace and \n escapes ignored, for keys).
package score

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/leakhound/leakhound/internal/corpus"
)

// Finding is the part of a leakhound JSON finding the scorer reads.
// Confidence and Key are read when the report has them.
type Finding struct {
	RuleID     string `json:"rule_id"`
	Provider   string `json:"provider"`
	Path       string `json:"path"`
	Line       int    `json:"line"`
	Secret     string `json:"secret"`
	Commit     string `json:"commit,omitempty"`
	Confidence string `json:"confidence,omitempty"`
	Key        string `json:"key,omitempty"`
}

// ReadReport reads a `--format json` report: a finding per place, as a
// report's finding holds one secret with every place it was found.
func ReadReport(r io.Reader) ([]Finding, error) {
	var rep struct {
		Findings []struct {
			Finding
			Places []Finding `json:"places"`
		} `json:"findings"`
	}
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("reading the JSON report: %v", err)
	}
	var out []Finding
	withSecret := 0
	for _, rf := range rep.Findings {
		if rf.Secret != "" {
			withSecret++
		}
		if len(rf.Places) == 0 {
			out = append(out, rf.Finding)
			continue
		}
		for _, p := range rf.Places {
			f := rf.Finding
			f.Path, f.Line, f.Commit, f.Confidence, f.Key = p.Path, p.Line, p.Commit, p.Confidence, p.Key
			out = append(out, f)
		}
	}
	if len(rep.Findings) > 0 && withSecret == 0 {
		return nil, fmt.Errorf("the report has no secrets: scan with --show-secrets")
	}
	return out, nil
}

// AtLeast keeps the findings of confidence level or higher (high, medium,
// low); a finding without a confidence field is kept.
func AtLeast(findings []Finding, level string) []Finding {
	min := rank(level)
	var out []Finding
	for _, f := range findings {
		if f.Confidence == "" || rank(f.Confidence) <= min {
			out = append(out, f)
		}
	}
	return out
}

// Why a finding matched nothing planted.
const (
	FPUnplanned  = "unplanned"   // nothing was planted on that line
	FPMisplaced  = "misplaced"   // a planted secret, reported on the wrong line
	FPPartial    = "partial"     // part of a planted secret
	FPWrongValue = "wrong-value" // on a planted secret's line, but another value (its key, say)
	FPFixture    = "fixture"     // in a file of obvious test fakes: not counted
)

// Result is one scan scored against one truth file.
type Result struct {
	Truth    []corpus.Truth
	Findings []Finding
	// Hits counts, per truth entry, the findings that match it (positives
	// and fixtures) or that fell on it (decoys).
	Hits []int
	// Attributed is true for a positive when a matching finding names the
	// expected provider.
	Attributed []bool
	// KeyRight is true for a positive when a matching finding reports the
	// key path it was planted under.
	KeyRight []bool
	// Match is, per finding, the truth entry it matched or fell on (-1
	// for none); Kind is "" for a true positive, else why it is not one.
	Match []int
	Kind  []string
}

// Score matches findings to truth.
func Score(truth []corpus.Truth, findings []Finding) *Result {
	r := &Result{Truth: truth, Findings: findings, Hits: make([]int, len(truth)), Attributed: make([]bool, len(truth)), KeyRight: make([]bool, len(truth)),
		Match: make([]int, len(findings)), Kind: make([]string, len(findings))}
	byPath := map[string][]int{}
	fixtureFiles := map[string]bool{}
	for i, t := range truth {
		byPath[t.Path] = append(byPath[t.Path], i)
		for _, p := range t.AltPaths {
			byPath[p] = append(byPath[p], i)
		}
		if t.Class == corpus.ClassFixture {
			fixtureFiles[t.Path] = true
		}
	}
	for fi, f := range findings {
		r.Match[fi] = -1
		cands := byPath[f.Path]
		// A planted secret (or fixture) on these lines, with this value.
		best := -1
		for _, ti := range cands {
			t := truth[ti]
			if t.Decoy || !lineNear(f.Line, t) || !secretMatches(f.Secret, t) {
				continue
			}
			if best < 0 || abs(f.Line-t.Line) < abs(f.Line-truth[best].Line) {
				best = ti
			}
		}
		if best >= 0 {
			r.Match[fi] = best
			r.Hits[best]++
			if truth[best].Class == corpus.ClassFixture {
				r.Kind[fi] = FPFixture
				continue
			}
			if f.Provider == truth[best].Expect {
				r.Attributed[best] = true
			}
			if f.Key != "" && keyMatches(f.Key, truth[best].Key) {
				r.KeyRight[best] = true
			}
			continue
		}
		if fixtureFiles[f.Path] {
			r.Kind[fi] = FPFixture
			continue
		}
		r.Kind[fi], r.Match[fi] = classifyFP(f, truth, cands)
		if r.Match[fi] >= 0 && truth[r.Match[fi]].Decoy {
			r.Hits[r.Match[fi]]++
		}
	}
	return r
}

// classifyFP says why f matched nothing: the decoy it fell on, a planted
// secret reported on the wrong line or in part, or nothing planted there.
func classifyFP(f Finding, truth []corpus.Truth, cands []int) (string, int) {
	near := -1
	for _, ti := range cands {
		t := truth[ti]
		if !t.Decoy {
			continue
		}
		if f.Line == t.Line || f.Line >= t.Line && f.Line <= t.EndLine {
			return t.Shape, ti
		}
		if near < 0 && lineNear(f.Line, t) && overlaps(f.Secret, t.Secret) {
			near = ti
		}
	}
	if near >= 0 {
		return truth[near].Shape, near
	}
	wrong := -1
	for _, ti := range cands {
		t := truth[ti]
		if t.Decoy {
			continue
		}
		if secretMatches(f.Secret, t) {
			return FPMisplaced, ti
		}
		if lineNear(f.Line, t) && partOf(f.Secret, t) {
			return FPPartial, ti
		}
		if wrong < 0 && lineNear(f.Line, t) {
			wrong = ti
		}
	}
	if wrong >= 0 {
		return FPWrongValue, wrong
	}
	return FPUnplanned, -1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// lineNear allows one line either side of the value's lines.
func lineNear(line int, t corpus.Truth) bool {
	end := max(t.EndLine, t.Line)
	return line >= t.Line-1 && line <= end+1
}

// norm drops whitespace and \n escapes, so a key reported with or without
// its line breaks or indentation still compares equal.
func norm(s string) string {
	s = strings.NewReplacer(`\r`, "", `\n`, "", `\t`, "").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

func secretMatches(found string, t corpus.Truth) bool {
	if found == "" {
		return false
	}
	n := norm(found)
	for _, want := range append([]string{t.Secret}, t.Alt...) {
		if w := norm(want); w != "" && strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// partOf: the finding holds only part of the planted value (cut at an
// escaped quote, say).
func partOf(found string, t corpus.Truth) bool {
	n := norm(found)
	if n == "" {
		return false
	}
	for _, want := range append([]string{t.Secret}, t.Alt...) {
		if strings.Contains(norm(want), n) {
			return true
		}
	}
	return false
}

func overlaps(a, b string) bool {
	a, b = norm(a), norm(b)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

// keyMatches compares key paths ignoring case and separators; a reported
// path may be longer (a document root) or shorter (the last segments).
func keyMatches(found, want string) bool {
	if want == "" {
		return false
	}
	canon := func(s string) []string {
		var out []string
		for _, seg := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '.' || r == '/' || r == ':' || r == '[' || r == ']' }) {
			out = append(out, strings.NewReplacer("_", "", "-", "").Replace(seg))
		}
		return out
	}
	f, w := canon(found), canon(want)
	n := min(len(f), len(w))
	if n == 0 {
		return false
	}
	for i := 1; i <= n; i++ {
		if f[len(f)-i] != w[len(w)-i] {
			return false
		}
	}
	return true
}
