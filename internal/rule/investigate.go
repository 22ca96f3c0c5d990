package rule

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Investigation describes how to ask a provider, with a leaked secret,
// whose it is, what it can do and what it did since it leaked: read-only
// steps, each one request (or one request per page) to a host the rule
// names literally. It lives under a provider file's top-level
// "investigate" key, one entry per rule.
type Investigation struct {
	// Rule is the id of the rule (in the same file) it investigates.
	Rule string `yaml:"rule" json:"rule"`
	// Docs is the API reference the steps follow.
	Docs string `yaml:"docs" json:"docs"`
	// Auth says how the secret authenticates; without it, the headers and
	// basic auth of the rule's validate block.
	Auth *Auth `yaml:"auth,omitempty" json:"-"`
	// Builtin names Go code for APIs steps cannot express ("aws",
	// "azure-storage"; "gcp-service-account" signs the token exchange,
	// then runs the steps).
	Builtin string `yaml:"builtin,omitempty" json:"builtin,omitempty"`
	// Admin describes an optional second, read-only credential (read from
	// an environment variable) that steps with auth "admin" use.
	Admin *Admin `yaml:"admin,omitempty" json:"admin,omitempty"`
	// Tenant, for APIs whose host differs per customer, says where that
	// host may come from; step URLs then start https://{{tenant}}/.
	Tenant *Tenant `yaml:"tenant,omitempty" json:"tenant,omitempty"`
	Steps  []Step  `yaml:"steps,omitempty" json:"steps,omitempty"`
}

// Tenant is a per-customer API host (a shop, a site, a data centre, a
// self-hosted server). It comes only from the secret's own documented
// format (FromSecret) or from the user (--host), and must match Pattern:
// "*.myshopify.com" (one DNS label in place of the star), or "*" for a
// self-hosted server, any https host the user names.
type Tenant struct {
	Pattern string `yaml:"pattern" json:"pattern"`
	// FromSecret is a regular expression whose first group, matched on
	// the secret, is the label in place of the star (Mailchimp's data
	// centre, the key's -usN suffix).
	FromSecret string `yaml:"from_secret,omitempty" json:"from_secret,omitempty"`
	// What names the host the user must give ("the shop's myshopify.com
	// domain").
	What string `yaml:"what,omitempty" json:"what,omitempty"`
}

// TenantHost is the template a step URL's host is when the investigation
// has a Tenant.
const TenantHost = "{{tenant}}"

// TenantLabel is the label the tenant host has in place of its pattern's
// star (acme in acme.visualstudio.com), for APIs that name the customer in
// the path of a fixed host as well (Azure DevOps' audit service).
const TenantLabel = "{{tenant_label}}"

// ErrNoTenantInSecret says a secret lacks the part of its format that
// names its API host.
var ErrNoTenantInSecret = errors.New("the key does not carry the part that names its API host")

// HostFromSecret is the API host the secret's own format names (Mailchimp's
// -usN data centre): the from_secret group, one DNS label, in place of the
// pattern's star. The domain is always the pattern's literal one.
func (t *Tenant) HostFromSecret(secret string) (string, error) {
	m := regexp.MustCompile(t.FromSecret).FindStringSubmatch(secret) // checked when the rules load
	if m == nil || !DNSLabel().MatchString(strings.ToLower(m[1])) {
		return "", ErrNoTenantInSecret
	}
	return strings.Replace(t.Pattern, "*", strings.ToLower(m[1]), 1), nil
}

