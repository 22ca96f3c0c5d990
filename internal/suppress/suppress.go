// Package suppress drops findings the user has already judged: fingerprints
// listed in .leakhoundignore, places recorded in a baseline report, and
// the reviews of other tools (see Place).
package suppress

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
)

// IgnoreFileName is read at the scanned root.
const IgnoreFileName = ".leakhoundignore"

// Set holds what to suppress.
type Set struct {
	fingerprints map[string]bool // anywhere
	baseline     map[string]bool // fingerprint + path
	// Reviewed places (AddPlace), and the secrets they resolved to, by
	// fingerprint + path.
	places   map[placeKey][]int
	reviewed []Place
	resolved []bool
	inPath   map[string]bool
	// Recorded secret hashes (AddSecretHash) by path and hash.
	hashes         map[string]map[string][]int
	recorded       []recordedHash
	realSuppressed int
}

// New returns an empty set.
func New() *Set {
	return &Set{fingerprints: map[string]bool{}, baseline: map[string]bool{}}
}

var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ValidFingerprint reports whether s has the form of a finding fingerprint.
func ValidFingerprint(s string) bool { return fingerprintPattern.MatchString(s) }

// LoadIgnoreFile adds the fingerprints of an ignore file: one per line,
// optionally followed by a # comment giving the reason. A missing file is
// not an error; a malformed line is, so a typo never hides nothing silently.
func (s *Set) LoadIgnoreFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !fingerprintPattern.MatchString(line) {
			return fmt.Errorf("%s:%d: %q is not a finding fingerprint (32 hex characters)", path, n, line)
		}
		s.fingerprints[line] = true
	}
	return sc.Err()
}

// LoadBaseline adds the findings of an earlier JSON report (the object
// leakhound writes, or a bare array of findings).
func (s *Set) LoadBaseline(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading baseline: %w", err)
	}
	fs, err := ParseReport(data)
	if err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	for _, f := range fs {
		for _, p := range f.AllPlaces() {
			s.baseline[f.Fingerprint+"\x00"+p.Path] = true
		}
	}
	return nil
}

// ParseReport reads findings from a leakhound JSON report.
func ParseReport(data []byte) ([]finding.Finding, error) {
	var report struct {
		Findings *[]finding.Finding `json:"findings"`
	}
	trimmed := strings.TrimSpace(string(data))
	if strings.HasPrefix(trimmed, "[") {
		var fs []finding.Finding
		if err := json.Unmarshal(data, &fs); err != nil {
			return nil, fmt.Errorf("not a leakhound JSON report: %w", err)
		}
		return validate(fs)
	}
	if err := json.Unmarshal(data, &report); err != nil {
		return nil, fmt.Errorf("not a leakhound JSON report: %w", err)
	}
	if report.Findings == nil {
		return nil, fmt.Errorf("not a leakhound JSON report: no findings field")
	}
	return validate(*report.Findings)
}

func validate(fs []finding.Finding) ([]finding.Finding, error) {
	for i, f := range fs {
		if !fingerprintPattern.MatchString(f.Fingerprint) {
			return nil, fmt.Errorf("finding %d has no valid fingerprint", i)
		}
	}
	if err := finding.RestorePaths(fs); err != nil {
		return nil, err
	}
	return fs, nil
}

// Filter returns the findings not suppressed and how many places were:
// an ignored fingerprint drops a finding with all its places, a baseline
// the places (paths) it recorded.
func (s *Set) Filter(fs []finding.Finding) ([]finding.Finding, int) {
	s.resolvePlaces(fs)
	s.realSuppressed = 0
	out := fs[:0]
	dropped := 0
	for _, f := range fs {
		places := f.AllPlaces()
		if s.fingerprints[f.Fingerprint] {
			dropped += len(places)
			continue
		}
		var kept []finding.Location
		var words map[string]bool
		for _, p := range places {
			if words == nil && s.hashes[p.Path] != nil {
				words = secretHashes(f.RawSecret)
			}
			if s.hashSuppressed(&f, p.Path, words) {
				dropped++
				continue
			}
			if key := f.Fingerprint + "\x00" + p.Path; s.baseline[key] || s.inPath[key] {
				dropped++
				continue
			}
			kept = append(kept, p)
		}
		if len(kept) == 0 {
			continue
		}
		if len(kept) < len(places) {
			f.Location, f.Places = kept[0], kept
		}
		out = append(out, f)
	}
	return out, dropped
}
