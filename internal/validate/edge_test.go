package validate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// cloudflareBlock is the shape of the page Cloudflare serves, with status
// 403, when its WAF blocks a request (the "Attention Required!" page): it
// comes from the edge, not from the provider's API, and says nothing
// about the secret.
const cloudflareBlock = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8" /></head>
<body><div id="cf-wrapper"><div class="cf-alert cf-alert-error cf-cookie-error" id="cookie-alert">Please enable cookies.</div>
<div id="cf-error-details" class="cf-error-details-wrapper"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline">You are unable to access api.example.com</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
<span class="cf-footer-item">Cloudflare Ray ID: <strong>8a1b2c3d4e5f6a7b</strong></span></div></div></body></html>`

// TestEveryCheckSaysUnknownAtTheEdge drives every catalogue check against
// a local server that answers as an overloaded or shielded API does: a
// 429 (after the retries) is "unknown, rate limited", and a WAF's 403
// HTML page is "unknown", never "invalid" (nor "valid"), for every rule,
// whatever statuses its block lists; so is Cloudflare's one-line "error
// code: 1010" refusal.
func TestEveryCheckSaysUnknownAtTheEdge(t *testing.T) {
	byID := catalogue(t)
	var mode string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode {
		case "429":
			w.Header().Set("Retry-After", "2")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error":"rate limit exceeded"}`)
		case "waf":
			w.Header().Set("Content-Type", "text/html; charset=UTF-8")
			w.Header().Set("Server", "cloudflare")
			w.Header().Set("CF-RAY", "8a1b2c3d4e5f6a7b-AMS")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, cloudflareBlock)
		case "cloudflare-text":
			// What Cloudflare answers a client it turns away for its
			// browser signature (error 1010) or a firewall rule (1020)
			// when the client did not ask for HTML.
			w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
			w.Header().Set("Server", "cloudflare")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, "error code: 1010")
		}
	}))
	defer srv.Close()
	var ids []string
	for id, r := range byID {
		if r.Validate != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, m := range []struct{ mode, reason string }{{"429", "rate limited"}, {"waf", "firewall or edge"}, {"cloudflare-text", "Cloudflare's error code: 1010"}} {
		mode = m.mode
		wrong := 0
		for _, id := range ids {
			r := byID[id]
			c := checker(t, srv, byID, nil)
			pair := ""
			if r.Validate.Pair != "" {
				pair = "AKIALIVE0000000000XX"
			}
			live, _ := testSecrets(t, r)
			got := c.Check(context.Background(), r, live, pair)
			if got.Status != Unknown || !strings.Contains(got.Reason, m.reason) {
				wrong++
				t.Errorf("%s: %s answer: %s (%s), want unknown (%s)", id, m.mode, got.Status, got.Reason, m.reason)
			}
		}
		if len(ids) < 400 {
			t.Errorf("only %d checks in the catalogue", len(ids))
		}
		t.Logf("%s: %d of %d checks wrong", m.mode, wrong, len(ids))
	}
}

// TestDeclared403BodyStillDecides: a rule that says a 403 with a specific
// body means invalid (or valid) is believed when the body says so, even in
// HTML, and not otherwise.
func TestDeclared403BodyStillDecides(t *testing.T) {
	r := &rule.Rule{ID: "acme-token", Validate: &rule.Validate{
		URL:     "https://api.acme.test/v1/me",
		Headers: map[string]string{"Authorization": "Bearer {{secret}}"},
		Valid:   []rule.Response{{Status: []int{200}}, {Status: []int{403}, BodyContains: "missing scope"}},
		Invalid: []rule.Response{{Status: []int{401}}, {Status: []int{403}, BodyContains: "token revoked"}},
	}}
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, body)
	}))
	defer srv.Close()
	c, err := New(Options{Client: srv.Client(), Hosts: map[string]string{"api.acme.test": srv.URL}, Retries: 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body string
		want Status
	}{
		{"<html><body>Error: token revoked</body></html>", Invalid},
		{"<html><body>Error: missing scope read:user</body></html>", Valid},
		{cloudflareBlock, Unknown},
	} {
		body = tc.body
		if got := c.Check(context.Background(), r, tc.body[:20]+"x", ""); got.Status != tc.want {
			t.Errorf("403 %.40q: %s (%s), want %s", tc.body, got.Status, got.Reason, tc.want)
		}
	}
}

// TestAlsoHostsAskEachRegion: a key of a regional provider is refused
// everywhere but at home, so the check asks each of the rule's regional
// hosts until one accepts it; it is invalid only when all refuse it, and
// unknown when one of them could not answer.
func TestAlsoHostsAskEachRegion(t *testing.T) {
	r := &rule.Rule{ID: "acme-token", Validate: &rule.Validate{
		URL:       "https://api.acme.test/v1/validate",
		Headers:   map[string]string{"X-Acme-Key": "{{secret}}"},
		AlsoHosts: []string{"api.eu.acme.test", "api.ap1.acme.test"},
		Valid:     []rule.Response{{Status: []int{200}}},
		Invalid:   []rule.Response{{Status: []int{403}}},
	}}
	// Each region knows its own keys; "busy" regions answer 429.
	type region struct {
		host  string
		key   string
		busy  bool
		asked int
	}
	regions := []*region{{host: "api.acme.test", key: "us-key"}, {host: "api.eu.acme.test", key: "eu-key"}, {host: "api.ap1.acme.test", key: "ap-key"}}
	hosts := map[string]string{}
	for _, reg := range regions {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			reg.asked++
			switch {
			case reg.busy:
				w.WriteHeader(http.StatusTooManyRequests)
			case req.URL.Path == "/v1/validate" && req.Header.Get("X-Acme-Key") == reg.key:
				io.WriteString(w, `{"valid":true}`)
			default:
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"errors":["Forbidden"]}`)
			}
		}))
		defer srv.Close()
		hosts[reg.host] = srv.URL
	}
	asked := func() (n []int) {
		for _, reg := range regions {
			n = append(n, reg.asked)
			reg.asked = 0
		}
		return n
	}
	for _, tc := range []struct {
		key    string
		busy   int // index of a region answering 429, or -1
		want   Status
		reason string
		asked  string
	}{
		{"us-key", -1, Valid, "HTTP 200", "[1 0 0]"},
		{"eu-key", -1, Valid, "HTTP 200 at api.eu.acme.test", "[1 1 0]"},
		{"ap-key", -1, Valid, "HTTP 200 at api.ap1.acme.test", "[1 1 1]"},
		{"dead-key", -1, Invalid, "HTTP 403 (and refused at its 2 other regional hosts)", "[1 1 1]"},
		{"dead-key", 1, Unknown, "rate limited (HTTP 429) at api.eu.acme.test", "[1 1 1]"},
		{"ap-key", 0, Valid, "HTTP 200 at api.ap1.acme.test", "[1 1 1]"},
	} {
		for i, reg := range regions {
			reg.busy = i == tc.busy
		}
		c, err := New(Options{Hosts: hosts, Retries: 0})
		if err != nil {
			t.Fatal(err)
		}
		got := c.Check(context.Background(), r, tc.key, "")
		if n := fmt.Sprint(asked()); got.Status != tc.want || got.Reason != tc.reason || n != tc.asked {
			t.Errorf("%s (busy %d): %s (%s) after asking %s, want %s (%s) after %s", tc.key, tc.busy, got.Status, got.Reason, n, tc.want, tc.reason, tc.asked)
		}
	}
}
