// Package leakhound finds leaked credentials (API keys, tokens, private
// keys, passwords) in text, directories and git histories, with the
// detector catalogue of the leakhound command built in. Detection runs in
// the process: nothing is sent anywhere.
//
// A Scanner is built once with New (it parses the catalogue and compiles
// the config) and is safe for concurrent use:
//
//	s, err := leakhound.New(leakhound.Options{})
//	findings, err := s.ScanDir(ctx, "path/to/project")
//
// A scan that could not read part of its target returns the findings of
// the rest with an *IncompleteError naming what was missed; a scan that
// failed (a folder that is not a git repository, a cancelled context)
// returns the error with what it found before: an error is never a clean
// result.
//
// The package runs the command's own pipeline: a config, .gitleaks.toml,
// .gitleaksignore or .secrets.baseline gives the same findings here as in
// `leakhound scan`.
package leakhound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/source"
)

// Options configure a Scanner. The zero value scans with the built-in
// catalogue and the leakhound command's defaults.
type Options struct {
	// Config is a .leakhound.toml to read: custom rules, disabled rules,
	// allowlists, excluded paths, the file size limit. A gitleaks config
	// (a name ending in gitleaks.toml) is translated, as the command
	// translates it. Empty means Root's, if any.
	Config string
	// Root is a project folder whose own files apply as the command
	// applies them at the root it scans: its .leakhound.toml (else its
	// .gitleaks.toml, translated) unless Config is given, and the reviews
	// kept there: .leakhoundignore, .gitleaksignore and .secrets.baseline.
	// Empty means none of them.
	Root string
	// Baseline is a leakhound JSON report or a detect-secrets baseline
	// whose secrets are not reported again.
	Baseline string
	// Warnings receives the notes the command prints on stderr: a gitleaks
	// config or a baseline not carried over exactly, bad entries of a
	// .gitleaksignore skipped as gitleaks skips them. Nil drops them.
	Warnings io.Writer
	// MinConfidence drops places less sure than this: "high", "medium"
	// (the default) or "low".
	MinConfidence string
	// RevealSecrets fills Finding.Secret. Without it a finding shows only
	// a Preview, so findings can be logged or stored safely.
	RevealSecrets bool
	// MaxFileSize skips (and reports, in an IncompleteError) files larger
	// than this many bytes; zero means the config's limit or 50 MB,
	// negative no limit.
	MaxFileSize int64
	// Workers is how many files are scanned at once; zero means one per
	// processor.
	Workers int
	// CacheDir, when set, keeps the parsed and checked built-in catalogue
	// there (as the command does in the user's cache folder), so New
	// takes milliseconds instead of about half a second after the first
	// time. Empty parses the catalogue every time.
	CacheDir string
}

// Finding is one secret under one rule, with every place it was found.
type Finding struct {
	RuleID   string
	RuleName string
	Provider string
	// Severity is critical, high, medium or low: what the credential
	// grants.
	Severity string
	// Fingerprint identifies the secret under its rule without showing
	// it: the same secret anywhere gets the same fingerprint.
	Fingerprint string
	// Preview shows the first characters of the secret.
	Preview string
	// Secret is the secret itself, with Options.RevealSecrets only.
	Secret string
	// Places lists where the secret was found, the first one first (in a
	// history, the oldest commit that put it at each path).
	Places []Place
}

// Place is one place a secret was found.
type Place struct {
	// Path is relative to the scanned root; a member of an archive is
	// written bundle.zip!inner/path.
	Path   string
	Line   int
	Column int
	// Commit, Author, Email and Date are those of the commit that put the
	// secret at Path, in a git history.
	Commit string
	Author string
	Email  string
	Date   time.Time
	// Confidence is high, medium or low.
	Confidence string
	// Key is the name the secret was assigned to, with its enclosing keys
	// (postmark.api_token), when it was found as a value.
	Key string
	// Encoding is "base64" for a secret found inside encoded text.
	Encoding string
}

// Gap is a part of a target that was not scanned, and why.
type Gap struct {
	Path   string
	Reason string
}

// IncompleteError is returned, with the findings of what was scanned,
// when part of the target was not: it could not be read, or it was
// skipped (over the size limit, a damaged archive).
type IncompleteError struct {
	Gaps []Gap
}

