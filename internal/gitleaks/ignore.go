// Package gitleaks reads what a team switching from gitleaks brings along:
// .gitleaksignore fingerprints, .gitleaks.toml configs and the ids of
// gitleaks' rules. The formats are described in gitleaks' README
// (https://github.com/gitleaks/gitleaks#gitleaksignore and #configuration).
package gitleaks

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// IgnoreFileName is read at the scanned root, as gitleaks reads it.
const IgnoreFileName = ".gitleaksignore"

// IgnoreEntry is one fingerprint of a .gitleaksignore file:
// commit:file:rule-id:start-line, or file:rule-id:start-line for a finding
// in any commit (or in no commit: a directory scan).
type IgnoreEntry struct {
	// Line is the entry's line in the ignore file, for messages.
	Line int
	// Commit is the commit hash in lower case (gitleaks writes it in full
	// or, in later versions, shortened); empty for a file:rule:line entry.
	Commit    string
	Path      string
	RuleID    string
	StartLine int
}

// Ignore is a parsed .gitleaksignore file.
type Ignore struct {
	Name    string
	Entries []IgnoreEntry
	// Problems are lines that are not fingerprints. gitleaks warns about
	// them and carries on, so a file it accepted must not stop a scan;
	// they are reported, never dropped silently.
	Problems []string
}

// ReadIgnore parses the ignore file at name; a missing file gives nil.
func ReadIgnore(name string) (*Ignore, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseIgnore(f, name)
}

// commitPrefix is a commit hash at the start of a fingerprint.
var commitPrefix = regexp.MustCompile(`^[0-9a-fA-F]{7,64}:`)

// ParseIgnore reads fingerprints, one a line; blank lines and lines that
// start with # are skipped, as gitleaks does.
func ParseIgnore(r io.Reader, name string) (*Ignore, error) {
	ig := &Ignore{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseFingerprint(line)
		if err != nil {
			ig.Problems = append(ig.Problems, fmt.Sprintf("%s:%d: %v", name, n, err))
			continue
		}
		e.Line = n
		ig.Entries = append(ig.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return ig, nil
}

// parseFingerprint reads a fingerprint from the right: the start line and
// the rule id never hold a colon, a path may.
func parseFingerprint(s string) (IgnoreEntry, error) {
	var e IgnoreEntry
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return e, fmt.Errorf("%q is not a fingerprint (commit:file:rule-id:line or file:rule-id:line)", s)
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 1 {
		return e, fmt.Errorf("%q does not end in a line number", s)
	}
	e.StartLine = n
	rest := s[:i]
	j := strings.LastIndexByte(rest, ':')
	if j < 0 || j == len(rest)-1 {
		return e, fmt.Errorf("%q names no rule", s)
	}
	e.RuleID, rest = rest[j+1:], rest[:j]
	if m := commitPrefix.FindString(rest); m != "" {
		e.Commit, rest = strings.ToLower(m[:len(m)-1]), rest[len(m):]
	}
	if e.Path = NormalizePath(rest); e.Path == "" {
		return e, fmt.Errorf("%q names no file", s)
	}
	return e, nil
}

// NormalizePath turns a path as gitleaks reports it into one relative to
// the scanned root with forward slashes, as leakhound reports paths
// (gitleaks normalises backslashes too).
func NormalizePath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if p == "" {
		return ""
	}
	p = path.Clean(p)
	p = strings.TrimPrefix(p, "./")
	if p == "." {
		return ""
	}
	return p
}
