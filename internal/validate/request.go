package validate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// request builds the check's HTTP request, to host (one of the rule's
// also_hosts) instead of the URL's own when host is set. The host comes
// from the rule (or its override), or for a tenant rule from the secret's
// own data-centre label under the rule's literal domain, never from a
// free template, so a secret can only go to its own provider.
func (c *Checker) request(ctx context.Context, v *rule.Validate, secret, pair, host string) (*http.Request, error) {
	tmpl := v.URL
	if v.Tenant != nil {
		// The secret names its own data centre; the domain stays the
		// rule's literal one.
		th, err := v.Tenant.HostFromSecret(secret)
		if err != nil {
			return nil, err
		}
		tmpl = strings.Replace(tmpl, rule.TenantHost, th, 1)
	}
	raw := fillURL(tmpl, secret, pair)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bad check URL for this rule")
	}
	if host != "" {
		u.Host = host
	}
	if err := c.Route(u); err != nil {
		return nil, err
	}
	method := v.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.ReadSeeker
	var req *http.Request
	if v.Body != "" {
		r := strings.NewReader(fill(v.Body, secret, pair))
		body = r
		req, err = http.NewRequestWithContext(ctx, method, u.String(), r)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, u.String(), nil)
	}
	if err != nil {
		return nil, fmt.Errorf("bad check request for this rule")
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	for k, val := range v.Headers {
		req.Header.Set(k, fill(val, secret, pair))
	}
	if v.BasicAuth != nil {
		req.SetBasicAuth(fill(v.BasicAuth.Username, secret, pair), fill(v.BasicAuth.Password, secret, pair))
	}
	switch v.Signer {
	case "aws-sigv4":
		// The secret access key signs the request; the access key id (the
		// pair) names it. Neither travels in the clear.
		if err := SignSigV4(req, body, pair, secret, "us-east-1", "sts", c.opts.Now()); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// Route checks that u is https and points it at its host's override, if
// the configuration names one: the host always comes from a rule, never
// from a template or an answer.
func (c *Checker) Route(u *url.URL) error {
	if u.Scheme != "https" {
		return fmt.Errorf("refusing to send a secret over %s", u.Scheme)
	}
	if target, ok := c.opts.Hosts[u.Host]; ok {
		base, _ := url.Parse(target) // checked in New
		u.Scheme, u.Host = base.Scheme, base.Host
		u.Path = strings.TrimSuffix(base.Path, "/") + u.Path
		if u.RawPath != "" {
			u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + u.RawPath
		}
	}
	return nil
}

func fill(s, secret, pair string) string {
	return strings.NewReplacer("{{secret}}", secret, "{{pair}}", pair).Replace(s)
}

// fillURL escapes the values for their place: a path segment or a query.
func fillURL(raw, secret, pair string) string {
	q := strings.IndexByte(raw, '?')
	if q < 0 {
		return fill(raw, url.PathEscape(secret), url.PathEscape(pair))
	}
	return fill(raw[:q], url.PathEscape(secret), url.PathEscape(pair)) + fill(raw[q:], url.QueryEscape(secret), url.QueryEscape(pair))
}
