package gitleaks

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/regexconv"
	"github.com/leakhound/leakhound/internal/rule"
)

// ImportedProvider is the provider of imported rules whose own id cannot
// be a leakhound id as it is.
const ImportedProvider = "gitleaks"

// importedSeverity is given to imported rules: gitleaks rules have no
// severity, and a leaked secret is serious until shown otherwise.
const importedSeverity = rule.SeverityHigh

// Translate turns a gitleaks config into a leakhound config. leakhound's
// catalogue stands in for gitleaks' default rules; custom rules become
// custom rules that run as gitleaks runs them (whole_file, exact), with
// their allowlists; global allowlists become allowlists. The notes say
// how each part was carried over and what could not be carried over
// exactly, and why.
func Translate(gc *Config, catalogue []*rule.Rule) (*config.Config, []config.Note) {
	t := &translator{
		gc:        gc,
		matcher:   NewRuleMatcher(catalogue),
		ids:       map[string]string{},
		builtin:   map[string]bool{},
		providers: map[string]bool{},
		defaults:  map[string]bool{},
		cfg:       &config.Config{},
	}
	for _, r := range catalogue {
		t.builtin[r.ID], t.providers[r.Provider] = true, true
		if r.Generic() {
			t.generic = append(t.generic, r.ID)
			if r.Assigned != nil {
				t.genericAssigned = append(t.genericAssigned, r.ID)
			}
		}
	}
	for _, id := range DefaultRuleIDs {
		t.defaults[id] = true
	}
	t.extend()
	t.rules()
	t.disabled()
	for i, a := range gc.globalAllowlists() {
		t.global(i, a)
	}
	return t.cfg, t.notes
}

type translator struct {
	gc      *Config
	matcher *RuleMatcher
	// ids maps imported gitleaks rule ids to their leakhound ids.
	ids                map[string]string
	builtin, providers map[string]bool
	defaults           map[string]bool
	generic            []string // the catalogue's generic rules
	// genericAssigned are the generic rules that read assignments
	// (password = ..., api_key: ...): what gitleaks' generic-api-key finds.
	genericAssigned             []string
	cfg                         *config.Config
	notes                       config.Notes
	standIns                    []string // default rules the catalogue stands in for
	standInsWithOwnDetection    []string
	standInsWithoutCounterparts []string
}

func (t *translator) note(subject string, inexact bool, format string, args ...any) {
	t.notes.Add(subject, inexact, format, args...)
}

func (t *translator) extend() {
	e := t.gc.Extend
	switch {
	case e.UseDefault:
		t.note("[extend] useDefault", false, "gitleaks' default rules: leakhound's own catalogue stands in for them")
	case e.URL != "":
		t.note("[extend] url", true, "%q is not fetched: leakhound reads no config over the network; leakhound's catalogue stands in for what it would add", e.URL)
	default:
		custom := 0
		for _, r := range t.gc.Rules {
			if !t.defaults[r.ID] {
				custom++
			}
		}
		if custom == len(t.gc.Rules) && custom > 0 {
			t.note("[extend]", true, "without useDefault gitleaks runs only this config's rules; leakhound runs its own catalogue as well, which may find more (turn rules off with [scan] disabled_rules)")
		}
	}
	if t.gc.MinVersion != "" {
		t.note("minVersion", false, "%q names a gitleaks version; it does not apply to leakhound", t.gc.MinVersion)
	}
}

// rules translates every [[rules]] table.
func (t *translator) rules() {
	for _, r := range t.gc.Rules {
		subject := "rule " + r.ID
		if r.ID == "" {
			t.note("rule", true, "a rule without an id is not carried over (gitleaks rejects it too)")
			continue
		}
		if t.defaults[r.ID] && t.standIn(r) {
			continue
		}
		if r.SkipReport {
			t.note(subject, true, "skipReport: gitleaks reports nothing for it on its own (it only serves composite rules); not carried over")
			continue
		}
		cr, ok := t.custom(r, subject)
		if !ok {
			continue
		}
		t.ids[r.ID] = cr.ID
		t.cfg.Rules = append(t.cfg.Rules, cr)
	}
	if len(t.standInsWithoutCounterparts) > 0 {
		t.note("gitleaks default rules", false, "leakhound has no rule for the providers of %s: imported as custom rules", strings.Join(t.standInsWithoutCounterparts, ", "))
	}
	sort.Strings(t.standIns)
	if len(t.standIns) > 0 {
		t.note("gitleaks default rules", false, "leakhound's rules for the same providers stand in for %s", strings.Join(t.standIns, ", "))
	}
	if len(t.standInsWithOwnDetection) > 0 {
		t.note("gitleaks default rules", true, "%s set their own regex, path, entropy or keywords; leakhound's rules for the same providers detect instead of them (a rule meant to differ from gitleaks' default, such as one for a custom token prefix, must have an id of its own to be imported)",
			strings.Join(t.standInsWithOwnDetection, ", "))
	}
}