// DNSLabel is one label of a host name.
var DNSLabel = lazyRegexp(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// Auth is how a credential is presented: templated headers, basic auth,
// and the rule of its other part for two-part credentials ({{pair}}, the
// second line on standard input).
type Auth struct {
	Headers   map[string]string `yaml:"headers,omitempty"`
	BasicAuth *BasicAuth        `yaml:"basic_auth,omitempty"`
	Pair      string            `yaml:"pair,omitempty"`
}

// Admin is a second credential for activity logs the leaked key cannot
// read (given in $LEAKHOUND_INVESTIGATE_ADMIN): what it must be, and how
// it is sent ({{admin}} in the templates).
type Admin struct {
	What string `yaml:"what" json:"what"`
	Auth Auth   `yaml:"auth" json:"-"`
}

// Sections a step fills.
const (
	SectionIdentity    = "identity"
	SectionPermissions = "permissions"
	SectionResources   = "resources"
	SectionActivity    = "activity"
)

// Step is one read-only question to the provider.
type Step struct {
	Name    string `yaml:"name" json:"name"`
	Section string `yaml:"section" json:"section"`
	// Method is GET unless the API only answers queries by POST (GraphQL,
	// JSON-RPC styles); POST steps must say why they change nothing.
	Method   string            `yaml:"method,omitempty" json:"method,omitempty"`
	ReadOnly string            `yaml:"read_only,omitempty" json:"read_only,omitempty"`
	URL      string            `yaml:"url" json:"url"`
	Body     string            `yaml:"body,omitempty" json:"body,omitempty"`
	Headers  map[string]string `yaml:"headers,omitempty" json:"-"`
	// As is "admin" for steps that use the admin credential.
	As string `yaml:"as,omitempty" json:"as,omitempty"`
	// Needs names the permission or scope whose absence a 403 means.
	Needs string `yaml:"needs,omitempty" json:"needs,omitempty"`
	// MaxDays bounds the window an activity step asks for, for a provider
	// that refuses a longer one (PagerDuty's audit records: 31 days): the
	// window then starts MaxDays before it ends, and the report says so.
	MaxDays int `yaml:"max_days,omitempty" json:"max_days,omitempty"`
	// Items is the path to the answer's list of records; empty means the
	// answer is one record.
	Items string `yaml:"items,omitempty" json:"items,omitempty"`
	// Fields are "label=path" (or "path") picked from each record. Only
	// named fields leave the answer: a provider that returns other tokens
	// (Postmark's server record lists its API tokens) never has them shown.
	Fields []string `yaml:"fields,omitempty" json:"fields,omitempty"`
	// Only is the path of a flag a record must have set to be kept (Jira's
	// havePermission: the permissions asked about that the key holds).
	Only string `yaml:"only,omitempty" json:"only,omitempty"`
	// Scopes is the path of the key's scopes or roles in the answer.
	Scopes string `yaml:"scopes,omitempty" json:"scopes,omitempty"`
	// Grants is the permission a 2xx answer proves ("Gemini API"): for
	// keys whose reach is which APIs accept them.
	Grants string `yaml:"grants,omitempty" json:"grants,omitempty"`
	// ScopesHeader is a response header listing the key's scopes.
	ScopesHeader string `yaml:"scopes_header,omitempty" json:"scopes_header,omitempty"`
	// ReadHeaders are "label=Header-Name" facts the answer's headers carry
	// (a token's expiry).
	ReadHeaders []string `yaml:"read_headers,omitempty" json:"read_headers,omitempty"`
	// Save keeps "name=path" values of the first record for later steps'
	// {{var.name}}.
	Save   []string `yaml:"save,omitempty" json:"save,omitempty"`
	Paging *Paging  `yaml:"paging,omitempty" json:"paging,omitempty"`
	Event  *Event   `yaml:"event,omitempty" json:"event,omitempty"`
	// NotFound is what a 404 means for this key ("not an app token"): a
	// note, not a failure.
	NotFound string `yaml:"not_found,omitempty" json:"not_found,omitempty"`
	// Invalid are answers that mean the key is dead although their status
	// does not say so (Slack's 200 with "invalid_auth", Google's 400
	// API_KEY_INVALID); Denied those that mean a missing permission
	// (Slack's 200 with "missing_scope"), with ErrorPath the answer's own
	// words for it.
	Invalid   []Response `yaml:"invalid,omitempty" json:"-"`
	Denied    []Response `yaml:"denied,omitempty" json:"-"`
	ErrorPath string     `yaml:"error_path,omitempty" json:"-"`
	// Forbidden is what a 403 means when it says "not this kind of key"
	// rather than "a missing permission" (GitHub's installation lists).
	Forbidden string `yaml:"forbidden,omitempty" json:"forbidden,omitempty"`
}

// Paging styles.
const (
	PagingOffset = "offset" // {{offset}} in the URL, Size per page
	PagingPage   = "page"   // {{page}} in the URL, from 1 ({{page0}} from 0)
	PagingLink   = "link"   // RFC 8288 Link header, rel="next"
	PagingCursor = "cursor" // a cursor from the answer, sent as Param
)

// Paging says how a list continues.
type Paging struct {
	Style string `yaml:"style" json:"style"`
	Size  int    `yaml:"size,omitempty" json:"size,omitempty"`
	// Total is the path of the answer's total count (offset and page).
	Total string `yaml:"total,omitempty" json:"total,omitempty"`
	// Cursor is the path of the next cursor in the answer (with style
	// link: of the next page's URL, of which only the path and query are
	// used); Last instead
	// takes a field of the last record (Stripe's starting_after id), and
	// More is the path of a "has more" flag.
	Cursor string `yaml:"cursor,omitempty" json:"cursor,omitempty"`
	Last   string `yaml:"last,omitempty" json:"last,omitempty"`
	More   string `yaml:"more,omitempty" json:"more,omitempty"`
	// Param is the query parameter the cursor is sent in; without it, the
	// body carries it as {{cursor}} (APIs that page only by POST body).
	Param    string `yaml:"param,omitempty" json:"param,omitempty"`
	MaxPages int    `yaml:"max_pages,omitempty" json:"max_pages,omitempty"`
}

// Event maps a record of an activity list to the dimensions summaries
// group by (each a path, or "path || path" for the first that is set): when, what, who (the key's user or sender), from where (IP),
// with what (user agent or client), to what (a recipient's domain, a
// resource) and the tag the provider lets senders set.
type Event struct {
	Time   string `yaml:"time" json:"time"`
	Action string `yaml:"action,omitempty" json:"action,omitempty"`
	Actor  string `yaml:"actor,omitempty" json:"actor,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
	Agent  string `yaml:"agent,omitempty" json:"agent,omitempty"`
	Target string `yaml:"target,omitempty" json:"target,omitempty"`
	Tag    string `yaml:"tag,omitempty" json:"tag,omitempty"`
	// Flag adds dimensions whose new values are unusual: "target" where a
	// new target means something (a repository never pushed to), unlike a
	// new recipient domain. Source, agent, actor and tag always count.
	Flag []string `yaml:"flag,omitempty" json:"flag,omitempty"`
}

// InvestigationVars are the templates steps may use besides {{secret}},
// {{pair}} and {{admin}}: the window's start ({{from}} RFC 3339 UTC,
// {{from_date}} YYYY-MM-DD, {{from_unix}} seconds), the tenant's label,
// paging and saved values.
var investigationVars = lazyRegexp(`\{\{(secret|pair|admin|tenant|tenant_label|from|from_date|from_unix|to|to_date|to_unix|offset|page|page0|cursor|var\.[a-z_]+)\}\}`)

// Builtins are the investigations written in Go.
var Builtins = []string{"aws", "azure-storage", "gcp-service-account"}

func (inv *Investigation) check(rules map[string]*Rule) []string {
	var errs []string
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Sprintf("investigate %s: ", inv.Rule)+fmt.Sprintf(format, args...))
	}
	r := rules[inv.Rule]
	if r == nil {
		add("no rule %q in this file", inv.Rule)
		return errs
	}
	if !strings.HasPrefix(inv.Docs, "https://") {
		add("docs must be the https URL of the API reference")
	}
	if inv.Builtin != "" {
		known := false
		for _, b := range Builtins {
			known = known || b == inv.Builtin
		}
		if !known {
			add("unknown builtin %q", inv.Builtin)
		}
	} else if len(inv.Steps) == 0 {
		add("needs steps or a builtin")
	}
	if inv.Auth == nil && r.Validate == nil && inv.Builtin == "" {
		add("needs auth: the rule has no validate block to take it from")
	}
	if inv.Admin != nil && inv.Admin.What == "" {
		add("admin needs what: the credential it must be")
	}
	if t := inv.Tenant; t != nil {
		t.check(add)
	}
	names := map[string]bool{}
	for _, s := range inv.Steps {
		at := func(format string, args ...any) { add("step %q: "+format, append([]any{s.Name}, args...)...) }
		if s.Name == "" || names[s.Name] {
			at("needs a unique name")
		}
		names[s.Name] = true
		switch s.Section {
		case SectionIdentity, SectionPermissions, SectionResources, SectionActivity:
		default:
			at("section %q is not identity, permissions, resources or activity", s.Section)
		}
		if s.MaxDays < 0 || s.MaxDays > 0 && s.Section != SectionActivity {
			at("max_days bounds an activity step's window: a number of days on a step of section activity")
		}
		switch s.Method {
		case "", "GET":
		case "POST":
			if s.ReadOnly == "" {
				at("a POST step must say in read_only why it changes nothing")
			}
		default:
			at("method %q: investigations only read (GET, or POST for query APIs)", s.Method)
		}
		if s.As == "admin" && inv.Admin == nil {
			at("uses the admin credential, which this investigation does not describe")
		} else if s.As != "" && s.As != "admin" {
			at("as %q is not admin", s.As)
		}
		raw := s.URL
		if inv.Tenant == nil && strings.Contains(raw, TenantHost) {
			at("uses %s, but the investigation declares no tenant", TenantHost)
		} else if inv.Tenant != nil {
			raw = strings.Replace(raw, "https://"+TenantHost+"/", "https://tenant.invalid/", 1)
		}
		u, err := url.Parse(investigationVars().ReplaceAllString(raw, "x"))
		switch {
		case err != nil:
			at("url %q does not parse", s.URL)
		case u.Scheme != "https":
			at("url %q is not https", s.URL)
		case u.Host == "" || strings.Contains(raw[:strings.Index(raw, u.Host)+len(u.Host)], "{{"):
			at("url %q must name its host literally", s.URL)
		}
		labelled := false
		for _, t := range append([]string{s.URL, s.Body}, mapValues(s.Headers)...) {
			if strings.Contains(investigationVars().ReplaceAllString(t, ""), "{{") {
				at("unknown template in %q", t)
			}
			labelled = labelled || strings.Contains(t, TenantLabel)
		}
		if labelled && (inv.Tenant == nil || inv.Tenant.Pattern == "*") {
			at("uses %s, which only a tenant pattern with a domain has", TenantLabel)
		}
		if s.Section == SectionActivity && (s.Event == nil || s.Event.Time == "") {
			at("an activity step needs event.time")
		}
		if s.Event != nil {
			for _, f := range s.Event.Flag {
				if f != "target" && f != "action" {
					at("event.flag %q is not target or action", f)
				}
			}
		}
		if p := s.Paging; p != nil {
			switch p.Style {
			case PagingOffset, PagingPage:
				if p.Size <= 0 {
					at("paging %s needs size", p.Style)
				}
			case PagingLink:
			case PagingCursor:
				if (p.Cursor == "" && p.Last == "") || (p.Param == "" && !strings.Contains(s.Body, "{{cursor}}")) {
					at("cursor paging needs cursor (or last) and param (or {{cursor}} in the body)")
				}
			default:
				at("paging style %q is not offset, page, link or cursor", p.Style)
			}
		}
	}
	return errs
}

// check reads a tenant's pattern: "*" alone, or "*." and a literal domain
// of at least two labels, so a label can never reach another domain.
func (t *Tenant) check(add func(string, ...any)) {
	suffix, ok := strings.CutPrefix(t.Pattern, "*.")
	switch {
	case t.Pattern == "*":
		if t.FromSecret != "" {
			add("tenant: a host from the secret needs a pattern with a domain")
		}
	case !ok || strings.Count(suffix, ".") < 1 || strings.ContainsAny(suffix, "*{}/:@"):
		add("tenant pattern %q is not \"*\" or \"*.\" and a literal domain", t.Pattern)
	}
	if t.FromSecret != "" {
		if re, err := regexp.Compile(t.FromSecret); err != nil || re.NumSubexp() < 1 {
			add("tenant from_secret %q must be a regular expression with a group", t.FromSecret)
		}
	} else if t.What == "" {
		add("tenant needs what: the host the user names with --host")
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
