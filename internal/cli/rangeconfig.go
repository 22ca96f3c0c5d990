package cli

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detectsecrets"
	"github.com/leakhound/leakhound/internal/ggshield"
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
var rootFileNames = append([]string{config.FileName, gitleaks.ConfigFileName, suppress.IgnoreFileName, gitleaks.IgnoreFileName, detectsecrets.FileName}, ggshield.ConfigFileNames...)

// baseFiles is where a range scan reads its root files from.
type baseFiles struct {
	// dir holds the versions of the root files that apply.
	dir    string
	source report.ConfigSource
}

// readBaseFiles compares the root files (and the files they name, see
// referencedFiles) at base and at each tip, says on w which ones the
// change modifies, and writes the base's versions (with trust, the first
// tip's: as the change leaves them) into a new temporary directory.
// base "" means the change has no base: none of the files apply.
func readBaseFiles(ctx context.Context, w io.Writer, repo, base string, tips []string, trust bool) (b *baseFiles, err error) {
	from := base
	if trust {
		from = tips[0]
	}
	revs := append([]string{base}, tips...)
	contents := map[string][]byte{}
	names, next := []string(nil), rootFileNames
	// extended holds the gitleaks configs another one extends.
	extended := map[string]bool{}
	// Three rounds at most: the root files, what they name, and what a
	// gitleaks config's [extend] path extends in turn (gitleaks' limit).
	for round := 0; round < 3 && len(next) > 0; round++ {
		read, err := readAt(ctx, repo, revs, next)
		if err != nil {
			return nil, err
		}
		maps.Copy(contents, read)
		names = append(names, next...)
		var more []string
		for _, name := range next {
			data, ok := contents[from+":"+name]
			if !ok {
				continue
			}
			refs, gitleaksConfigs := referencedFiles(name, extended[name], data)
			for _, ref := range refs {
				if !slices.Contains(names, ref) && !slices.Contains(more, ref) {
					more = append(more, ref)
					extended[ref] = gitleaksConfigs
				}
			}
		}
		next = more
	}
	b = &baseFiles{source: report.ConfigSource{Base: base, ChangesApplied: trust}}
	for _, name := range names {
		before, had := contents[base+":"+name]
		for _, tip := range tips {
			after, has := contents[tip+":"+name]
			if had != has || !bytes.Equal(before, after) {
				b.source.Changed = append(b.source.Changed, name)
				break
			}
		}
	}
	changed := termsafe.String(strings.Join(b.source.Changed, ", "))
	switch {
	case trust && len(b.source.Changed) > 0:
		fmt.Fprintf(w, "leakhound: warning: this change modifies %s; its own versions apply (--trust-config-changes, or a pre-push hook, which guards the pusher's own push)\n", changed)
	case trust:
	case len(b.source.Changed) > 0 && base == "":
		fmt.Fprintf(w, "leakhound: warning: this change adds %s; they do not apply to its own check (it has no base commit to read them at; --trust-config-changes applies them)\n", changed)
	case len(b.source.Changed) > 0:
		fmt.Fprintf(w, "leakhound: warning: this change modifies %s; they are read as they are at %s, the commit it starts from, not as the change leaves them (--trust-config-changes applies its versions)\n",
			changed, termsafe.String(shortSHA(base)))
	case base == "":
		fmt.Fprintln(w, "leakhound: note: this change has no base commit: no config or review file of the repository applies, only the built-in rules and the command line's")
	}
	if b.dir, err = os.MkdirTemp("", "leakhound-base-"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			b.close()
			b = nil
		}
	}()
	for _, name := range names {
		// "" revisions are not read, so with no base nothing is found.
		data, ok := contents[from+":"+name]
		if !ok {
			if !slices.Contains(rootFileNames, name) {
				// Left out, the name would be looked for in the working
				// directory: the change's own version.
				return nil, fmt.Errorf("%s is named by the config but is not in commit %s", termsafe.String(name), shortSHA(from))
			}
			continue
		}
		p := filepath.Join(b.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readAt reads each name at each revision ("" revisions are skipped);
// the map is keyed "rev:name", absent when a revision lacks the file.
func readAt(ctx context.Context, repo string, revs, names []string) (map[string][]byte, error) {
	var specs []string
	for _, rev := range revs {
		if rev == "" {
			continue
		}
		// A link's blob is its text, which may read as a config: none of
		// these files is read through one, nor passed over as a folder.
		odd, err := source.NotFiles(ctx, repo, rev, names)
		if err != nil {
			return nil, fmt.Errorf("reading the range's config files: %w", err)
		}
		for _, name := range names {
			if what, ok := odd[name]; ok {
				return nil, fmt.Errorf("%s at commit %s is %s, not a file: a range scan reads its config and review files only from files", termsafe.String(name), shortSHA(rev), what)
			}
		}
		for _, name := range names {
			specs = append(specs, rev+":"+name)
		}
	}
	contents, err := source.ReadRevisions(ctx, repo, specs, 0)
	if err != nil {
		return nil, fmt.Errorf("reading the range's config files: %w", err)
	}
	return contents, nil
}

// referencedFiles returns the repository paths a config file names as
// more files to read, relative to the root: a gitleaks config's [extend]
// path (extended says name is one), a detect-secrets baseline's word
// list; gitleaksConfigs says they are gitleaks configs. Absolute paths,
// and paths leaving the repository, are the runner's, not the change's,
// and are not returned.
func referencedFiles(name string, extended bool, data []byte) (out []string, gitleaksConfigs bool) {
	var refs []string
	switch {
	case name == gitleaks.ConfigFileName || extended:
		gitleaksConfigs = true
		if gc, _, err := gitleaks.ParseConfig(data, name); err == nil && gc.Extend.Path != "" {
			refs = append(refs, gc.Extend.Path)
		}
	case name == detectsecrets.FileName:
		if ds, err := detectsecrets.Parse(data); err == nil {
			for _, f := range ds.Filters {
				if f.Path == detectsecrets.FilterWordList && f.FileName != "" {
					refs = append(refs, f.FileName)
				}
			}
		}
	}
	for _, ref := range refs {
		if filepath.IsAbs(ref) {
			continue
		}
		// Named relative to the file naming it, as both tools look first.
		p := path.Join(path.Dir(name), filepath.ToSlash(ref))
		if p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		out = append(out, p)
	}
	return out, gitleaksConfigs
}

// rename names the files of an error by the commit they were read at
// ("1a7e0300938c:.leakhound.toml"), not by the directory they were
// copied to.
func (b *baseFiles) rename(err error) error {
	if b == nil || b.dir == "" {
		return err
	}
	at := cmp.Or(shortSHA(b.source.Base), "no base")
	if b.source.ChangesApplied {
		at = "the change's tip"
	}
	return errors.New(strings.ReplaceAll(err.Error(), b.dir+string(filepath.Separator), at+":"))
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