// standIn handles a rule with the id of a gitleaks default rule, for
// which leakhound's catalogue stands in: its allowlists are carried over
// to the rules of the same provider. It reports false when leakhound has
// no rule for that provider: the rule is then imported as a custom rule,
// when it has a regex.
func (t *translator) standIn(r Rule) bool {
	subject := "rule " + r.ID
	providers := t.matcher.Providers(r.ID)
	generic := isGenericID(r.ID)
	if len(providers) == 0 && !generic {
		if r.Regex == "" {
			t.note(subject, true, "extends gitleaks' default rule, for which leakhound has no rule of the same provider; its allowlists are not carried over")
			return true
		}
		t.standInsWithoutCounterparts = append(t.standInsWithoutCounterparts, r.ID)
		return false
	}
	t.standIns = append(t.standIns, r.ID)
	if r.Regex != "" || r.Path != "" || r.Entropy != 0 || r.SecretGroup != 0 || t.gc.Extend.UseDefault && len(r.Keywords) > 0 {
		t.standInsWithOwnDetection = append(t.standInsWithOwnDetection, r.ID)
	}
	for i, a := range r.ruleAllowlists() {
		al, ok := t.allowlist(fmt.Sprintf("%s allowlist %d", subject, i+1), a)
		if !ok {
			continue
		}
		if generic {
			al.Rules = append([]string(nil), t.generic...)
		} else {
			al.Providers = providers
		}
		t.cfg.Allowlists = append(t.cfg.Allowlists, al)
	}
	return true
}

// isGenericID reports whether a gitleaks default rule finds credentials
// of no particular provider.
func isGenericID(id string) bool {
	return strings.HasPrefix(id, "generic") || strings.HasPrefix(id, "curl-")
}

// custom translates a rule into a custom rule that runs as gitleaks runs
// it.
func (t *translator) custom(r Rule, subject string) (config.CustomRule, bool) {
	var cr config.CustomRule
	if r.Regex == "" {
		if r.Path != "" {
			t.note(subject, true, "a path-only rule reports a file by its name; leakhound reports secrets in content, so it is not carried over (exclude or scan such files by name yourself)")
		} else {
			t.note(subject, true, "has neither regex nor path; not carried over (gitleaks rejects it too)")
		}
		return cr, false
	}
	if _, err := regexp.Compile(r.Regex); err != nil {
		t.note(subject, true, "regex does not compile in RE2, leakhound's and gitleaks' regex engine: %v%s; not carried over", err, lookaroundHint(r.Regex))
		return cr, false
	}
	pattern, err := regexconv.NameSecretGroup(r.Regex, r.SecretGroup)
	if err != nil {
		t.note(subject, true, "%v; not carried over", err)
		return cr, false
	}
	if r.Path != "" {
		if _, err := regexp.Compile(r.Path); err != nil {
			t.note(subject, true, "path does not compile: %v; not carried over", err)
			return cr, false
		}
	}
	if r.Entropy < 0 || r.Entropy > 8 {
		t.note(subject, true, "entropy %.2f is outside 0..8 (a byte string has at most 8 bits per byte); not carried over", r.Entropy)
		return cr, false
	}
	id, provider := t.ruleID(r.ID)
	cr.Rule = rule.Rule{
		ID: id, Name: r.Description, Severity: importedSeverity,
		Pattern: pattern, Entropy: r.Entropy, PathPattern: r.Path, WholeFile: true, Exact: true,
		Tags: r.Tags,
	}
	if cr.Name == "" {
		cr.Name = r.ID
	}
	cr.ProviderID = provider
	if provider == ImportedProvider {
		cr.ProviderName = "Imported from gitleaks"
	}
	cr.Keywords = config.ImportKeywords(r.Keywords, subject, &t.notes)
	if len(r.Required) > 0 {
		var ids []string
		for _, q := range r.Required {
			ids = append(ids, q.ID)
		}
		t.note(subject, true, "composite rule: gitleaks reports it only when %s also match nearby; leakhound reports it on its own (it may find more)", strings.Join(ids, ", "))
	}
	if id != r.ID {
		cr.Aliases = []string{r.ID}
		t.note(subject, false, "imported as %s (leakhound ids are <provider>-<kind>; the gitleaks id is kept as an alias, for .gitleaksignore and --format gitleaks)", id)
	}
	for i, a := range r.ruleAllowlists() {
		if al, ok := t.allowlist(fmt.Sprintf("%s allowlist %d", subject, i+1), a); ok {
			cr.Allowlists = append(cr.Allowlists, al)
		}
	}
	return cr, true
}

// lookaroundHint explains the most common reason a pattern from another
// engine fails in RE2.
func lookaroundHint(re string) string {
	for _, l := range []string{"(?=", "(?!", "(?<=", "(?<!"} {
		if strings.Contains(re, l) {
			return " (lookarounds such as " + l + " are not supported)"
		}
	}
	return ""
}

