// Package scan runs a source through the detection engine and collects
// findings, problems and statistics. It is the pipeline: source -> expand ->
// detect -> findings.
package scan

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leakhound/leakhound/internal/allow"
	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/source"
)

// Source is anything that yields units: files, a stream, git history.
type Source interface {
	Run(ctx context.Context, rep source.Report, handle source.Handler) error
}

// Options configure one scan.
type Options struct {
	Engine      *detect.Engine
	Workers     int
	ShowSecrets bool
	Expander    source.Expander
	// Progress, when set, receives a status line a few times a second.
	Progress io.Writer
	// Allow drops the matches an allowlist of the config allows; they
	// count as suppressed.
	Allow allow.Set
}

// Result is what a scan found and what it could not read.
type Result struct {
	Findings []finding.Finding
	Problems []source.Problem
	Notices  []source.Notice
	// Shallow lists the boundary commits of a shallow clone that the
	// history scanned reaches: it is cut short there.
	Shallow []string
	Bytes   int64
	Units   int64
	// Allowed counts matches dropped for an allow comment on their line
	// (leakhound:allow, gitleaks:allow, trufflehog:ignore, pragma:
	// allowlist secret) or by an allowlist: suppressed, and counted as
	// such.
	Allowed int
	Elapsed time.Duration
}

// Run scans src. The error is for a target that could not be scanned at
// all; parts that could not be read are in Result.Problems.
func Run(ctx context.Context, opts Options, src Source) (*Result, error) {
	workers := max(1, opts.Workers)
	c := &collector{}
	c.history.allow = opts.Allow
	scanners := make([]*detect.Scanner, workers)
	copied := make([][]detect.Copied, workers)
	for i := range scanners {
		scanners[i] = opts.Engine.NewScanner()
	}
	start := time.Now()
	stop := c.progress(opts.Progress, start)
	err := src.Run(ctx, c, func(worker int, u source.Unit) {
		if !u.Name {
			c.units.Add(1) // a file's name is no item of its own
		}
		opts.Expander.Expand(u, c, func(x source.Unit) {
			// Members of an archive inside a layer belong to that layer.
			x.Image = u.Image
			ms := scanDerived(scanners[worker], u, x, &copied[worker])
			if n := scanners[worker].Allowed(); n > 0 {
				c.allowed.Add(int64(n))
			}
			if len(ms) == 0 {
				return
			}
			fs := make([]finding.Finding, 0, len(ms))
			var cands []*allow.Candidate
			for _, m := range ms {
				if x.Piece != nil {
					var own bool
					if m.Line, m.Column, own = x.Piece.Place(m.Start, m.Line, m.Column); !own {
						continue // the neighbouring piece reports it
					}
				}
				if !onAddedLine(x, m) {
					continue
				}
				if x.Name {
					m.Line, m.Column = 0, len(x.Path)-len(x.Data)+m.Start+1
				}
				f := toFinding(m, x, opts.ShowSecrets)
				if len(opts.Allow) > 0 {
					cand := candidate(m, x.Data, opts.Allow.NeedsText())
					if x.Git == nil {
						if cand.Path, cand.Commit = f.Path, f.Commit; opts.Allow.Allows(cand) {
							c.allowed.Add(1)
							continue
						}
					}
					// History decides per place: a blob's copies have
					// other paths and commits.
					cands = append(cands, cand)
				}
				fs = append(fs, f)
			}
			if x.Image != nil && x.Image.CreatedBy != "" && !opts.ShowSecrets {
				redacted := redact(scanners[worker], x.Image.CreatedBy)
				for i := range fs {
					fs[i].CreatedBy = redacted
				}
			}
			if x.Git != nil {
				c.addHistory(fs, cands, x.Git.Seq, u.Blob, u.Path)
				return
			}
			c.add(fs)
		})
	})
	stop()
	// One finding per secret, every place in it: history's in the order
	// the commits introduced them, the others by path and line.
	finding.Sort(c.findings)
	history := c.history.findings()
	c.allowed.Add(int64(c.history.allowed))
	// Workers read in no fixed order (a history in the order its packs
	// store it): report what they could not read by path.
	slices.SortStableFunc(c.problems, func(a, b source.Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Err.Error(), b.Err.Error()))
	})
	slices.SortStableFunc(c.notices, func(a, b source.Notice) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Reason, b.Reason))
	})
	res := &Result{
		Findings: finding.Group(append(history, c.findings...)),
		Problems: c.problems,
		Notices:  c.notices,
		Shallow:  c.shallow,
		Bytes:    c.bytes.Load(),
		Units:    c.units.Load(),
		Allowed:  int(c.allowed.Load()),
		Elapsed:  time.Since(start),
	}
	finding.Sort(res.Findings)
	return res, err
}

