package rule

import (
	"fmt"
	"net/url"
	"strings"
)

// Validate is a declarative live check: one HTTP request to the provider's
// own API, templated with the secret, and which answers mean valid or
// invalid. Any other answer is "unknown" with its reason.
type Validate struct {
	Method string `yaml:"method,omitempty" toml:"method" json:"method,omitempty"`
	// URL must be https and name the provider's host literally: a secret
	// is never sent anywhere a template could choose. {{secret}} may appear
	// in the path or query (as some APIs put the token in the URL).
	URL       string            `yaml:"url" toml:"url" json:"url"`
	Headers   map[string]string `yaml:"headers,omitempty" toml:"headers" json:"headers,omitempty"`
	Body      string            `yaml:"body,omitempty" toml:"body" json:"body,omitempty"`
	BasicAuth *BasicAuth        `yaml:"basic_auth,omitempty" toml:"basic_auth" json:"basic_auth,omitempty"`
	// Pair names the rule whose secret completes this one (an id and a
	// secret of a two-part credential), found in the same file: {{pair}}.
	Pair string `yaml:"pair,omitempty" toml:"pair" json:"pair,omitempty"`
	// Signer selects built-in request signing for APIs a template cannot
	// express: "aws-sigv4".
	Signer string `yaml:"signer,omitempty" toml:"signer" json:"signer,omitempty"`
	// ListedIn checks a key without sending it: the request names only
	// the credential's public identifier ({{pair}}), the provider answers
	// with the ids of the keys it holds live, and the secret (a key id) is
	// looked up there on this machine. "json-keys": a valid answer is a
	// JSON object keyed by key id (Google's published certificates of a
	// service account); the secret is valid when it is one of the keys
	// and invalid when it is not.
	ListedIn string `yaml:"listed_in,omitempty" toml:"listed_in" json:"listed_in,omitempty"`
	// AlsoAs names rules of the same provider whose check to try when
	// this one says invalid: formats two kinds share (Postmark's server
	// and account tokens are both UUIDs) are told apart by the API.
	AlsoAs []string `yaml:"also_as,omitempty" toml:"also_as" json:"also_as,omitempty"`
	// AlsoHosts are the provider's other regional hosts (Datadog's sites,
	// the EU instance of a US API), named literally: a key lives in one
	// region only, and the others refuse it as if it were revoked. When
	// the URL's own host says invalid, the same request goes to each of
	// these in turn; the secret is invalid only if every one says so.
	AlsoHosts []string `yaml:"also_hosts,omitempty" toml:"also_hosts" json:"also_hosts,omitempty"`
	// Tenant names the host of a provider whose keys carry their own data
	// centre (Mailchimp's -us6): from_secret's group, in place of the
	// pattern's star, is the host the URL's {{tenant}} stands for. The
	// domain is the pattern's literal one, so a secret still goes only to
	// its provider.
	Tenant  *Tenant    `yaml:"tenant,omitempty" toml:"tenant" json:"tenant,omitempty"`
	Valid   []Response `yaml:"valid" toml:"valid" json:"valid"`
	Invalid []Response `yaml:"invalid" toml:"invalid" json:"invalid"`
}

// BasicAuth is HTTP basic authentication with templated parts.
type BasicAuth struct {
	Username string `yaml:"username" toml:"username" json:"username"`
	Password string `yaml:"password" toml:"password" json:"password"`
}

// Response matches an answer: any of the statuses, and the body checks.
type Response struct {
	Status          []int  `yaml:"status" toml:"status" json:"status"`
	BodyContains    string `yaml:"body_contains,omitempty" toml:"body_contains" json:"body_contains,omitempty"`
	BodyNotContains string `yaml:"body_not_contains,omitempty" toml:"body_not_contains" json:"body_not_contains,omitempty"`
}

// Matches reports whether an answer is this one: any of the statuses, and
// the body checks.
func (r Response) Matches(status int, body string) bool {
	hit := false
	for _, s := range r.Status {
		hit = hit || s == status
	}
	return hit && (r.BodyContains == "" || strings.Contains(body, r.BodyContains)) &&
		(r.BodyNotContains == "" || !strings.Contains(body, r.BodyNotContains))
}

// maxAlsoHosts bounds the requests one check may send (Datadog has nine
// sites).
const maxAlsoHosts = 8

