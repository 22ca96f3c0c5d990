// Package rule defines the detector schema shared by the built-in catalogue
// (rules/*.yaml) and users' custom rules, and loads and checks it.
package rule

import (
	"fmt"
	"path"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
)

// Severity levels, from what the credential grants.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// Provider is one file of the catalogue: a vendor and its rules.
type Provider struct {
	ID        string   `yaml:"provider" toml:"provider"`
	Name      string   `yaml:"name" toml:"name"`
	Category  string   `yaml:"category" toml:"category"`
	RevokeURL string   `yaml:"revoke_url,omitempty" toml:"revoke_url"`
	Playbook  Playbook `yaml:"playbook,omitempty" toml:"-"`
	Rules     []Rule   `yaml:"rules" toml:"rules"`
	// Investigate holds the investigations of this file's rules (see
	// investigate.go); Check links each to its rule.
	Investigate []Investigation `yaml:"investigate,omitempty" toml:"-"`
}

// Rule is one kind of credential.
type Rule struct {
	ID   string `yaml:"id" toml:"id,omitempty" json:"id"`
	Name string `yaml:"name" toml:"name,omitempty" json:"name"`
	// Aliases are other tools' ids for this rule (a gitleaks rule id):
	// their ignore files name it so, and --format gitleaks reports the
	// first.
	Aliases  []string `yaml:"aliases,omitempty" toml:"aliases,omitempty" json:"aliases,omitempty"`
	Severity string   `yaml:"severity" toml:"severity,omitempty" json:"severity"`
	Keywords []string `yaml:"keywords" toml:"keywords,omitempty" json:"keywords"`
	// Pattern is an RE2 expression; the secret is the group named
	// "secret", or the only capture group.
	Pattern string `yaml:"pattern" toml:"pattern,omitempty" json:"pattern"`
	// Entropy is the minimum Shannon entropy (bits per byte) of the secret.
	Entropy float64 `yaml:"entropy,omitempty" toml:"entropy,omitempty" json:"entropy,omitempty"`
	// Checksum names a verifier the secret must pass (see checksum.go).
	Checksum string `yaml:"checksum,omitempty" toml:"checksum,omitempty" json:"checksum,omitempty"`
	// Window is how many bytes around a keyword hit the pattern may see.
	// Zero means the line that holds the hit, which suits almost every
	// token; multi-line secrets such as PEM blocks need a byte window.
	Window int `yaml:"window,omitempty" toml:"window,omitempty" json:"window,omitempty"`
	// Anchored says every match starts exactly where one of the keywords
	// starts, so the engine tries the pattern only there (much faster for
	// rules with common keywords, such as the generic ones).
	Anchored bool `yaml:"anchored,omitempty" toml:"anchored,omitempty" json:"anchored,omitempty"`
	// LineAnchored says every match starts at the beginning of a line that
	// holds a keyword (NAME=value files): tried once per such line.
	LineAnchored bool `yaml:"line_anchored,omitempty" toml:"line_anchored,omitempty" json:"line_anchored,omitempty"`
	// MinClasses is how many character classes (lower, upper, digit,
	// other) the secret must mix: generated secrets mix them, names and
	// test values rarely do.
	MinClasses int `yaml:"min_classes,omitempty" toml:"min_classes,omitempty" json:"min_classes,omitempty"`
	// NotCode drops values that read as code rather than a literal:
	// dotted or indexed names (config.Token, parts[1]), identifiers ending
	// an argument list, Header-Names and CONSTANT_NAMES.
	NotCode bool `yaml:"not_code,omitempty" toml:"not_code,omitempty" json:"not_code,omitempty"`
	// Placeholder filters are skipped for formats where they misfire.
	NoPlaceholderFilter bool `yaml:"no_placeholder_filter,omitempty" toml:"no_placeholder_filter,omitempty" json:"-"`
	// Literal applies the checks of assigned values to the pattern's
	// secret: references, templates, masks and type names are dropped,
	// weak passwords kept with a note. For patterns that capture a
	// free-form password (a command line's -p flag, a URL's password).
	Literal bool `yaml:"literal,omitempty" toml:"literal,omitempty" json:"literal,omitempty"`
	// Assigned matches values assigned to a secret-like name in any
	// syntax (see Assigned), in addition to Pattern or instead of it.
	Assigned *Assigned `yaml:"assigned,omitempty" toml:"assigned,omitempty" json:"assigned,omitempty"`
	// Paths limits the rule to files whose path matches one of these
	// globs (matched against the base name when the glob has no slash):
	// credential files recognised by name, such as .netrc or .pgpass.
	Paths []string `yaml:"paths,omitempty" toml:"paths,omitempty" json:"paths,omitempty"`
	// PathPattern limits the rule to files whose whole path (archive
	// members as a.zip!inner/path) matches this RE2 expression anywhere: a
	// gitleaks rule's path.
	PathPattern string `yaml:"path_pattern,omitempty" toml:"path_pattern,omitempty" json:"path_pattern,omitempty"`
	// WholeFile runs the pattern over the whole file whenever one of the
	// keywords appears anywhere in it, or over every file when there are
	// none: how gitleaks runs a rule, for rules imported from it, whose
	// match need not hold a keyword.
	WholeFile bool `yaml:"whole_file,omitempty" toml:"whole_file,omitempty" json:"whole_file,omitempty"`
	// Exact reports every match the pattern and the rule's own checks
	// accept (entropy strictly above the minimum, as gitleaks compares
	// it), without leakhound's noise filters and without lowering the
	// confidence in tests and docs: the semantics of an imported rule.
	Exact bool `yaml:"exact,omitempty" toml:"exact,omitempty" json:"exact,omitempty"`
	// InTests marks a generic rule whose shape is written in tests (a
	// browser test typing a login password): in a test directory it is
	// lowered as a provider's token is, one step and to low only for a
	// made-up value, instead of always to low as other generic rules are.
	InTests bool `yaml:"in_tests,omitempty" toml:"in_tests,omitempty" json:"in_tests,omitempty"`
	// Tags label the rule in reports that carry them (--format gitleaks).
	Tags []string `yaml:"tags,omitempty" toml:"tags,omitempty" json:"tags,omitempty"`
	// ExamplePath is the file name the examples are scanned as, for
	// rules limited by Paths.
	ExamplePath string `yaml:"example_path,omitempty" toml:"example_path,omitempty" json:"-"`

	// JWT marks a rule whose secret is a JSON Web Token and says which
	// claims it must carry (see JWT).
	JWT *JWT `yaml:"jwt,omitempty" toml:"jwt" json:"jwt,omitempty"`
	// Identifier marks a rule that finds the public half of a two-part
	// credential (an account SID, a key id, a service account's address):
	// not a secret, so never reported, only read as the pair a secret rule
	// of the same provider names for its validity check.
	Identifier bool `yaml:"identifier,omitempty" toml:"identifier,omitempty" json:"identifier,omitempty"`
	// WinsOver names rules of other providers whose format overlaps this
	// one's (Paystack's sk_live_ + 40 hex is also Stripe-shaped). When both
	// match the same secret, the rule whose provider is named nearer it
	// (on its line beats a few lines around) reports it; when neither is
	// named, or both equally near, this rule does. The engine settles the overlap, so no
	// pattern needs a hole to stay out of another's way.
	WinsOver []string `yaml:"wins_over,omitempty" toml:"wins_over" json:"wins_over,omitempty"`

	// Playbook overrides the provider's playbook for this rule; after
	// loading it holds the merged result.
	Playbook Playbook `yaml:"playbook,omitempty" toml:"playbook,omitempty" json:"playbook"`
	// Validate describes how to ask the provider whether a secret is live.
	Validate *Validate `yaml:"validate,omitempty" toml:"validate,omitempty" json:"validate,omitempty"`
	// Investigation, when set, asks the provider what the key is and did
	// (linked from the provider file's investigate key).
	Investigation *Investigation `yaml:"-" toml:"-" json:"-"`

	Examples         []string `yaml:"examples" toml:"examples,omitempty" json:"-"`
	NegativeExamples []string `yaml:"negative_examples" toml:"negative_examples,omitempty" json:"-"`

	// Filled from the enclosing provider.
	Provider     string `yaml:"-" toml:"-" json:"provider"`
	ProviderName string `yaml:"-" toml:"-" json:"provider_name"`
	Category     string `yaml:"-" toml:"-" json:"category"`
	RevokeURL    string `yaml:"-" toml:"-" json:"revoke_url,omitempty"`

	// parsed holds the expressions Check parsed without error (see
	// Parsed); no encoding carries it.
	parsed checkedExpressions
}

