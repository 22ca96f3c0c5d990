package suppress

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

// LastScan is what `leakhound ignore --last-found` needs from the previous
// scan: where it ran and what it found (fingerprints and places, never the
// secrets).
type LastScan struct {
	Root     string        `json:"root"`
	Time     time.Time     `json:"time"`
	Findings []LastFinding `json:"findings"`
}

// LastFinding is one finding of the last scan.
type LastFinding struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
}

// SaveLastScan records a scan's findings in the user's cache directory.
func SaveLastScan(cacheDir, root string, fs []finding.Finding, now time.Time) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	ls := LastScan{Root: abs, Time: now.UTC(), Findings: []LastFinding{}}
	for _, f := range fs {
		ls.Findings = append(ls.Findings, LastFinding{f.Fingerprint, f.RuleID, f.Path, f.Line})
	}
	data, err := json.MarshalIndent(ls, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cacheDir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(cacheDir, "last-scan.json.tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(cacheDir, "last-scan.json"))
}

// LoadLastScan reads what SaveLastScan wrote.
func LoadLastScan(cacheDir string) (*LastScan, error) {
	data, err := os.ReadFile(filepath.Join(cacheDir, "last-scan.json"))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no scan has been recorded yet: run leakhound scan first")
		}
		return nil, err
	}
	var ls LastScan
	if err := json.Unmarshal(data, &ls); err != nil {
		return nil, fmt.Errorf("the last scan record is damaged: %w", err)
	}
	return &ls, nil
}

// AppendIgnore adds fingerprints to an ignore file with a reason, skipping
// those already there. It returns how many it added.
func AppendIgnore(path string, fs []LastFinding, reason string) (int, error) {
	reason = strings.ReplaceAll(strings.TrimSpace(reason), "\n", " ")
	es := make([]IgnoreEntry, len(fs))
	for i, f := range fs {
		es[i] = IgnoreEntry{f.Fingerprint, fmt.Sprintf("%s at %s:%d: %s", f.RuleID, f.Path, f.Line, reason)}
	}
	return AppendIgnoreEntries(path, es)
}

// IgnoreEntry is one line of an ignore file: a fingerprint and the
// comment after it.
type IgnoreEntry struct{ Fingerprint, Comment string }

// AppendIgnoreEntries adds entries to an ignore file, each fingerprint
// once, skipping those already there, on lines of their own even when the
// file does not end in a newline. It returns how many it added.
func AppendIgnoreEntries(path string, es []IgnoreEntry) (int, error) {
	existing := New()
	if err := existing.LoadIgnoreFile(path); err != nil {
		return 0, err
	}
	var b strings.Builder
	added := 0
	for _, e := range es {
		if existing.fingerprints[e.Fingerprint] {
			continue
		}
		existing.fingerprints[e.Fingerprint] = true
		fmt.Fprintf(&b, "%s  # %s\n", e.Fingerprint, e.Comment)
		added++
	}
	if added == 0 {
		return 0, nil
	}
	file, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	if info, err := file.Stat(); err == nil && info.Size() > 0 {
		if last, err := lastByte(path); err == nil && last != '\n' {
			if _, err := file.WriteString("\n"); err != nil {
				file.Close()
				return 0, err
			}
		}
	}
	if _, err := file.WriteString(b.String()); err != nil {
		file.Close()
		return 0, err
	}
	return added, file.Close()
}

func lastByte(path string) (byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		return '\n', err
	}
	return data[len(data)-1], nil
}