// Template variables a validate block may use.
var templateVars = []string{"{{secret}}", "{{pair}}"}

func (v *Validate) check() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, "validate: "+fmt.Sprintf(format, args...)) }
	switch v.Method {
	case "", "GET", "POST", "HEAD":
	default:
		add("method %q is not GET, POST or HEAD", v.Method)
	}
	raw := v.URL
	if t := v.Tenant; t != nil {
		t.check(add)
		if t.FromSecret == "" {
			add("tenant: a validity check takes its host from the secret (from_secret), never from the user")
		}
		if !strings.HasPrefix(raw, "https://"+TenantHost+"/") {
			add("with a tenant, url %q must start https://%s/", v.URL, TenantHost)
		}
		if len(v.AlsoHosts) > 0 {
			add("tenant and also_hosts exclude each other")
		}
		raw = strings.Replace(raw, TenantHost, "tenant.invalid", 1)
	}
	u, err := url.Parse(strings.ReplaceAll(strings.ReplaceAll(raw, "{{secret}}", "x"), "{{pair}}", "x"))
	switch {
	case err != nil:
		add("url %q does not parse: %v", v.URL, err)
	case u.Scheme != "https":
		add("url %q is not https", v.URL)
	case u.Host == "" || strings.Contains(raw[:strings.Index(raw, u.Host)+len(u.Host)], "{{"):
		add("url %q must name its host literally", v.URL)
	}
	if len(v.AlsoHosts) > maxAlsoHosts {
		add("also_hosts names %d hosts, at most %d", len(v.AlsoHosts), maxAlsoHosts)
	}
	seen := map[string]bool{}
	if u != nil {
		seen[u.Host] = true
	}
	for _, h := range v.AlsoHosts {
		if hu, err := url.Parse("https://" + h); err != nil || h == "" || hu.Host != h || hu.User != nil || strings.ContainsAny(h, "{}") {
			add("also_hosts: %q is not a bare host name", h)
		} else if seen[h] {
			add("also_hosts: %q is named twice", h)
		}
		seen[h] = true
	}
	texts := []string{raw, v.Body}
	for _, h := range v.Headers {
		texts = append(texts, h)
	}
	if v.BasicAuth != nil {
		texts = append(texts, v.BasicAuth.Username, v.BasicAuth.Password)
	}
	uses, usesPair := false, false
	for _, t := range texts {
		rest := t
		for _, tv := range templateVars {
			rest = strings.ReplaceAll(rest, tv, "")
		}
		if strings.Contains(rest, "{{") {
			add("unknown template in %q (known: %s)", t, strings.Join(templateVars, ", "))
		}
		if strings.Contains(t, "{{secret}}") {
			uses = true
		}
		if strings.Contains(t, "{{pair}}") {
			usesPair = true
			if v.Pair == "" {
				add("uses {{pair}} without naming the pair rule")
			}
		}
	}
	switch {
	case v.ListedIn != "":
		v.checkListedIn(add, uses, usesPair)
	case !uses && v.Signer == "":
		add("never sends {{secret}}")
	}
	switch v.Signer {
	case "", "aws-sigv4":
	default:
		add("unknown signer %q", v.Signer)
	}
	if len(v.Valid) == 0 || len(v.Invalid) == 0 {
		add("needs at least one valid and one invalid response")
	}
	for _, r := range append(append([]Response{}, v.Valid...), v.Invalid...) {
		if len(r.Status) == 0 {
			add("a response needs at least one status")
		}
		for _, s := range r.Status {
			if s < 100 || s > 599 {
				add("status %d is not an HTTP status", s)
			}
		}
	}
	return errs
}

// checkListedIn keeps a listed_in check to its promise: the secret never
// leaves the machine, and the request names the credential by its pair.
func (v *Validate) checkListedIn(add func(string, ...any), usesSecret, usesPair bool) {
	if v.ListedIn != "json-keys" {
		add("unknown listed_in %q (known: json-keys)", v.ListedIn)
	}
	if usesSecret {
		add("a listed_in check looks the secret up in the answer and never sends it: drop {{secret}}")
	}
	if v.Signer != "" {
		add("a listed_in check sends no secret to sign with")
	}
	if !usesPair {
		add("a listed_in check names the credential by {{pair}}")
	}
}