// scanDerived scans x, a unit of u, taking the keyword hits of the bytes
// u copied from its delta base from what the base's scan kept, when x is
// u's content as it is (not a member, a piece or a decoding of it).
func scanDerived(s *detect.Scanner, u, x source.Unit, copies *[]detect.Copied) []detect.Match {
	d := u.Derived
	if d == nil || x.Piece != nil || len(x.Data) != len(u.Data) || len(x.Data) > 0 && &x.Data[0] != &u.Data[0] {
		return s.ScanFile(x.Path, x.Data)
	}
	base, _ := d.Base.(*detect.Prefilter)
	keep, _ := (*d.Keep).(*detect.Prefilter)
	if keep == nil {
		keep = new(detect.Prefilter)
		*d.Keep = keep
	}
	*copies = (*copies)[:0]
	for _, c := range d.Copies {
		*copies = append(*copies, detect.Copied{At: c.At, From: c.From, Len: c.Len})
	}
	return s.ScanDerived(x.Path, x.Data, base, *copies, keep)
}

// Incomplete tells whether part of the target was not scanned: it could
// not be read, or content that holds text was skipped (a notice marked
// Incomplete). "Nothing found" then does not mean clean.
func (r *Result) Incomplete() bool {
	return len(r.Problems) > 0 || len(r.Unscanned()) > 0
}

// Unscanned returns the notices about content that was not scanned.
func (r *Result) Unscanned() []source.Notice {
	var out []source.Notice
	for _, n := range r.Notices {
		if n.Incomplete {
			out = append(out, n)
		}
	}
	return out
}

// onAddedLine reports whether a change adds any line of m's secret, for
// units limited to the lines a change adds. Every line counts, not only the
// first: a private key whose body a commit replaces, or a base64 run
// wrapped over lines, starts on a line the commit leaves as it was.
func onAddedLine(x source.Unit, m detect.Match) bool {
	if x.Lines == nil {
		return true
	}
	last := m.Line
	if 0 <= m.Start && m.Start <= m.End && m.End <= len(x.Data) {
		last += bytes.Count(x.Data[m.Start:m.End], []byte{'\n'})
	}
	return x.Lines.Overlaps(m.Line, last)
}

func toFinding(m detect.Match, u source.Unit, showSecrets bool) finding.Finding {
	f := finding.Finding{
		RuleID:   m.Rule.ID,
		RuleName: m.Rule.Name,
		Provider: m.Rule.Provider,
		Severity: m.Rule.Severity,
		Location: finding.Location{Path: u.Path, Line: m.Line, Column: m.Column, Encoding: m.Encoding,
			Confidence: m.Confidence.String(), Key: m.KeyPath, Note: m.Note},
		Fingerprint: finding.Fingerprint(m.Rule.ID, m.Secret),
		Preview:     finding.Preview(m.Secret),
		RawSecret:   m.Secret,
	}
	if m.Severity != "" {
		f.Severity = m.Severity // a JWT's expiry or signature decides
	}
	if showSecrets {
		f.Secret = m.Secret
	}
	if u.Git != nil {
		f.Commit, f.Author, f.Email, f.Date = u.Git.Hash, u.Git.Author, u.Git.Email, u.Git.Date
	}
	if im := u.Image; im != nil {
		f.Image, f.Layer, f.LayerDigest, f.CreatedBy, f.Deleted = im.Image, im.Layer, im.Digest, im.CreatedBy, im.Deleted
	}
	return f
}

