package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/leakhound/leakhound/internal/allow"
	"github.com/leakhound/leakhound/internal/rule"
)

// Allowlist is an [[allowlists]] table, or a custom rule's
// [[rules.allowlists]]: matches it allows are not reported (they count as
// suppressed). The criteria and their defaults are gitleaks' (see
// package allow).
type Allowlist struct {
	Description string `toml:"description,omitempty"`
	// Condition is "or" (the default: any criterion allows) or "and"
	// (every criterion given must hold).
	Condition string `toml:"condition,omitempty"`
	// Rules and Providers limit a global list to some rules; a rule's own
	// list concerns that rule only.
	Rules     []string `toml:"rules,omitempty"`
	Providers []string `toml:"providers,omitempty"`
	Commits   []string `toml:"commits,omitempty"`
	// Paths are RE2 expressions matched anywhere in the path.
	Paths []string `toml:"paths,omitempty"`
	// RegexTarget is what Regexes are matched against: "secret" (the
	// default), "match" (the rule's whole match) or "line".
	RegexTarget string   `toml:"regex_target,omitempty"`
	Regexes     []string `toml:"regexes,omitempty"`
	// Stopwords allow a secret that contains one, in any case.
	Stopwords []string `toml:"stopwords,omitempty"`
	// SecretSHA256 allow secrets by the hex SHA-256 of their text (see
	// allow.List.SecretSHA256).
	SecretSHA256 []string `toml:"secret_sha256,omitempty"`
}

// compile checks the list and builds it.
func (a *Allowlist) compile() (*allow.List, error) {
	l := &allow.List{Description: a.Description}
	switch strings.ToLower(a.Condition) {
	case "", "or":
	case "and":
		l.All = true
	default:
		return nil, fmt.Errorf("condition %q is not \"or\" or \"and\"", a.Condition)
	}
	switch t := strings.ToLower(a.RegexTarget); t {
	case "", allow.TargetSecret, allow.TargetMatch, allow.TargetLine:
		l.Target = t
	default:
		return nil, fmt.Errorf("regex_target %q is not \"secret\", \"match\" or \"line\"", a.RegexTarget)
	}
	if len(a.Commits)+len(a.Paths)+len(a.Regexes)+len(a.Stopwords)+len(a.SecretSHA256) == 0 {
		return nil, errors.New("has none of commits, paths, regexes, stopwords or secret_sha256: it would allow nothing")
	}
	for i, h := range a.SecretSHA256 {
		h = strings.ToLower(strings.TrimSpace(h))
		if !IsSHA256Hex(h) {
			return nil, fmt.Errorf("secret_sha256[%d]: %q is not a SHA-256 in hex (64 hex digits)", i, a.SecretSHA256[i])
		}
		if l.SecretSHA256 == nil {
			l.SecretSHA256 = map[string]*atomic.Bool{}
		}
		l.SecretSHA256[h] = new(atomic.Bool)
	}
	var err error
	if l.Paths, err = compileAll("paths", a.Paths); err != nil {
		return nil, err
	}
	if l.Regexes, err = compileAll("regexes", a.Regexes); err != nil {
		return nil, err
	}
	for _, c := range a.Commits {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
			if l.Commits == nil {
				l.Commits = map[string]bool{}
			}
			l.Commits[c] = true
		}
	}
	for _, w := range a.Stopwords {
		if w = strings.ToLower(w); w != "" {
			l.Stopwords = append(l.Stopwords, w)
		}
	}
	return l, nil
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// IsSHA256Hex reports whether s is a SHA-256 in hex, as secret_sha256
// takes it: 64 hex digits in either case, blanks around ignored.
func IsSHA256Hex(s string) bool {
	return sha256Hex.MatchString(strings.ToLower(strings.TrimSpace(s)))
}

func compileAll(field string, exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %v", field, e, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// AllowSet compiles every allowlist of the config: the global ones and
// those of custom rules. rules are the scan's rules: a list naming a rule
// or provider that is not among them is an error, not a list that
// silently allows nothing.
func (c *Config) AllowSet(rules []*rule.Rule) (allow.Set, error) {
	ids, providers := map[string]bool{}, map[string]bool{}
	for _, r := range rules {
		ids[r.ID], providers[r.Provider] = true, true
	}
	for _, id := range c.Scan.DisabledRules {
		ids[id] = true // allowing a disabled rule's matches is harmless
	}
	var set allow.Set
	var errs []string
	for i := range c.Allowlists {
		a := &c.Allowlists[i]
		l, err := a.compile()
		if err == nil {
			l.Rules, err = names("rules", a.Rules, ids)
		}
		if err == nil {
			l.Providers, err = names("providers", a.Providers, providers)
		}
		if err != nil {
			errs = append(errs, fmt.Sprintf("allowlists[%d]: %v", i, err))
			continue
		}
		set = append(set, l)
	}
	for _, cr := range c.Rules {
		for i := range cr.Allowlists {
			a := &cr.Allowlists[i]
			if len(a.Rules)+len(a.Providers) > 0 {
				errs = append(errs, fmt.Sprintf("rule %s: allowlists[%d]: a rule's own list names no rules or providers", cr.ID, i))
				continue
			}
			l, err := a.compile()
			if err != nil {
				errs = append(errs, fmt.Sprintf("rule %s: allowlists[%d]: %v", cr.ID, i, err))
				continue
			}
			l.Rules = map[string]bool{cr.ID: true}
			set = append(set, l)
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return set, nil
}

func names(field string, list []string, known map[string]bool) (map[string]bool, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := map[string]bool{}
	for _, n := range list {
		if !known[n] {
			return nil, fmt.Errorf("%s: %q is not a rule of this scan", field, n)
		}
		out[n] = true
	}
	return out, nil
}
