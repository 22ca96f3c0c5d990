// Package pipeline prepares and runs a scan as every front end runs it:
// the config (or a gitleaks config translated), the rule set, the engine,
// the allowlists and the reviews kept at the project's root, then a source
// through scan.Run, the suppressions and the confidence floor. The
// leakhound command and the public package pkg/leakhound both use it, so
// they find the same things in the same input.
package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/leakhound/leakhound/internal/allow"
	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/ggshield"
	"github.com/leakhound/leakhound/internal/gitleaks"
	"github.com/leakhound/leakhound/internal/pathmatch"
	"github.com/leakhound/leakhound/internal/report"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/suppress"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// DefaultMaxFileSize skips files no one writes by hand (dumps, media); a
// skipped file is reported, never silent.
const DefaultMaxFileSize = 50 << 20

// Setup is what a scan is prepared from.
type Setup struct {
	// Catalogue is the built-in providers.
	Catalogue []*rule.Provider
	// ConfigPath is the config to read; "" means Root's .leakhound.toml,
	// else Root's .gitleaks.toml translated, else none.
	ConfigPath string
	// Root is the project whose own files apply: its config, and the
	// reviews kept there (.leakhoundignore, .gitleaksignore,
	// .secrets.baseline). "" reads none of them.
	Root string
	// Repo is the git repository the commits a .gitleaksignore names are
	// looked up in; "" means Root. They differ when Root holds the files
	// of a range's base, read out of the repository (see cli's scan ci).
	Repo string
	// Baseline is a leakhound JSON report or a detect-secrets baseline
	// whose findings are not reported again.
	Baseline string
	// MaxFileSize overrides the config's limit: 0 keeps it (or the
	// default), negative means no limit.
	MaxFileSize int64
	// Warn receives notes on what was read (translations that were not
	// exact, bad entries skipped as their tool skips them); nil drops them.
	Warn io.Writer
	// CacheDir keeps what the engine derives from the rules for the next
	// run (see detect.NewCached); "" keeps nothing.
	CacheDir string
}

// Pipeline is a prepared scan. Run may be called from several goroutines.
type Pipeline struct {
	Config *config.Config
	// Rules are the rules that run, in precedence order.
	Rules  []*rule.Rule
	Engine *detect.Engine
	// Exclude and MaxFileSize are for the sources to apply; zero
	// MaxFileSize means no limit.
	Exclude     *pathmatch.Matcher
	MaxFileSize int64
	allow       allow.Set
	// mu guards sup, whose Filter records what each review resolved to.
	mu  sync.Mutex
	sup *suppress.Set
}

// LoadConfig reads the config of a scan (see Setup.ConfigPath) and says
// on warn, in one line, when another tool's config (gitleaks', or
// ggshield's .gitguardian.yaml when there is neither a .leakhound.toml nor
// a .gitleaks.toml) could not be carried over exactly.
func LoadConfig(path, root string, catalogue []*rule.Provider, warn io.Writer) (*config.Config, error) {
	flatten := func() ([]*rule.Rule, error) { return rule.Flatten(catalogue) }
	var cfg *config.Config
	var notes []config.Note
	var err error
	tool, used := otherToolConfig(path, root)
	switch tool {
	case "gitleaks":
		cfg, notes, err = gitleaks.Import(used, flatten)
	case "ggshield":
		cfg, notes, err = ggshield.Import(used, flatten)
	default:
		cfg, err = config.Load(path, root)
	}
	if err != nil {
		return nil, err
	}
	if n := config.CountInexact(notes); n > 0 && warn != nil {
		fmt.Fprintf(warn, "leakhound: read %s (there is no %s): %d %s not carried over exactly; `leakhound config import %s %s` says which and why\n",
			termsafe.String(used), config.FileName, n, config.Plural(n, "part was", "parts were"), tool, termsafe.String(used))
	}
	return cfg, nil
}

// otherToolConfig names the other tool's config a scan reads instead of
// a .leakhound.toml, and its path: a gitleaks config given by name, or,
// with none given and no .leakhound.toml at the root, a .gitleaks.toml
// there, else ggshield's .gitguardian.yaml. None: "".
func otherToolConfig(path, root string) (tool, used string) {
	switch {
	case path != "" && gitleaks.IsConfigName(path):
		return "gitleaks", path
	case path != "" || root == "":
		return "", ""
	}
	if _, err := os.Stat(filepath.Join(root, config.FileName)); !errors.Is(err, os.ErrNotExist) {
		return "", "" // there, or unreadable: config.Load says which
	}
	if p := filepath.Join(root, gitleaks.ConfigFileName); fileExists(p) {
		return "gitleaks", p
	}
	if gg := ggshield.FindConfig(root); gg != "" {
		return "ggshield", gg
	}
	return "", ""
}