func (e *IncompleteError) Error() string {
	if len(e.Gaps) == 0 {
		return "the scan is incomplete"
	}
	return fmt.Sprintf("the scan is incomplete: %d %s not scanned, first %s: %s",
		len(e.Gaps), plural(len(e.Gaps), "part was", "parts were"), e.Gaps[0].Path, e.Gaps[0].Reason)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Scanner finds secrets. It is safe for concurrent use.
type Scanner struct {
	pipe    *pipeline.Pipeline
	minConf string
	reveal  bool
	workers int
}

// New parses the built-in catalogue and the config, reads the root's
// reviews, and compiles them: every problem with them is an error here.
// Parsing the catalogue takes about half a second unless Options.CacheDir
// holds it: build one Scanner and reuse it.
func New(opts Options) (*Scanner, error) {
	minConf := opts.MinConfidence
	if minConf == "" {
		minConf = finding.DefaultMinConfidence
	}
	if !finding.ValidConfidence(minConf) {
		return nil, fmt.Errorf("MinConfidence %q: want high, medium or low", minConf)
	}
	providers, err := pipeline.BuiltinCatalogue(opts.CacheDir, false)
	if err != nil {
		return nil, fmt.Errorf("built-in rules: %w", err)
	}
	pipe, err := pipeline.New(context.Background(), pipeline.Setup{Catalogue: providers, ConfigPath: opts.Config,
		Root: opts.Root, Baseline: opts.Baseline, MaxFileSize: opts.MaxFileSize, Warn: opts.Warnings, CacheDir: opts.CacheDir})
	if err != nil {
		return nil, err
	}
	s := &Scanner{pipe: pipe, minConf: minConf, reveal: opts.RevealSecrets, workers: opts.Workers}
	if s.workers <= 0 {
		s.workers = runtime.NumCPU()
	}
	return s, nil
}

// Rules returns the ids of the rules the scanner runs, in precedence
// order.
func (s *Scanner) Rules() []string {
	ids := make([]string, len(s.pipe.Rules))
	for i, r := range s.pipe.Rules {
		ids[i] = r.ID
	}
	return ids
}

// ScanReader scans a stream as the content of a file named name (the name
// tells how values are written and whether it is a test); it reads the
// stream to its end, or to the size limit.
func (s *Scanner) ScanReader(ctx context.Context, name string, r io.Reader) ([]Finding, error) {
	return s.run(ctx, &source.Reader{Name: name, R: r, MaxFileSize: s.pipe.MaxFileSize})
}

// ScanDir scans files and folders (archives and notebooks included).
// Paths in findings are relative to the first path when it is a folder.
func (s *Scanner) ScanDir(ctx context.Context, paths ...string) ([]Finding, error) {
	if len(paths) == 0 {
		return nil, errors.New("ScanDir: no path given")
	}
	return s.run(ctx, &source.Dir{Paths: paths, Exclude: s.pipe.Exclude, MaxFileSize: s.pipe.MaxFileSize, Workers: s.workers})
}

// GitOptions select the commits ScanGit covers.
type GitOptions struct {
	// Revisions are git log revisions ("main", "v1.2..main", "^old");
	// empty means every commit reachable from any ref.
	Revisions []string
}

// ScanGit scans the history of a repository, bare or not: each file
// version once, attributed to the first commit that put it at its path.
func (s *Scanner) ScanGit(ctx context.Context, repo string, opts GitOptions) ([]Finding, error) {
	var revs []string
	for _, r := range opts.Revisions {
		if strings.HasPrefix(r, "-") {
			return nil, fmt.Errorf("revision %q must not start with '-'", r)
		}
	}
	if len(opts.Revisions) > 0 {
		revs = append([]string{"--end-of-options"}, opts.Revisions...)
	}
	return s.run(ctx, &source.Git{Repo: repo, Revs: revs, Exclude: s.pipe.Exclude, MaxFileSize: s.pipe.MaxFileSize, Workers: s.workers, Profile: s.pipe.Engine.PathProfile})
}

func (s *Scanner) run(ctx context.Context, src scan.Source) ([]Finding, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	o, err := s.pipe.Run(ctx, src, pipeline.RunOptions{Workers: s.workers, ShowSecrets: s.reveal, MinConfidence: s.minConf})
	out := make([]Finding, 0, len(o.Reported))
	for _, f := range o.Reported {
		out = append(out, export(f, s.reveal))
	}
	if err != nil {
		return out, err
	}
	res := o.Result
	if res.Incomplete() {
		e := &IncompleteError{}
		for _, g := range o.NotScanned() {
			e.Gaps = append(e.Gaps, Gap{Path: g.Path, Reason: g.Reason})
		}
		return out, e
	}
	if len(res.Shallow) > 0 {
		return out, &IncompleteError{Gaps: []Gap{{Path: res.Shallow[0], Reason: "a shallow clone: the history stops at this commit"}}}
	}
	return out, nil
}

func export(f finding.Finding, reveal bool) Finding {
	out := Finding{RuleID: f.RuleID, RuleName: f.RuleName, Provider: f.Provider, Severity: f.Severity,
		Fingerprint: f.Fingerprint, Preview: f.Preview}
	if reveal {
		out.Secret = f.RawSecret
	}
	for _, p := range f.AllPlaces() {
		out.Places = append(out.Places, Place{Path: p.Path, Line: p.Line, Column: p.Column, Commit: p.Commit,
			Author: p.Author, Email: p.Email, Date: p.Date, Confidence: p.Confidence, Key: p.Key, Encoding: p.Encoding})
	}
	return out
}
