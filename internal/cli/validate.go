package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/validate"
)

// newChecker builds the validity checker from the config's [validation].
func newChecker(cfg *config.Config, rules []*rule.Rule) (*validate.Checker, error) {
	v := cfg.Validation
	opts := validate.Options{Hosts: v.Hosts, Concurrency: v.Concurrency, Retries: 2, PerHost: 100 * time.Millisecond,
		UserAgent: "leakhound/" + version() + " (secret validity check; +https://github.com/leakhound/leakhound)",
		Rules:     map[string]*rule.Rule{}}
	for _, r := range rules {
		opts.Rules[r.ID] = r
	}
	if v.Retries != nil {
		opts.Retries = *v.Retries
	}
	for _, d := range []struct {
		name, value string
		into        *time.Duration
	}{{"validation.timeout", v.Timeout, &opts.Timeout}, {"validation.per_host_gap", v.PerHost, &opts.PerHost}} {
		if d.value == "" {
			continue
		}
		parsed, err := time.ParseDuration(d.value)
		if err != nil || parsed < 0 {
			return nil, fmt.Errorf("%s: %q is not a duration such as 10s", d.name, d.value)
		}
		*d.into = parsed
	}
	return validate.New(opts)
}

// validateFindings checks every finding whose rule has a check, one
// request per unique secret, and fills the validity fields. A two-part
// credential is checked with its other part, RawPair (attachPairs).
func validateFindings(ctx context.Context, checker *validate.Checker, rules map[string]*rule.Rule, fs []finding.Finding) {
	var wg sync.WaitGroup
	for i := range fs {
		f := &fs[i]
		r := rules[f.RuleID]
		if r == nil || r.Validate == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := checker.Check(ctx, r, f.RawSecret, f.RawPair)
			f.Validity, f.ValidityReason, f.ValidatedAt = string(res.Status), res.Reason, res.CheckedAt
			if res.RuleID != "" && res.RuleID != f.RuleID {
				if other := rules[res.RuleID]; other != nil {
					// A finding the engine judged milder than its rule (an
					// expired JWT) stays as mild under the sibling rule.
					sev := other.Severity
					if rule.SeverityRank(f.Severity) > rule.SeverityRank(r.Severity) {
						sev = rule.MilderSeverity(f.Severity, other.Severity)
					}
					f.RuleID, f.RuleName, f.Severity = other.ID, other.Name, sev
					f.Fingerprint = finding.Fingerprint(other.ID, f.RawSecret)
				}
			}
		}()
	}
	wg.Wait()
}

// withoutIdentifiers drops the findings of identifier rules (an account
// SID, a key id): not secrets, found only to complete a two-part
// credential's check, so never reported, counted or sent.
func withoutIdentifiers(rules map[string]*rule.Rule, fs []finding.Finding) []finding.Finding {
	kept := fs[:0]
	for _, f := range fs {
		if r := rules[f.RuleID]; r == nil || !r.Identifier {
			kept = append(kept, f)
		}
	}
	return kept
}

// attachPairs gives each finding of a two-part credential (a rule whose
// check names a pair rule) its other part in RawPair: the secret of the
// nearest finding of the pair rule in the same file (and commit or
// layer). Validity checks and reports to the incident server both take
// the pair from here, so they always agree on it. It runs on every
// finding of the scan, before any is dropped (--only-valid), since the
// other part is often a finding no one keeps on its own (an access key id).
func attachPairs(fs []finding.Finding, rules map[string]*rule.Rule) {
	pairRule := func(f *finding.Finding) string {
		if r := rules[f.RuleID]; r != nil && r.Validate != nil {
			return r.Validate.Pair
		}
		return ""
	}
	wanted := map[string]bool{}
	for i := range fs {
		if p := pairRule(&fs[i]); p != "" {
			wanted[p] = true
		}
	}
	if len(wanted) == 0 {
		return
	}
	// The pair rules' places by file, so each finding looks only at its
	// own files: a history with thousands of key pairs is not a product
	// of thousands.
	idx := pairIndex{}
	seq := 0
	for i := range fs {
		if o := &fs[i]; wanted[o.RuleID] {
			for _, op := range o.AllPlaces() {
				k := pairKey{o.RuleID, op.Path, op.Commit, op.LayerDigest}
				idx[k] = append(idx[k], pairCandidate{op.Line, seq, o.RawSecret})
				seq++
			}
		}
	}
	for i := range fs {
		if p := pairRule(&fs[i]); p != "" {
			fs[i].RawPair = idx.nearest(&fs[i], p)
		}
	}
}