// Assigned describes a credential found as the value of an assignment:
// name = value, name: value, "name" => value, setName("value"),
// <name>value</name>, --name value and the other forms the engine reads.
type Assigned struct {
	// Keys are the classes the name must belong to: password, secret,
	// token, key, auth, credential. Empty means all of them.
	Keys []string `yaml:"keys,omitempty" toml:"keys,omitempty" json:"keys,omitempty"`
	// Value is the shape the whole value must have (an RE2 expression,
	// implicitly anchored at both ends); empty accepts any literal.
	Value string `yaml:"value,omitempty" toml:"value,omitempty" json:"value,omitempty"`
	// Near is how many lines before a value (and half as many after) one
	// of the rule's keywords may stand: the provider named in a comment
	// or log line above. The keyword may always be in the name itself,
	// in an enclosing key (postmark: then api_token: ...) or anywhere on
	// the value's line. Zero means the rule needs no keyword at all
	// (generic rules).
	Near int `yaml:"near,omitempty" toml:"near,omitempty" json:"near,omitempty"`
	// MinLength is the shortest value accepted (default 6).
	MinLength int `yaml:"min_length,omitempty" toml:"min_length,omitempty" json:"min_length,omitempty"`
	// Name is a word the name or its enclosing keys must contain (in
	// lower case), telling apart a provider's kinds of token that share a
	// shape (postmark.account_token from postmark.server_token). A rule
	// whose Name matched is preferred to one without Name.
	Name string `yaml:"name,omitempty" toml:"name,omitempty" json:"name,omitempty"`
	// Calls are the provider's SDK classes or functions that take the
	// token as a string argument, as its documentation writes them
	// (ServerClient, SearchClient.create): code that imported them by
	// name calls them without the provider's name in sight. A call of one
	// reads its string arguments like a call named for the provider; the
	// names are not context for anything else.
	Calls []string `yaml:"calls,omitempty" toml:"calls,omitempty" json:"calls,omitempty"`
}

