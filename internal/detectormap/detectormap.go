// Package detectormap finds the leakhound rules that stand for another
// scanner's detector, named as that scanner names it: ggshield's
// "GitHub Token" or "Generic Password", TruffleHog's "Github" or
// "SlackWebhook", a gitleaks id. An ignore or a disabled detector of the
// other tool then still takes effect; a name that maps to nothing is
// said so by the caller, never dropped silently.
package detectormap

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/leakhound/leakhound/internal/rule"
)

// Map indexes the rules of a scan by what other tools call them.
type Map struct {
	byID       map[string]string   // rule id or alias -> rule id
	byProvider map[string][]string // provider key -> its rule ids
	generic    []string            // generic rule ids
}

// New indexes rules.
func New(rules []*rule.Rule) *Map {
	m := &Map{byID: map[string]string{}, byProvider: map[string][]string{}}
	for _, r := range rules {
		m.byID[r.ID] = r.ID
		for _, a := range r.Aliases {
			m.byID[strings.ToLower(a)] = r.ID
		}
		if r.Generic() {
			m.generic = append(m.generic, r.ID)
		}
		keys := map[string]bool{squash(r.Provider): true}
		if r.ProviderName != "" {
			keys[squash(r.ProviderName)] = true
		}
		delete(keys, "generic") // "Generic X" names a kind of secret, not a provider
		for k := range keys {
			m.byProvider[k] = append(m.byProvider[k], r.ID)
		}
	}
	return m
}

// renamed are names other tools give a provider that leakhound files
// under another: TruffleHog's SendinBlueV2, NexmoApiKey, JiraToken,
// YoutubeApiKey, Circle, KubeConfig, JDBC and URI detectors, ggshield's
// "PostgreSQL Credentials" and "MongoDB Credentials" (connection URLs).
var renamed = map[string]string{
	"sendinblue": "brevo", "nexmo": "vonage", "jira": "atlassian", "youtube": "google",
	"circle": "circleci", "kubeconfig": "kubernetes", "jdbc": "database", "uri": "database",
	"postgresql": "database", "postgres": "database", "mongodb": "database", "mysql": "database",
}

// Match is what a name maps to.
type Match struct {
	// Rules are the ids, sorted; empty when the name maps to nothing.
	Rules []string
	// How says why: "rule", "provider <key>" or "generic rules".
	How string
}

// fillers say what kind of secret a detector finds, not whose: they do
// not narrow a provider's rules down.
var fillers = map[string]bool{
	"key": true, "keys": true, "token": true, "tokens": true, "secret": true, "secrets": true,
	"api": true, "access": true, "credential": true, "credentials": true, "generic": true,
}

// Lookup maps a detector name to rules: the rule whose id (or alias) it
// is; else the rules of the provider some of its words name, narrowed to
// those whose ids hold its other telling words when some do; else, for a
// generic detector, the generic rules whose ids hold its telling words.
func (m *Map) Lookup(name string) Match {
	words := split(name)
	if len(words) == 0 {
		return Match{}
	}
	if id, ok := m.byID[strings.Join(words, "-")]; ok {
		return Match{Rules: []string{id}, How: "rule"}
	}
	if id, ok := m.byID[strings.ToLower(strings.TrimSpace(name))]; ok {
		return Match{Rules: []string{id}, How: "rule"}
	}
	// The longest run of words that names a provider, leftmost first:
	// "OpenSSH Private Key" is a private key of the OpenSSH kind.
	for n := len(words); n > 0; n-- {
		for start := 0; start+n <= len(words); start++ {
			key := strings.Join(words[start:start+n], "")
			if n == 1 && (fillers[key] || len(key) < 3) {
				continue
			}
			if r, ok := renamed[key]; ok {
				key = r
			}
			ids := m.byProvider[key]
			if len(ids) == 0 {
				continue
			}
			rest := append(append([]string(nil), words[:start]...), words[start+n:]...)
			if narrowed := narrow(ids, telling(rest)); len(narrowed) > 0 {
				ids = narrowed
			}
			return Match{Rules: sorted(ids), How: "provider " + key}
		}
	}
	if words[0] != "generic" {
		return Match{}
	}
	tell := telling(words[1:])
	if len(tell) == 0 {
		return Match{}
	}
	return Match{Rules: sorted(narrow(m.generic, tell)), How: "generic rules"}
}

// Disable adds to disabled the rules name maps to, each once, and says
// what it did for a migration note: inexact when name maps to no rule, so
// the secrets it stood for are still reported.
func (m *Map) Disable(disabled []string, name string) (out []string, note string, inexact bool) {
	got := m.Lookup(name)
	if len(got.Rules) == 0 {
		return disabled, "names no leakhound rule: the secrets it stood for are still reported by whichever rule finds them", true
	}
	for _, id := range got.Rules {
		if !slices.Contains(disabled, id) {
			disabled = append(disabled, id)
		}
	}
	return disabled, fmt.Sprintf("disables %s (%s)", strings.Join(got.Rules, ", "), got.How), false
}

// split lower-cases a name into words, breaking at punctuation, spaces
// and camelCase humps (SlackWebhook, AWSKeys).
func split(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(strings.TrimSpace(name))
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (unicode.IsUpper(rs[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// squash keeps the letters and digits of a name, in lower case.
func squash(s string) string {
	return strings.Join(split(s), "")
}

func telling(words []string) []string {
	var out []string
	for _, w := range words {
		if !fillers[w] && len(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// narrow keeps the ids holding every word, or, for a name split at its
// capitals (OpenSSH is open, ssh), the words joined.
func narrow(ids, words []string) []string {
	if out := containing(ids, words); len(out) > 0 || len(words) < 2 {
		return out
	}
	return containing(ids, []string{strings.Join(words, "")})
}

func containing(ids, words []string) []string {
	if len(words) == 0 {
		return nil
	}
	var out []string
	for _, id := range ids {
		parts := strings.Split(id, "-")
		all := true
		for _, w := range words {
			if !hasPart(parts, w) {
				all = false
				break
			}
		}
		if all {
			out = append(out, id)
		}
	}
	return out
}

// hasPart matches a word to an id part, allowing a plural (Webhooks) or
// a stem (Passwords, password).
func hasPart(parts []string, w string) bool {
	for _, p := range parts {
		if p == w || p+"s" == w || p == w+"s" {
			return true
		}
	}
	return false
}

func sorted(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}