type pairKey struct{ rule, path, commit, layer string }

// pairCandidate is a place of a pair rule's finding; seq orders them as
// the findings and their places come.
type pairCandidate struct {
	line, seq int
	secret    string
}

type pairIndex map[pairKey][]pairCandidate

// nearest returns the secret of the pairRule finding found nearest to f:
// at a place in the same file (and commit or layer) as one of f's, the
// fewest lines away; of several as near, the first found.
func (idx pairIndex) nearest(f *finding.Finding, pairRule string) string {
	best, bestDist, bestSeq := "", -1, 0
	for _, fp := range f.AllPlaces() {
		for _, c := range idx[pairKey{pairRule, fp.Path, fp.Commit, fp.LayerDigest}] {
			d := c.line - fp.Line
			if d < 0 {
				d = -d
			}
			if bestDist < 0 || d < bestDist || d == bestDist && c.seq < bestSeq {
				best, bestDist, bestSeq = c.secret, d, c.seq
			}
		}
	}
	return best
}

func newValidateCmd(io *IO) *cobra.Command {
	var ruleID, configPath string
	cmd := &cobra.Command{
		Use:   "validate --rule RULE_ID < secret",
		Short: "Ask the provider whether one secret (read from standard input) is still live",
		Long: `Reads the secret from standard input (never from the command line, which
leaks into shell history and process lists). For a two-part credential the
first line is the secret and the second its other part (for AWS: the secret
access key, then the access key id). Prints valid, invalid or unknown with
the reason. Exit status: 0 valid, 1 invalid, 3 unknown, 2 error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ruleID == "" {
				return exitWith(ExitError, errors.New("--rule is required (see `leakhound rules list`)"))
			}
			cfg, rules, r, err := configAndRule(io, configPath, ruleID)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if r.Validate == nil {
				return exitWith(ExitError, fmt.Errorf("rule %s has no validity check", ruleID))
			}
			secret, pair, err := readSecret(io)
			if err != nil {
				return exitWith(ExitError, err)
			}
			checker, err := newChecker(cfg, rules)
			if err != nil {
				return exitWith(ExitError, err)
			}
			res := checker.Check(cmdContext(cmd), r, secret, pair)
			kind := ""
			if res.RuleID != r.ID {
				kind = " as " + res.RuleID
			}
			fmt.Fprintf(io.Out, "%s%s: %s\n", res.Status, kind, res.Reason)
			switch res.Status {
			case validate.Valid:
				return nil
			case validate.Invalid:
				return exitWith(ExitFindings, nil)
			}
			return exitWith(3, nil)
		},
	}
	cmd.Flags().StringVar(&ruleID, "rule", "", "the rule (kind of credential) to check it as")
	cmd.Flags().StringVar(&configPath, "config", "", "config file with [validation] settings (default ./.leakhound.toml)")
	return cmd
}

// readSecret takes the secret, and its other part if given, from the
// first two non-empty lines of standard input.
func readSecret(io *IO) (secret, pair string, err error) {
	sc := bufio.NewScanner(io.In)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var lines []string
	for sc.Scan() && len(lines) < 2 {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", fmt.Errorf("reading the secret: %w", err)
	}
	if len(lines) == 0 {
		return "", "", errors.New("no secret on standard input")
	}
	if len(lines) > 1 {
		pair = lines[1]
	}
	return lines[0], pair, nil
}

// configAndRule loads the config (its [validation] settings) and the
// catalogue, and finds the rule a command was asked about.
func configAndRule(io *IO, configPath, ruleID string) (*config.Config, []*rule.Rule, *rule.Rule, error) {
	cfg, err := config.Load(configPath, ".")
	if err != nil {
		return nil, nil, nil, err
	}
	rules, err := loadRules(io, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	r := findRule(rules, ruleID)
	if r == nil {
		return nil, nil, nil, fmt.Errorf("no rule %q%s", ruleID, suggest(rules, ruleID))
	}
	return cfg, rules, r, nil
}
