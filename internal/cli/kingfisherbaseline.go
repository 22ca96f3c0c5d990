package cli

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/detectormap"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/kingfisher"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/suppress"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// importKingfisherBaseline carries a Kingfisher baseline over as
// .leakhoundignore fingerprints: each accepted finding's file is read
// under root, and the secrets leakhound finds on its line (under the
// rules its Kingfisher rule maps to, when it maps to any) are listed by
// their leakhound fingerprint, which holds wherever the secret moves.
// An existing ignore file is added to, never overwritten.
func importKingfisherBaseline(io *IO, file, root, output string) error {
	entries, err := kingfisher.ReadBaseline(file)
	if err != nil {
		return err
	}
	if root == "" {
		root = filepath.Dir(file)
	}
	if output == "" {
		output = filepath.Join(root, suppress.IgnoreFileName)
	}
	catalogue, err := loadCatalogue(io)
	if err != nil {
		return err
	}
	cfg, err := pipeline.LoadConfig("", root, catalogue, io.Err)
	if err != nil {
		return err
	}
	rules, err := cfg.RuleSet(catalogue)
	if err != nil {
		return err
	}
	engine, err := detect.New(rules)
	if err != nil {
		return err
	}
	scanner, names := engine.NewScanner(), detectormap.New(rules)
	var notes config.Notes
	var ignores []suppress.IgnoreEntry
	// A baseline lists most files for several findings: each is read and
	// scanned once.
	type found struct {
		line     int
		rule, fp string
	}
	type scanned struct {
		rel string
		ms  []found
		ok  bool
	}
	files := map[string]scanned{}
	for _, e := range entries {
		subject := fmt.Sprintf("%s line %d", filepath.Base(file), e.At)
		f, seen := files[e.Path]
		if !seen {
			var data []byte
			f.rel, data, f.ok = readUnder(root, e.Path)
			if f.ok {
				for _, m := range scanner.ScanFile(f.rel, data) {
					f.ms = append(f.ms, found{m.Line, m.Rule.ID, finding.Fingerprint(m.Rule.ID, m.Secret)})
				}
			}
			files[e.Path] = f
		}
		rel := f.rel
		if !f.ok {
			notes.Add(subject, true, "%s is not under %s: not carried over", e.Path, root)
			continue
		}
		want := map[string]bool{}
		for _, id := range baselineRules(names, e.RuleID) {
			want[id] = true
		}
		n := 0
		for _, m := range f.ms {
			if m.line != e.Line || len(want) > 0 && !want[m.rule] {
				continue
			}
			n++
			ignores = append(ignores, suppress.IgnoreEntry{Fingerprint: m.fp, Comment: fmt.Sprintf("kingfisher baseline: %s at %s:%d", cmp.Or(e.RuleID, "accepted"), rel, e.Line)})
		}
		if n == 0 {
			notes.Add(subject, true, "leakhound finds no secret at %s:%d%s (the line moved, or its rules do not find it): not carried over", rel, e.Line, ruleHint(e.RuleID, want))
		}
	}
	added, err := suppress.AppendIgnoreEntries(output, ignores)
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintf(io.Err, "leakhound: not exact: %s\n", termsafe.String(n.String()))
	}
	fmt.Fprintf(io.Err, "leakhound: added %d %s to %s from %d baseline %s; %d not carried over\n",
		added, pluralize(added, "fingerprint", "fingerprints"), termsafe.String(output),
		len(entries), pluralize(len(entries), "entry", "entries"), len(notes))
	return nil
}

func ruleHint(ruleID string, want map[string]bool) string {
	if ruleID == "" || len(want) > 0 {
		return ""
	}
	return fmt.Sprintf("; rule %s maps to no leakhound rule, any rule's secret on the line was looked for", ruleID)
}

var ruleSerial = regexp.MustCompile(`\.[0-9]+$`)

// baselineRules maps a Kingfisher rule id to leakhound rules: an
// imported custom rule has it as alias; a built-in one is named by its
// provider (kingfisher.github.1 is GitHub's).
func baselineRules(names *detectormap.Map, id string) []string {
	if id == "" {
		return nil
	}
	if got := names.Lookup(id); len(got.Rules) > 0 && got.How == "rule" {
		return got.Rules
	}
	bare := ruleSerial.ReplaceAllString(id, "")
	for _, prefix := range []string{"kingfisher.", "custom.", "np."} {
		bare = strings.TrimPrefix(bare, prefix)
	}
	return names.Lookup(bare).Rules
}

// readUnder reads a baseline path under root. A legacy baseline records
// paths as the scan was given them (repository/src/a.rs), so leading
// directories that are not under root are dropped until the file is
// found.
func readUnder(root, p string) (rel string, data []byte, ok bool) {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
	for i := range parts {
		rel = strings.Join(parts[i:], "/")
		if rel == "" || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel))); err == nil {
			return rel, data, true
		}
	}
	return "", nil, false
}