// JWT says which JSON Web Tokens a rule reports, by their decoded claims:
// a Kubernetes service-account token is a JWT whose issuer is
// kubernetes/serviceaccount or that carries the kubernetes.io claim. The
// engine decodes every JWT it reports (whatever the rule) to set the
// finding's severity and note from its expiry and signature.
type JWT struct {
	// AllOf claims must all hold, and at least one of AnyOf (when any).
	AllOf []ClaimMatch `yaml:"all_of,omitempty" toml:"all_of" json:"all_of,omitempty"`
	AnyOf []ClaimMatch `yaml:"any_of,omitempty" toml:"any_of" json:"any_of,omitempty"`
}

// Conditions returns every claim condition, AllOf's then AnyOf's.
func (j *JWT) Conditions() []ClaimMatch { return slices.Concat(j.AllOf, j.AnyOf) }

// ClaimMatch is one condition on a top-level claim of a JWT's payload.
type ClaimMatch struct {
	Claim string `yaml:"claim" toml:"claim" json:"claim"`
	// Value is an RE2 expression the claim's value must match (a string,
	// a number as written, or any element of an array); empty means the
	// claim only has to be present.
	Value string `yaml:"value,omitempty" toml:"value" json:"value,omitempty"`
}

// KeyClasses are the classes of secret-like names Assigned.Keys may list.
var KeyClasses = []string{"password", "secret", "token", "key", "auth", "credential"}

// MaxNear bounds Assigned.Near.
const MaxNear = 20

// Generic reports whether the rule is a catch-all that yields to provider rules.
func (r *Rule) Generic() bool { return strings.HasPrefix(r.ID, "generic-") }

