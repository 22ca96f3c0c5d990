package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detectsecrets"
	"github.com/leakhound/leakhound/internal/gitleaks"
	"github.com/leakhound/leakhound/internal/report"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/suppress"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// A check that gates a change must not take its rules from the change: a
// pull request that adds a secret could otherwise add, in the same
// commits, an exclude, an allowlist or an ignore entry for it. Range scans
// therefore read the repository's own config and review files as they are
// at the range's base.

// rootFileNames are the files at a repository's root that decide what a
// scan reports.
var rootFileNames = []string{config.FileName, gitleaks.ConfigFileName, suppress.IgnoreFileName, gitleaks.IgnoreFileName, detectsecrets.FileName}

// baseFiles is where a range scan reads its root files from.
type baseFiles struct {
	// dir holds the versions of the root files that apply.
	dir    string
	source report.ConfigSource
}

// readBaseFiles compares the root files at base and at each tip, says on
// w which ones the change modifies, and writes the base's versions (with
// trust, the first tip's: as the change leaves them) into a new directory
// under tmp. base "" means the change has no base: none of the files
// apply.
func readBaseFiles(ctx context.Context, w io.Writer, repo, base string, tips []string, trust bool, tmp string) (*baseFiles, error) {
	var specs []string
	for _, rev := range append([]string{base}, tips...) {
		if rev == "" {
			continue
		}
		for _, name := range rootFileNames {
			specs = append(specs, rev+":"+name)
		}
	}
	contents, err := source.ReadRevisions(ctx, repo, specs, 0)
	if err != nil {
		return nil, fmt.Errorf("reading the range's config files: %w", err)
	}
	b := &baseFiles{source: report.ConfigSource{Base: base, ChangesApplied: trust}}
	for _, name := range rootFileNames {
		before, had := contents[base+":"+name]
		for _, tip := range tips {
			after, has := contents[tip+":"+name]
			if had != has || !bytes.Equal(before, after) {
				b.source.Changed = append(b.source.Changed, name)
				break
			}
		}
	}
	from := base
	switch {
	case trust:
		from = tips[0]
		if len(b.source.Changed) > 0 {
			fmt.Fprintf(w, "leakhound: warning: this change modifies %s; its own versions apply (--trust-config-changes)\n", strings.Join(b.source.Changed, ", "))
		}
	case len(b.source.Changed) > 0 && base == "":
		fmt.Fprintf(w, "leakhound: warning: this change adds %s; they do not apply to its own check (it has no base commit to read them at; --trust-config-changes applies them)\n", strings.Join(b.source.Changed, ", "))
	case len(b.source.Changed) > 0:
		fmt.Fprintf(w, "leakhound: warning: this change modifies %s; they are read as they are at %s, the commit it starts from, not as the change leaves them (--trust-config-changes applies its versions)\n",
			strings.Join(b.source.Changed, ", "), termsafe.String(shortSHA(base)))
	case base == "":
		fmt.Fprintln(w, "leakhound: note: this change has no base commit: no config or review file of the repository applies, only the built-in rules and the command line's")
	}
	if b.dir, err = os.MkdirTemp(tmp, "leakhound-base-"); err != nil {
		return nil, err
	}
	for _, name := range rootFileNames {
		if data, ok := contents[from+":"+name]; ok && from != "" {
			if err := os.WriteFile(filepath.Join(b.dir, name), data, 0o600); err != nil {
				os.RemoveAll(b.dir)
				return nil, err
			}
		}
	}
	return b, nil
}

func (b *baseFiles) close() {
	if b != nil && b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