// fileExists reports that something is at p (a directory there is read,
// and refused, as the config).
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// New reads and compiles everything a scan needs; every problem is an
// error, before anything is scanned.
func New(ctx context.Context, s Setup) (*Pipeline, error) {
	warn := s.Warn
	if warn == nil {
		warn = io.Discard
	}
	cfg, err := LoadConfig(s.ConfigPath, s.Root, s.Catalogue, warn)
	if err != nil {
		return nil, err
	}
	p := &Pipeline{Config: cfg, MaxFileSize: DefaultMaxFileSize}
	n, err := cfg.MaxFileSize()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	switch {
	case s.MaxFileSize < 0:
		p.MaxFileSize = 0
	case s.MaxFileSize > 0:
		p.MaxFileSize = s.MaxFileSize
	case n > 0:
		p.MaxFileSize = n
	}
	if p.Exclude, err = pathmatch.New(cfg.Scan.Exclude); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	if p.Rules, err = cfg.RuleSet(s.Catalogue); err != nil {
		return nil, err
	}
	if p.Engine, err = detect.NewCached(p.Rules, s.CacheDir); err != nil {
		return nil, err
	}
	if err := checkCustomExamples(p.Engine, cfg, p.Rules); err != nil {
		return nil, err
	}
	sup, baselineAllowlists, err := loadSuppressions(ctx, warn, s.Root, cmp.Or(s.Repo, s.Root), s.Baseline, p.Rules, p.Engine, p.MaxFileSize)
	if err != nil {
		return nil, err
	}
	p.sup = sup
	cfg.Allowlists = append(cfg.Allowlists, baselineAllowlists...)
	if p.allow, err = cfg.AllowSet(p.Rules); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	return p, nil
}

// RunOptions are a single scan's.
type RunOptions struct {
	Workers     int
	ShowSecrets bool
	// MinConfidence drops places less sure than this; "" keeps all.
	MinConfidence string
	// Progress, when set, receives a status line a few times a second.
	Progress io.Writer
}

// Outcome is what a scan found once the reviews are applied.
type Outcome struct {
	// Result is the scan's, its Findings before suppression.
	*scan.Result
	// Reported are the findings left to report.
	Reported []finding.Finding
	// Suppressed counts the places allow comments, allowlists and reviews
	// took back; BelowConfidence those under the confidence floor.
	Suppressed      int
	BelowConfidence int
	// RealSuppressed counts suppressed places a detect-secrets baseline
	// marks as real secrets (known, still to be rotated).
	RealSuppressed int
	// Unresolved names the reviews that named no secret this scan found.
	Unresolved []string
}

// Run scans src. The error is for a target that could not be scanned at
// all (the Outcome then holds what was found before); parts that could
// not be read are in Outcome.Problems.
func (p *Pipeline) Run(ctx context.Context, src scan.Source, o RunOptions) (*Outcome, error) {
	res, err := scan.Run(ctx, scan.Options{
		Engine: p.Engine, Workers: o.Workers, ShowSecrets: o.ShowSecrets, Progress: o.Progress, Allow: p.allow,
		Expander: source.Expander{MaxMemberSize: p.MaxFileSize, MaxDepth: 4},
	}, src)
	out := &Outcome{Result: res}
	// Filter reuses the slice it is given: the result keeps its own.
	all := append([]finding.Finding(nil), res.Findings...)
	p.mu.Lock()
	kept, suppressed := p.sup.Filter(all)
	out.Unresolved = p.sup.Unresolved()
	for _, l := range p.allow {
		for _, h := range l.UnmatchedHashes() {
			out.Unresolved = append(out.Unresolved, fmt.Sprintf("%s (secret_sha256 %s…)", cmp.Or(l.Description, "an allowlist"), h[:12]))
		}
	}
	out.RealSuppressed = p.sup.RealSuppressed()
	p.mu.Unlock()
	out.Suppressed = suppressed + res.Allowed
	out.Reported, out.BelowConfidence = kept, 0
	if o.MinConfidence != "" {
		out.Reported, out.BelowConfidence = finding.AtLeast(kept, o.MinConfidence)
	}
	return out, err
}

// NotScanned lists what the scan did not cover: parts that could not be
// read, and parts skipped (over the size limit, damaged archives).
func (o *Outcome) NotScanned() []report.Gap {
	var gaps []report.Gap
	for _, p := range o.Problems {
		gaps = append(gaps, report.Gap{Path: p.Path, Reason: p.Err.Error()})
	}
	for _, n := range o.Unscanned() {
		gaps = append(gaps, report.Gap{Path: n.Path, Reason: n.Reason})
	}
	return gaps
}

// checkCustomExamples holds users' rules to the catalogue's standard: a
// custom rule whose own examples fail is a config error, not a silent gap.
func checkCustomExamples(engine *detect.Engine, cfg *config.Config, rules []*rule.Rule) error {
	var problems []string
	for _, f := range CustomRuleProblems(engine, cfg, rules) {
		for _, p := range f.Problems {
			problems = append(problems, fmt.Sprintf("custom rule %s: %s", f.ID, p))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}

// RuleProblems is what a rule's examples say is wrong with it.
type RuleProblems struct {
	ID       string
	Problems []string
}

// CustomRuleProblems runs the examples of cfg's custom rules (found in
// rules, the rule set built from cfg) through engine, and returns the
// rules that fail, in rules' order.
func CustomRuleProblems(engine *detect.Engine, cfg *config.Config, rules []*rule.Rule) []RuleProblems {
	custom := map[string]bool{}
	for _, cr := range cfg.Rules {
		custom[cr.ID] = true
	}
	var out []RuleProblems
	for _, r := range rules {
		if !custom[r.ID] {
			continue
		}
		if problems := engine.CheckExamples(r); len(problems) > 0 {
			out = append(out, RuleProblems{ID: r.ID, Problems: problems})
		}
	}
	return out
}