// ruleID gives an imported rule a leakhound id: its own when it is one
// (kebab case, two words or more) that names no built-in provider or rule
// and is not generic; else under the gitleaks provider.
func (t *translator) ruleID(gitleaksID string) (id, provider string) {
	s := config.IDSlug(gitleaksID)
	first, _, _ := strings.Cut(s, "-")
	if strings.Contains(s, "-") && !strings.HasPrefix(s, "generic") && !t.providers[first] && !t.builtin[s] && !t.taken(s) {
		return s, first
	}
	if s == "" {
		s = "rule"
	}
	return config.UniqueID(ImportedProvider+"-"+s, func(id string) bool { return t.builtin[id] || t.taken(id) }), ImportedProvider
}

func (t *translator) taken(id string) bool {
	return slices.ContainsFunc(t.cfg.Rules, func(cr config.CustomRule) bool { return cr.ID == id })
}

// allowlist translates an allowlist; one that cannot be carried over
// exactly is left out, with a note: leaving it out reports more, never
// less.
func (t *translator) allowlist(subject string, a Allowlist) (config.Allowlist, bool) {
	out := config.Allowlist{Description: a.Description, Commits: a.Commits, Paths: a.Paths, Regexes: a.Regexes, Stopwords: a.StopWords}
	switch c := strings.ToLower(a.Condition); c {
	case "", "or", "and":
		out.Condition = c
	default:
		t.note(subject, true, "condition %q is not OR or AND; the allowlist is not carried over", a.Condition)
		return out, false
	}
	switch rt := strings.ToLower(a.RegexTarget); rt {
	case "", "secret", "match", "line":
		out.RegexTarget = rt
	default:
		t.note(subject, true, "regexTarget %q is not secret, match or line; the allowlist is not carried over", a.RegexTarget)
		return out, false
	}
	if len(a.Commits)+len(a.Paths)+len(a.Regexes)+len(a.StopWords) == 0 {
		t.note(subject, true, "has no commits, paths, regexes or stopwords; not carried over (gitleaks rejects it too)")
		return out, false
	}
	for _, list := range [][]string{a.Paths, a.Regexes} {
		for _, e := range list {
			if _, err := regexp.Compile(e); err != nil {
				t.note(subject, true, "%q does not compile in RE2: %v%s; the allowlist is not carried over", e, err, lookaroundHint(e))
				return out, false
			}
		}
	}
	return out, true
}

// global translates a global allowlist, its targetRules to the rules that
// stand in for them.
func (t *translator) global(i int, a Allowlist) {
	subject := fmt.Sprintf("[[allowlists]] %d", i+1)
	al, ok := t.allowlist(subject, a)
	if !ok {
		return
	}
	for _, target := range a.TargetRules {
		switch {
		case t.ids[target] != "":
			al.Rules = append(al.Rules, t.ids[target])
		case t.defaults[target] && isGenericID(target):
			al.Rules = append(al.Rules, t.generic...)
		case len(t.matcher.Providers(target)) > 0:
			al.Providers = append(al.Providers, t.matcher.Providers(target)...)
		default:
			t.note(subject, true, "targetRules %q names no rule leakhound has or imported; that target is left out", target)
		}
	}
	if len(a.TargetRules) > 0 && len(al.Rules)+len(al.Providers) == 0 {
		t.note(subject, true, "none of its targetRules has a counterpart; the allowlist is not carried over (it would otherwise apply to every rule)")
		return
	}
	al.Rules, al.Providers = dedupe(al.Rules), dedupe(al.Providers)
	t.cfg.Allowlists = append(t.cfg.Allowlists, al)
}

func dedupe(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// disabled carries over [extend] disabledRules: rules leakhound has under
// the same id, or imported ones, are disabled; others are named.
func (t *translator) disabled() {
	for _, id := range t.gc.Extend.DisabledRules {
		switch {
		case t.ids[id] != "":
			t.dropRule(t.ids[id])
		case id == genericAPIKey:
			t.cfg.Scan.DisabledRules = append(t.cfg.Scan.DisabledRules, t.genericAssigned...)
			t.note("[extend] disabledRules "+id, false, "leakhound's generic rules for assigned values stand in for it and are turned off: %s", strings.Join(t.genericAssigned, ", "))
		case t.builtin[id]:
			t.cfg.Scan.DisabledRules = append(t.cfg.Scan.DisabledRules, id)
		default:
			what := "no leakhound rule has this id"
			if ps := t.matcher.Providers(id); len(ps) > 0 {
				what += "; leakhound's rules for " + strings.Join(ps, ", ") + " stay on (list the ones to turn off in [scan] disabled_rules)"
			}
			t.note("[extend] disabledRules "+id, true, "%s", what)
		}
	}
}

func (t *translator) dropRule(id string) {
	t.cfg.Rules = slices.DeleteFunc(t.cfg.Rules, func(cr config.CustomRule) bool { return cr.ID == id })
	for gid, lid := range t.ids {
		if lid == id {
			delete(t.ids, gid)
		}
	}
}

// genericAPIKey is gitleaks' rule for any key, secret, token or password
// assigned to a name.
const genericAPIKey = "generic-api-key"