// candidate is what an allowlist may read of a match: its rule, secret,
// whole match and, when a list reads them, the match's text and lines.
func candidate(m detect.Match, data []byte, text bool) *allow.Candidate {
	c := &allow.Candidate{RuleID: m.Rule.ID, Provider: m.Rule.Provider, Secret: m.Secret}
	if !text {
		return c
	}
	ms, me := max(0, m.MatchStart), min(len(data), m.MatchEnd)
	c.Match = string(data[ms:me])
	ls := max(ms-maxAllowLine, 0)
	ls += bytes.LastIndexByte(data[ls:ms], '\n') + 1
	le := min(me+maxAllowLine, len(data))
	if i := bytes.IndexByte(data[me:le], '\n'); i >= 0 {
		le = me + i
	}
	c.Line = string(data[ls:le])
	return c
}

// maxAllowLine bounds how much of a match's line an allowlist reads on
// either side of the match.
const maxAllowLine = 64 << 10

// redact hides the secrets in text, such as a layer's RUN line with its
// build arguments, that a report shows next to a finding: a secret there
// must be as hidden as the finding's own.
func redact(s *detect.Scanner, text string) string {
	var b strings.Builder
	last := 0
	for _, m := range s.Scan([]byte(text)) {
		if m.Start < last {
			continue // overlaps a span already hidden
		}
		b.WriteString(text[last:m.Start])
		b.WriteString(finding.Preview(text[m.Start:m.End]))
		last = m.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// collector gathers results from concurrent workers.
type collector struct {
	mu       sync.Mutex
	findings []finding.Finding
	history  history
	problems []source.Problem
	notices  []source.Notice
	shallow  []string
	bytes    atomic.Int64
	units    atomic.Int64
	allowed  atomic.Int64
}

func (c *collector) add(fs []finding.Finding) {
	c.mu.Lock()
	c.findings = append(c.findings, fs...)
	c.mu.Unlock()
}

func (c *collector) addHistory(fs []finding.Finding, cands []*allow.Candidate, seq int, blob, path string) {
	c.mu.Lock()
	c.history.add(fs, cands, seq, blob, path)
	c.mu.Unlock()
}

func (c *collector) Copied(blob, from, path string, at *source.Commit) {
	c.mu.Lock()
	c.history.copies = append(c.history.copies, blobCopy{blob, from, path, at})
	c.mu.Unlock()
}

func (c *collector) Problem(p source.Problem) {
	c.mu.Lock()
	c.problems = append(c.problems, p)
	c.mu.Unlock()
}

func (c *collector) Notice(n source.Notice) {
	c.mu.Lock()
	c.notices = append(c.notices, n)
	c.mu.Unlock()
}

func (c *collector) Read(n int64) { c.bytes.Add(n) }

func (c *collector) Shallow(boundary []string) {
	c.mu.Lock()
	c.shallow = append(c.shallow, boundary...)
	c.mu.Unlock()
}

// progress writes a status line until the returned stop is called.
func (c *collector) progress(w io.Writer, start time.Time) (stop func()) {
	if w == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-t.C:
				b, n := c.bytes.Load(), c.units.Load()
				secs := time.Since(start).Seconds()
				c.mu.Lock()
				found := len(c.findings) + len(c.history.byPlace)
				c.mu.Unlock()
				fmt.Fprintf(w, "\r\033[Kscanning: %s in %d items, %s/s, %d findings", HumanBytes(b), n, HumanBytes(int64(float64(b)/secs)), found)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// HumanBytes formats a byte count for people.
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// History scans the commits revs select in a repository (every ref when
// revs is empty) and returns the findings, secrets held in RawSecret. A
// part of the history that could not be read is an error: a server must
// not record a partial scan as complete.
func History(ctx context.Context, engine *detect.Engine, repo string, revs []string, workers int) ([]finding.Finding, error) {
	opts := Options{Engine: engine, Workers: workers, Expander: source.Expander{MaxMemberSize: 50 << 20, MaxDepth: 4}}
	res, err := Run(ctx, opts, &source.Git{Repo: repo, Revs: revs, MaxFileSize: 50 << 20, Workers: workers, Profile: engine.PathProfile})
	if err != nil {
		return nil, err
	}
	if len(res.Problems) > 0 {
		return nil, fmt.Errorf("%d parts of %s could not be read, first: %v", len(res.Problems), repo, res.Problems[0])
	}
	if len(res.Shallow) > 0 {
		return nil, fmt.Errorf("%s is a shallow clone: its history stops at commit %s", repo, res.Shallow[0])
	}
	fs, _ := finding.AtLeast(res.Findings, finding.DefaultMinConfidence)
	return fs, nil
}
