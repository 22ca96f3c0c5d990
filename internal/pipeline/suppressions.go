package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/detectsecrets"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/gitleaks"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/suppress"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// loadSuppressions reads what the user has already reviewed: at the
// root (none when root is "") .leakhoundignore and the files of the tools
// teams switch from (.gitleaksignore, .secrets.baseline), and the baseline
// (a leakhound JSON report or a detect-secrets baseline). Problems with
// other tools' files are warnings on stderr, not errors: a file the other
// tool accepted must not stop a scan.
// It also returns the allowlists a detect-secrets baseline's filters
// translate to: detect-secrets' hook scans with the settings its baseline
// records.
func loadSuppressions(ctx context.Context, stderr io.Writer, root, repo, baseline string, rules []*rule.Rule, engine *detect.Engine, maxSize int64) (*suppress.Set, []config.Allowlist, error) {
	sup := suppress.New()
	var allowlists []config.Allowlist
	if root != "" {
		if err := sup.LoadIgnoreFile(filepath.Join(root, suppress.IgnoreFileName)); err != nil {
			return nil, nil, err
		}
		if err := addGitleaksIgnore(ctx, stderr, sup, root, repo, rules, engine, maxSize); err != nil {
			return nil, nil, err
		}
		rootBaseline := filepath.Join(root, detectsecrets.FileName)
		ds, err := detectsecrets.Read(rootBaseline)
		if err != nil {
			return nil, nil, err
		}
		allowlists = addDetectSecrets(stderr, sup, ds, rootBaseline)
	}
	if baseline != "" {
		more, err := loadBaselineFlag(stderr, sup, baseline)
		if err != nil {
			return nil, nil, err
		}
		allowlists = append(allowlists, more...)
	}
	return sup, allowlists, nil
}

// loadBaselineFlag reads --baseline: a leakhound JSON report, or a
// detect-secrets baseline, told apart by their shape.
func loadBaselineFlag(stderr io.Writer, sup *suppress.Set, path string) ([]config.Allowlist, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	if !detectsecrets.Looks(data) {
		return nil, sup.LoadBaseline(path)
	}
	ds, err := detectsecrets.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return addDetectSecrets(stderr, sup, ds, path), nil
}

// addDetectSecrets suppresses every secret a detect-secrets baseline
// records, audited or not, by file and hash: what detect-secrets' own
// hook does (it reports only secrets not in the baseline). It returns the
// allowlists its filters translate to, and says in one line when some
// could not be carried over exactly.
func addDetectSecrets(stderr io.Writer, sup *suppress.Set, ds *detectsecrets.Baseline, path string) []config.Allowlist {
	if ds == nil {
		return nil
	}
	name := filepath.Base(path)
	for _, sec := range ds.Secrets() {
		sup.AddSecretHash(sec.Path, sec.SHA1, fmt.Sprintf("%s (%s:%d)", name, sec.Path, sec.Line), sec.Real)
	}
	cfg, notes := detectsecrets.Translate(ds, filepath.Dir(path))
	if n := config.CountInexact(notes); n > 0 {
		fmt.Fprintf(stderr, "leakhound: %s: %d of its settings %s not carried over exactly; `leakhound config import detect-secrets %s` says which and why\n",
			termsafe.String(path), n, config.Plural(n, "was", "were"), termsafe.String(path))
	}
	return cfg.Allowlists
}

// addGitleaksIgnore adds the fingerprints of root/.gitleaksignore. An
// entry naming a commit is also looked up in that commit's version of the
// file in repo (usually root itself): the secret on that line is then
// known whatever this scan covers (a directory, staged lines, a range).
func addGitleaksIgnore(ctx context.Context, stderr io.Writer, sup *suppress.Set, root, repo string, rules []*rule.Rule, engine *detect.Engine, maxSize int64) error {
	ig, err := gitleaks.ReadIgnore(filepath.Join(root, gitleaks.IgnoreFileName))
	if err != nil || ig == nil {
		return err
	}
	for _, p := range ig.Problems {
		fmt.Fprintf(stderr, "leakhound: warning: %s (entry skipped, as gitleaks skips it)\n", termsafe.String(p))
	}
	matcher := gitleaks.NewRuleMatcher(rules)
	var specs []string
	for _, e := range ig.Entries {
		if e.Commit != "" {
			specs = append(specs, e.Commit+":"+e.Path)
		}
	}
	contents, err := source.ReadRevisions(ctx, repo, specs, maxSize)
	if err != nil {
		return fmt.Errorf("%s: reading the commits it names: %w", gitleaks.IgnoreFileName, err)
	}
	scanner := engine.NewScanner()
	for _, e := range ig.Entries {
		rank := func(ruleID, provider string) int { return matcher.Rank(e.RuleID, ruleID, provider) }
		var secrets []string
		if data, ok := contents[e.Commit+":"+e.Path]; ok && e.Commit != "" {
			secrets = secretsOnLine(scanner.ScanFile(e.Path, data), e.StartLine, rank)
		}
		sup.AddPlace(suppress.Place{Commit: e.Commit, Path: e.Path, Line: e.StartLine, Rank: rank, Secrets: secrets,
			Origin: fmt.Sprintf("%s:%d", gitleaks.IgnoreFileName, e.Line)})
	}
	return nil
}

// secretsOnLine returns the fingerprints of the matches on a line that
// rank accepts, those of the best rank present.
func secretsOnLine(ms []detect.Match, line int, rank func(ruleID, provider string) int) []string {
	best := 0
	var out []string
	for _, m := range ms {
		if m.Line != line {
			continue
		}
		r := rank(m.Rule.ID, m.Rule.Provider)
		switch {
		case r == 0 || best != 0 && r > best:
			continue
		case r < best:
			out = out[:0]
		}
		best = r
		out = append(out, finding.Fingerprint(m.Rule.ID, m.Secret))
	}
	return out
}
