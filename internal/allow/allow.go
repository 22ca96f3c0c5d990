// Package allow decides whether a match is allowed by an allowlist: a
// commit, a path, a regex on the secret, its match or its line, or a
// stopword in the secret, combined with OR or AND. It is the allowlist of
// .leakhound.toml, with the semantics gitleaks documents for its own
// (https://github.com/gitleaks/gitleaks#configuration), so allowlists
// imported from a .gitleaks.toml behave as they did there.
package allow

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
)

// Targets of a list's regexes.
const (
	TargetSecret = "secret"
	TargetMatch  = "match"
	TargetLine   = "line"
)

// List is one compiled allowlist.
type List struct {
	Description string
	// All makes every criterion the list has necessary (AND); by default
	// any one suffices (OR).
	All bool
	// Rules and Providers limit the list to some rules (by id) or
	// providers; both empty means every rule.
	Rules     map[string]bool
	Providers map[string]bool
	// Commits are full commit hashes in lower case.
	Commits map[string]bool
	// Paths match anywhere in the path (unanchored, as regexp.MatchString).
	Paths []*regexp.Regexp
	// Target is what Regexes are matched against: the secret (default),
	// the rule's whole match, or the line(s) holding the match.
	Target  string
	Regexes []*regexp.Regexp
	// Stopwords, in lower case, allow a secret that contains one.
	Stopwords []string
	// SecretSHA256 are hex SHA-256 digests (lower case) of secrets to
	// allow: a reviewed secret named without its text. A digest also
	// matches ggshield's ignore hash of a one-part secret, the SHA-256 of
	// "SECRET,apikey" (what `ggshield secret ignore` writes to
	// .gitguardian.yaml), so its reviews carry over. The value records
	// whether the digest allowed anything, safe for concurrent scans.
	SecretSHA256 map[string]*atomic.Bool
}

// Candidate is a match with what an allowlist may look at. One
// goroutine asks the lists about it.
type Candidate struct {
	RuleID, Provider string
	Secret, Match    string
	Line             string
	Path, Commit     string
	// digests are the SHA-256 digests SecretSHA256 lists are looked up
	// by, worked out once however many lists ask (a ggshield import
	// writes a list per ignored match).
	digests []string
}

// secretDigests returns the hex SHA-256 digests of the secret and of
// ggshield's ignore form of it, "SECRET,apikey".
func (c *Candidate) secretDigests() []string {
	if c.digests == nil && c.Secret != "" {
		for _, s := range [...]string{c.Secret, c.Secret + "," + ggshieldMatchType} {
			sum := sha256.Sum256([]byte(s))
			c.digests = append(c.digests, hex.EncodeToString(sum[:]))
		}
	}
	return c.digests
}

// Applies reports whether the list concerns a rule.
func (l *List) Applies(ruleID, provider string) bool {
	if len(l.Rules) == 0 && len(l.Providers) == 0 {
		return true
	}
	return l.Rules[ruleID] || l.Providers[provider]
}

// Allows reports whether the list allows the candidate.
func (l *List) Allows(c *Candidate) bool {
	if !l.Applies(c.RuleID, c.Provider) {
		return false
	}
	type check struct {
		present bool
		ok      func() bool
	}
	checks := [...]check{
		{len(l.Commits) > 0, func() bool { return c.Commit != "" && l.Commits[strings.ToLower(c.Commit)] }},
		{len(l.Paths) > 0, func() bool { return c.Path != "" && anyMatch(l.Paths, c.Path) }},
		{len(l.Regexes) > 0, func() bool { t := l.target(c); return t != "" && anyMatch(l.Regexes, t) }},
		{len(l.Stopwords) > 0, func() bool { return containsAny(strings.ToLower(c.Secret), l.Stopwords) }},
		{len(l.SecretSHA256) > 0, func() bool { return l.hashAllowed(c) }},
	}
	any := false
	for _, ch := range checks {
		if !ch.present {
			continue
		}
		any = true
		ok := ch.ok()
		if ok && !l.All {
			return true
		}
		if !ok && l.All {
			return false
		}
	}
	return l.All && any
}

// ggshieldMatchType is the match type GitGuardian gives the one part of a
// single-part secret; ggshield's ignore hash is
// sha256("<match>,<match_type>") over the parts (get_ignore_sha in
// ggshield's source).
const ggshieldMatchType = "apikey"

func (l *List) hashAllowed(c *Candidate) bool {
	for _, d := range c.secretDigests() {
		if used := l.SecretSHA256[d]; used != nil {
			used.Store(true)
			return true
		}
	}
	return false
}

// UnmatchedHashes returns, sorted, the digests of a list of digests alone
// that allowed nothing so far: after a scan of a whole target they are
// stale reviews, or a secret leakhound's rules do not find. A list with
// other criteria may have allowed a secret without its digest being
// looked at, so it returns none.
func (l *List) UnmatchedHashes() []string {
	if len(l.Commits)+len(l.Paths)+len(l.Regexes)+len(l.Stopwords) > 0 {
		return nil
	}
	var out []string
	for h, used := range l.SecretSHA256 {
		if !used.Load() {
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return out
}

func (l *List) target(c *Candidate) string {
	switch l.Target {
	case TargetMatch:
		return c.Match
	case TargetLine:
		return c.Line
	}
	return c.Secret
}

// NeedsText reports whether the list reads the match or its line, which
// the scan then keeps for it.
func (l *List) NeedsText() bool {
	return len(l.Regexes) > 0 && (l.Target == TargetMatch || l.Target == TargetLine)
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Set is every allowlist of a scan; a candidate any of them allows is
// allowed.
type Set []*List

// Allows reports whether any list allows the candidate.
func (s Set) Allows(c *Candidate) bool {
	for _, l := range s {
		if l.Allows(c) {
			return true
		}
	}
	return false
}

// NeedsText reports whether any list reads matches or lines.
func (s Set) NeedsText() bool {
	for _, l := range s {
		if l.NeedsText() {
			return true
		}
	}
	return false
}