var (
	idPattern       = lazyRegexp(`^[a-z0-9]+(-[a-z0-9]+)+$`)
	providerPattern = lazyRegexp(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// MaxWindow bounds Window so one rule cannot make the engine quadratic.
const MaxWindow = 16 << 10

// linkInvestigations points each rule the provider investigates at its
// investigation.
func (p *Provider) linkInvestigations() {
	for i := range p.Investigate {
		inv := &p.Investigate[i]
		for j := range p.Rules {
			if r := &p.Rules[j]; r.ID == inv.Rule {
				r.Investigation = inv
			}
		}
	}
}

// lend sets r's copy of the provider's fields.
func (p *Provider) lend(r *Rule) {
	r.Provider, r.ProviderName, r.Category, r.RevokeURL = p.ID, p.Name, p.Category, p.RevokeURL
}

// Check validates a provider file and fills each rule's provider fields.
// It reports every problem at once, so a catalogue author fixes them in one go.
func (p *Provider) Check() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !providerPattern().MatchString(p.ID) {
		add("provider %q: id must be lowercase kebab case", p.ID)
	}
	if p.Name == "" {
		add("provider %q: name is empty", p.ID)
	}
	if len(p.Rules) == 0 {
		add("provider %q: no rules", p.ID)
	}
	for i := range p.Rules {
		r := &p.Rules[i]
		p.lend(r)
		r.Playbook = r.Playbook.Merge(p.Playbook)
		problems := r.check()
		for _, e := range problems {
			add("rule %q: %s", r.ID, e)
		}
		if len(problems) == 0 {
			r.markParsed()
		}
	}
	byID := map[string]*Rule{}
	for i := range p.Rules {
		byID[p.Rules[i].ID] = &p.Rules[i]
	}
	paired := map[string]bool{}
	for _, r := range byID {
		if r.Validate != nil && r.Validate.Pair != "" {
			paired[r.Validate.Pair] = true
		}
	}
	for i := range p.Rules {
		r := &p.Rules[i]
		switch {
		case !r.Identifier:
		case r.Validate != nil:
			add("rule %q: an identifier is not a secret and has no validity check", r.ID)
		case !paired[r.ID]:
			add("rule %q: an identifier is never reported, so a rule of %s must name it as its pair", r.ID, p.ID)
		}
	}
	investigated := map[string]bool{}
	for i := range p.Investigate {
		inv := &p.Investigate[i]
		errs = append(errs, inv.check(byID)...)
		if investigated[inv.Rule] && byID[inv.Rule] != nil {
			add("rule %q: investigated twice", inv.Rule)
		}
		investigated[inv.Rule] = true
	}
	p.linkInvestigations()
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

func (r *Rule) check() []string {
	var errs []string
	if !idPattern().MatchString(r.ID) {
		errs = append(errs, "id must be <provider>-<kind> in lowercase kebab case")
	} else if !r.Generic() && !strings.HasPrefix(r.ID, r.Provider+"-") {
		errs = append(errs, fmt.Sprintf("id must start with the provider id %q", r.Provider+"-"))
	}
	if r.Name == "" {
		errs = append(errs, "name is empty")
	}
	switch r.Severity {
	case SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow:
	default:
		errs = append(errs, fmt.Sprintf("severity %q is not critical, high, medium or low", r.Severity))
	}
	if len(r.Keywords) == 0 && !r.WholeFile && (r.Pattern != "" || r.Assigned == nil || r.Assigned.Near > 0) {
		errs = append(errs, "needs at least one keyword (the prefilter only runs patterns near keywords)")
	}
	for _, k := range r.Keywords {
		if len(k) < 3 {
			errs = append(errs, fmt.Sprintf("keyword %q is shorter than 3 bytes", k))
		}
	}
	if r.Pattern != "" || r.Assigned == nil {
		if _, err := SecretGroups(r.Pattern); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if a := r.Assigned; a != nil {
		for _, k := range a.Keys {
			if !slices.Contains(KeyClasses, k) {
				errs = append(errs, fmt.Sprintf("assigned.keys: %q is not one of %s", k, strings.Join(KeyClasses, ", ")))
			}
		}
		if a.Value != "" {
			if _, err := syntax.Parse(a.Value, syntax.Perl); err != nil {
				errs = append(errs, fmt.Sprintf("assigned.value does not compile: %v", err))
			}
		}
		if a.Near < 0 || a.Near > MaxNear {
			errs = append(errs, fmt.Sprintf("assigned.near %d is outside 0..%d", a.Near, MaxNear))
		}
		if a.MinLength < 0 {
			errs = append(errs, "assigned.min_length is negative")
		}
		for _, c := range a.Calls {
			if len(c) < 6 || strings.ContainsAny(c, " \t\n(") {
				errs = append(errs, fmt.Sprintf("assigned.calls: %q is not a call name of 6 characters or more", c))
			}
		}
		if len(a.Calls) > 0 && a.Value == "" {
			errs = append(errs, "assigned.calls needs assigned.value: a call's argument is taken by its shape")
		}
	}
	for _, g := range r.Paths {
		if _, err := path.Match(g, ""); err != nil {
			errs = append(errs, fmt.Sprintf("paths: %q: %v", g, err))
		}
	}
	if len(r.Paths) > 0 && r.ExamplePath == "" {
		errs = append(errs, "rules limited by paths need example_path, the file name their examples are scanned as")
	}
	if r.PathPattern != "" {
		if _, err := syntax.Parse(r.PathPattern, syntax.Perl); err != nil {
			errs = append(errs, fmt.Sprintf("path_pattern does not compile: %v", err))
		}
		if r.ExamplePath == "" && len(r.Examples)+len(r.NegativeExamples) > 0 {
			errs = append(errs, "rules limited by path_pattern need example_path, the file name their examples are scanned as")
		}
	}
	if r.WholeFile && (r.Pattern == "" || r.Assigned != nil || r.Window > 0 || r.Anchored || r.LineAnchored) {
		errs = append(errs, "whole_file needs a pattern, and no assigned, window or anchoring")
	}
	if r.Checksum != "" && LookupChecksum(r.Checksum) == nil {
		errs = append(errs, fmt.Sprintf("unknown checksum %q", r.Checksum))
	}
	if r.Window < 0 || r.Window > MaxWindow {
		errs = append(errs, fmt.Sprintf("window %d is outside 0..%d", r.Window, MaxWindow))
	}
	if j := r.JWT; j != nil {
		if r.Pattern == "" {
			errs = append(errs, "jwt needs a pattern that captures the token")
		}
		for _, c := range j.Conditions() {
			if c.Claim == "" {
				errs = append(errs, "jwt: a claim condition needs a claim name")
			}
			if _, err := syntax.Parse(c.Value, syntax.Perl); err != nil {
				errs = append(errs, fmt.Sprintf("jwt: claim %s: value does not compile: %v", c.Claim, err))
			}
		}
	}
	for _, id := range r.WinsOver {
		if id == r.ID || !idPattern().MatchString(id) {
			errs = append(errs, fmt.Sprintf("wins_over: %q is not another rule's id", id))
		}
	}
	errs = append(errs, r.Playbook.check()...)
	if r.Validate != nil {
		errs = append(errs, r.Validate.check()...)
	}
	if r.Anchored && r.LineAnchored {
		errs = append(errs, "anchored and line_anchored exclude each other")
	}
	if r.LineAnchored && r.Window > 0 {
		errs = append(errs, "line_anchored needs line windows (no window)")
	}
	if r.MinClasses < 0 || r.MinClasses > 4 {
		errs = append(errs, fmt.Sprintf("min_classes %d is outside 0..4", r.MinClasses))
	}
	if r.Entropy < 0 || r.Entropy > 8 {
		errs = append(errs, fmt.Sprintf("entropy %.2f is outside 0..8", r.Entropy))
	}
	return errs
}

// Parsed reports whether Check parsed the rule's regular expressions as
// they are now (a rule edited since is not), so an engine built from it
// need not parse them again: that was a fifth of a pre-commit scan.
func (r *Rule) Parsed() bool { return r.parsed.checked && r.parsed == r.expressions() }

func (r *Rule) markParsed() { r.parsed = r.expressions() }

// checkedExpressions are the rule's regular expressions that Check parses.
// They are kept as the rule's own strings, not joined into a copy: equal
// strings that share memory compare without reading it, and joining the
// catalogue's patterns at every start cost a tenth of a pre-commit scan.
type checkedExpressions struct {
	checked  bool
	pattern  string
	assigned bool
	value    string
	jwt      string
}

func (r *Rule) expressions() checkedExpressions {
	e := checkedExpressions{checked: true, pattern: r.Pattern}
	if r.Assigned != nil {
		e.assigned, e.value = true, r.Assigned.Value
	}
	if j := r.JWT; j != nil {
		var b strings.Builder
		for _, c := range j.Conditions() {
			b.WriteString("\x00")
			b.WriteString(c.Value)
		}
		e.jwt = b.String()
	}
	return e
}

// SecretGroups compiles a pattern and returns the indexes of its secret
// groups: every group named "secret" (alternatives may each name one, when
// the secret sits before or after its context), or the only capture group.
func SecretGroups(pattern string) ([]int, error) {
	if pattern == "" {
		return nil, fmt.Errorf("pattern is empty")
	}
	// Parsing is all a regexp.Compile can fail on, and it is much cheaper
	// than compiling: loading hundreds of rules stays fast.
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("pattern does not compile: %v", err)
	}
	names := re.CapNames()
	var groups []int
	for i, name := range names {
		if name == "secret" {
			groups = append(groups, i)
		}
	}
	if len(groups) > 0 {
		return groups, nil
	}
	if re.MaxCap() == 1 {
		return []int{1}, nil
	}
	return nil, fmt.Errorf("pattern needs a group named secret or exactly one capture group (has %d)", re.MaxCap())
}

// SeverityRank orders severities, the worst first: critical is 0, low 3
// (and anything unknown after low).
func SeverityRank(s string) int {
	switch s {
	case SeverityCritical:
		return 0
	case SeverityHigh:
		return 1
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 3
	}
	return 4
}

// MilderSeverity returns the milder of two severities.
func MilderSeverity(a, b string) string {
	if SeverityRank(a) >= SeverityRank(b) {
		return a
	}
	return b
}

// lazyRegexp compiles expr when first used: these check a catalogue being
// parsed, which a start with the catalogue cached never does, and every
// command's start paid for compiling them.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
