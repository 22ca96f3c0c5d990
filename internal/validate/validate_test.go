package validate

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

func catalogue(t *testing.T) map[string]*rule.Rule {
	t.Helper()
	ps, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	all, err := rule.Flatten(ps)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*rule.Rule{}
	for _, r := range all {
		out[r.ID] = r
	}
	return out
}

// checker points every provider host of the catalogue at srv.
func checker(t *testing.T, srv *httptest.Server, byID map[string]*rule.Rule, tweak func(*Options)) *Checker {
	t.Helper()
	hosts := map[string]string{}
	for _, r := range byID {
		if r.Validate != nil {
			raw := r.Validate.URL
			if tn := r.Validate.Tenant; tn != nil {
				live, _ := testSecrets(t, r)
				host, err := tn.HostFromSecret(live)
				if err != nil {
					t.Fatalf("%s: %v", r.ID, err)
				}
				raw = strings.Replace(raw, rule.TenantHost, host, 1)
			}
			u, err := url.Parse(strings.ReplaceAll(strings.ReplaceAll(raw, "{{secret}}", "x"), "{{pair}}", "x"))
			if err != nil {
				t.Fatal(err)
			}
			hosts[u.Host] = srv.URL
			for _, h := range r.Validate.AlsoHosts {
				hosts[h] = srv.URL
			}
		}
	}
	opts := Options{Client: srv.Client(), Hosts: hosts, Rules: byID, Retries: 2, Timeout: 2 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	if tweak != nil {
		tweak(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testSecrets is a live and a revoked secret for r's check. Most checks
// take any string; a check whose host comes from the secret's own format
// (a tenant) gets its rule's first example, and that example with its
// first character changed, which keeps the part naming the host.
func testSecrets(t *testing.T, r *rule.Rule) (live, dead string) {
	t.Helper()
	if r.Validate.Tenant == nil {
		return "LIVEq8z2m4x7c1v9b3n6l0k5j8h2", "DEADq8z2m4x7c1v9b3n6l0k5j8h2"
	}
	re := regexp.MustCompile(r.Pattern)
	for _, ex := range r.Examples {
		m := re.FindStringSubmatch(ex)
		if m == nil {
			continue
		}
		live = m[re.SubexpIndex("secret")]
		first := "f"
		if live[0] == 'f' {
			first = "e"
		}
		return live, first + live[1:]
	}
	t.Fatalf("%s: no example holds a secret to check", r.ID)
	return "", ""
}

// carries reports whether the request holds secret where a validate block
// may put it: URL, headers (also inside basic auth) or body.
func carries(r *http.Request, body, secret string) bool {
	if strings.Contains(r.URL.String(), url.PathEscape(secret)) || strings.Contains(r.URL.RawQuery, url.QueryEscape(secret)) || strings.Contains(body, secret) {
		return true
	}
	for _, vs := range r.Header {
		for _, v := range vs {
			if strings.Contains(v, secret) {
				return true
			}
			if strings.HasPrefix(v, "Basic ") {
				if dec, err := base64.StdEncoding.DecodeString(v[6:]); err == nil && strings.Contains(string(dec), secret) {
					return true
				}
			}
		}
	}
	return false
}

// TestEveryCatalogueCheckMapsAnswers drives each rule's check against a
// local server that answers as its block says the provider does: the live
// secret gets a "valid" answer, any other an "invalid" one. It proves each
// block sends the secret and reads the answers it declares.
func TestEveryCatalogueCheckMapsAnswers(t *testing.T) {
	byID := catalogue(t)
	var current *rule.Rule
	var live string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		v := current.Validate
		resp := v.Invalid[0]
		if carries(r, string(data), live) || (v.Signer == "aws-sigv4" && strings.Contains(r.Header.Get("Authorization"), "Credential=AKIALIVE")) {
			resp = v.Valid[0]
		}
		if v.ListedIn != "" {
			// The secret is never sent: the answer lists the live key
			// ids of the credential the pair names.
			if carries(r, string(data), live) || carries(r, string(data), "DEAD") {
				resp = v.Invalid[0]
			} else if carries(r, string(data), "AKIALIVE0000000000XX") {
				w.WriteHeader(v.Valid[0].Status[0])
				fmt.Fprintf(w, `{%q: "cert"}`, live)
				return
			}
		}
		w.WriteHeader(resp.Status[0])
		io.WriteString(w, resp.BodyContains)
	}))
	defer srv.Close()
	checked := 0
	for id, r := range byID {
		if r.Validate == nil {
			continue
		}
		current = r
		var dead string
		live, dead = testSecrets(t, r)
		c := checker(t, srv, byID, func(o *Options) { o.Rules = nil })
		pair := ""
		if r.Validate.Pair != "" {
			pair = "AKIALIVE0000000000XX"
		}
		secret := live
		if r.Validate.Signer == "aws-sigv4" {
			secret = "whatever"
		}
		if got := c.Check(context.Background(), r, secret, pair); got.Status != Valid {
			t.Errorf("%s: live secret: %s (%s)", id, got.Status, got.Reason)
		}
		badPair := pair
		if badPair != "" {
			badPair = "AKIADEAD0000000000XX"
		}
		if got := c.Check(context.Background(), r, dead, badPair); got.Status != Invalid {
			t.Errorf("%s: revoked secret: %s (%s)", id, got.Status, got.Reason)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d rules have a validity check, want at least 100", checked)
	}
}

// TestPostmarkAnswers follows Postmark's documented behaviour: 200 for a
// good token, 401 with ErrorCode 10 for a bad one; both token kinds are
// UUIDs, so a server-token finding that is really an account token is
// reported valid as an account token.
func TestPostmarkAnswers(t *testing.T) {
	byID := catalogue(t)
	const server, account = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2", "4d3c2b1a-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
	var edge atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if edge.Load() {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(403)
			io.WriteString(w, "<!DOCTYPE html><html><body>Request blocked</body></html>")
			return
		}
		ok := (r.URL.Path == "/server" && r.Header.Get("X-Postmark-Server-Token") == server) ||
			(r.URL.Path == "/servers" && r.Header.Get("X-Postmark-Account-Token") == account && r.URL.Query().Get("count") == "1")
		if !ok {
			w.WriteHeader(401)
			io.WriteString(w, `{"ErrorCode":10,"Message":"Bad or missing API token"}`)
			return
		}
		io.WriteString(w, `{"ID":1,"Name":"Production"}`)
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	st, acc := byID["postmark-server-token"], byID["postmark-account-token"]
	if r := c.Check(context.Background(), st, server, ""); r.Status != Valid || r.RuleID != st.ID {
		t.Errorf("server token: %+v", r)
	}
	if r := c.Check(context.Background(), acc, account, ""); r.Status != Valid || r.RuleID != acc.ID {
		t.Errorf("account token: %+v", r)
	}
	if r := c.Check(context.Background(), st, account, ""); r.Status != Valid || r.RuleID != acc.ID || !strings.Contains(r.Reason, "Account") {
		t.Errorf("account token found as a server token: %+v", r)
	}
	if r := c.Check(context.Background(), st, "00000000-1111-4222-8333-444444444444", ""); r.Status != Invalid {
		t.Errorf("bad token: %+v", r)
	}
	edge.Store(true)
	c2 := checker(t, srv, byID, nil)
	if r := c2.Check(context.Background(), st, server, ""); r.Status != Unknown || !strings.Contains(r.Reason, "HTML") {
		t.Errorf("edge 403 page: %+v", r)
	}
}

func TestPepipostAnswers(t *testing.T) {
	byID := catalogue(t)
	const key = "5ad3e1c9b0f84a7d92c6e1f0a3b4c5d6"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v5.1/domain/getDomains" || r.Header.Get("api_key") != key {
			w.WriteHeader(401)
			io.WriteString(w, `{"status":"error","error":[{"message":"Unauthorized"}]}`)
			return
		}
		io.WriteString(w, `{"status":"success","data":[]}`)
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	r := byID["pepipost-api-key"]
	if got := c.Check(context.Background(), r, key, ""); got.Status != Valid {
		t.Errorf("live key: %+v", got)
	}
	if got := c.Check(context.Background(), r, strings.Repeat("ab", 16), ""); got.Status != Invalid {
		t.Errorf("dead key: %+v", got)
	}
}

func TestUnknownAnswersRetriesAndCache(t *testing.T) {
	byID := catalogue(t)
	r := byID["postmark-server-token"]
	var calls atomic.Int32
	var mode atomic.Value
	mode.Store("429")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n := calls.Add(1)
		switch mode.Load() {
		case "429":
			if n < 3 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(429)
				return
			}
			io.WriteString(w, "{}")
		case "500":
			w.WriteHeader(500)
		case "slow":
			time.Sleep(300 * time.Millisecond)
		}
	}))
	defer srv.Close()
	var slept []time.Duration
	c := checker(t, srv, byID, func(o *Options) {
		o.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	})
	const tok = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"
	if got := c.Check(context.Background(), r, tok, ""); got.Status != Valid || calls.Load() != 3 || len(slept) != 2 || slept[0] != time.Second {
		t.Errorf("429 then 200: %+v after %d calls, slept %v", got, calls.Load(), slept)
	}
	// One request per secret per run.
	c.Check(context.Background(), r, tok, "")
	if calls.Load() != 3 {
		t.Errorf("cached result re-requested: %d calls", calls.Load())
	}
	// Recheck asks again, past the cache (the server's re-checks).
	if got := c.Recheck(context.Background(), r, tok, ""); got.Status != Valid || calls.Load() != 4 {
		t.Errorf("recheck: %+v after %d calls", got, calls.Load())
	}
	mode.Store("500")
	calls.Store(0)
	if got := checker(t, srv, byID, nil).Check(context.Background(), r, tok, ""); got.Status != Unknown || !strings.Contains(got.Reason, "500") || calls.Load() != 3 {
		t.Errorf("500: %+v after %d calls", got, calls.Load())
	}
	mode.Store("slow")
	slow := checker(t, srv, byID, func(o *Options) { o.Timeout = 50 * time.Millisecond; o.Retries = 0 })
	if got := slow.Check(context.Background(), r, tok, ""); got.Status != Unknown || !strings.Contains(got.Reason, "timed out") {
		t.Errorf("slow: %+v", got)
	}
}

// TestSecretNeverLeavesItsProvider: a provider that redirects elsewhere
// does not get the secret forwarded, and a check never calls a host other
// than the rule's own (or its override).
func TestSecretNeverLeavesItsProvider(t *testing.T) {
	byID := catalogue(t)
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) }))
	defer other.Close()
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound)
	}))
	defer provider.Close()
	c := checker(t, provider, byID, nil)
	got := c.Check(context.Background(), byID["postmark-server-token"], "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2", "")
	if got.Status != Unknown || !strings.Contains(got.Reason, "another host") {
		t.Errorf("redirect: %+v", got)
	}
	if otherHits.Load() != 0 {
		t.Errorf("the other host received %d requests", otherHits.Load())
	}
	// Without an override, a check goes to the rule's https host and
	// nowhere else: a client that records dial targets proves it.
	var dialed []string
	rec := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		dialed = append(dialed, r.URL.Scheme+"://"+r.URL.Host)
		return &http.Response{StatusCode: 401, Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}, Request: r}, nil
	})}
	c2, _ := New(Options{Client: rec, Rules: byID, Sleep: func(context.Context, time.Duration) error { return nil }})
	for _, id := range []string{"postmark-server-token", "pepipost-api-key"} {
		c2.Check(context.Background(), byID[id], "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2", "")
	}
	for _, d := range dialed {
		if d != "https://api.postmarkapp.com" && d != "https://api.pepipost.com" {
			t.Errorf("a check went to %s", d)
		}
	}
	if len(dialed) != 3 { // server token, its also_as account check, pepipost
		t.Errorf("dialed %v", dialed)
	}
	if _, err := New(Options{Hosts: map[string]string{"api.postmarkapp.com": "http://10.0.0.5:8080"}}); err == nil {
		t.Error("plain http to a non-loopback override accepted")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestPerHostGapAndConcurrency: requests to one host are spaced by the
// configured gap, and no more than Concurrency are in flight.
func TestPerHostGapAndConcurrency(t *testing.T) {
	byID := catalogue(t)
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		w.WriteHeader(401)
	}))
	defer srv.Close()
	var mu sync.Mutex
	var waits []time.Duration
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := checker(t, srv, byID, func(o *Options) {
		o.PerHost = time.Second
		o.Concurrency = 2
		o.Now = func() time.Time { return now } // the clock stands still: every wait is the full gap
		o.Sleep = func(_ context.Context, d time.Duration) error {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
			return nil
		}
	})
	r := byID["pepipost-api-key"]
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Check(context.Background(), r, fmt.Sprintf("%032x", i+1), "")
		}()
	}
	wg.Wait()
	if most.Load() > 2 {
		t.Errorf("%d requests in flight at once, limit 2", most.Load())
	}
	// Six requests to one host: the first goes at once, the others wait
	// 1 s, 2 s, ... 5 s for their turn.
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	if len(waits) != 5 || total != 15*time.Second {
		t.Errorf("waits %v", waits)
	}
}

// TestTransportErrorsNameOnlyTheHost: a check whose URL carries the secret
// in its path (Telegram's /bot<token>/getMe) and fails in transport says
// which host failed, never the URL.
func TestTransportErrorsNameOnlyTheHost(t *testing.T) {
	byID := catalogue(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Fatal("no hijacker")
		}
		conn, _, _ := hj.Hijack()
		conn.Close() // the connection drops before an answer
	}))
	defer srv.Close()
	c := checker(t, srv, byID, func(o *Options) { o.Retries = 0 })
	const secret = "123456789:AAH9kQ2mLx7zPw5RtYb3Nc8Vd6Fg1Hj4Kl0"
	got := c.Check(context.Background(), byID["telegram-bot-token"], secret, "")
	if got.Status != Unknown || strings.Contains(got.Reason, secret) || strings.Contains(got.Reason, "AAH9kQ2m") || !strings.Contains(got.Reason, "failed") {
		t.Errorf("transport error: %+v", got)
	}
}

// TestDatadogKeyOfAnotherSite: a Datadog API key lives at one of the sites
// the validate page lists and gets 403 at the others; the check finds it
// at its own site, and calls a key dead only once every site refused it.
func TestDatadogKeyOfAnotherSite(t *testing.T) {
	byID := catalogue(t)
	r := byID["datadog-api-key"]
	const euKey = "0123456789abcdef0123456789abcdef"
	asked := map[string]int{}
	var mu sync.Mutex
	hosts := map[string]string{}
	for _, host := range append([]string{"api.datadoghq.com"}, r.Validate.AlsoHosts...) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			mu.Lock()
			asked[host]++
			mu.Unlock()
			if req.URL.Path == "/api/v1/validate" && host == "api.datadoghq.eu" && req.Header.Get("DD-API-KEY") == euKey {
				io.WriteString(w, `{"valid":true}`)
				return
			}
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"errors":["Forbidden"]}`)
		}))
		defer srv.Close()
		hosts[host] = srv.URL
	}
	c, err := New(Options{Hosts: hosts, Rules: byID})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Check(context.Background(), r, euKey, ""); got.Status != Valid || got.Reason != "HTTP 200 at api.datadoghq.eu" {
		t.Errorf("EU key: %+v", got)
	}
	if asked["api.ddog-gov.com"] != 0 {
		t.Errorf("sites after the key's own were asked: %v", asked)
	}
	got := c.Check(context.Background(), r, "fedcba9876543210fedcba9876543210", "")
	if got.Status != Invalid || len(asked) != 9 || asked["api.ddog-gov.com"] != 1 {
		t.Errorf("dead key: %+v after asking %v", got, asked)
	}
}

// TestMailchimpKeyNamesItsDataCentre: a Mailchimp key is checked at the
// data centre its -usN suffix names, and nowhere else; input that lacks
// the suffix (leakhound validate reads any text) is sent nowhere.
func TestMailchimpKeyNamesItsDataCentre(t *testing.T) {
	byID := catalogue(t)
	r := byID["mailchimp-api-key"]
	const key = "0123456789abcdef0123456789abcdef-us6"
	asked := map[string]int{}
	var mu sync.Mutex
	hosts := map[string]string{}
	for _, dc := range []string{"us6", "us21"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			mu.Lock()
			asked[dc]++
			mu.Unlock()
			if _, pw, ok := req.BasicAuth(); ok && pw == key && dc == "us6" && req.URL.Path == "/3.0/ping" {
				io.WriteString(w, `{"health_status":"Everything's Chimpy!"}`)
				return
			}
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"title":"API Key Invalid","status":401}`)
		}))
		defer srv.Close()
		hosts[dc+".api.mailchimp.com"] = srv.URL
	}
	c, err := New(Options{Hosts: hosts})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Check(context.Background(), r, key, ""); got.Status != Valid {
		t.Errorf("live key: %+v", got)
	}
	if got := c.Check(context.Background(), r, "fedcba9876543210fedcba9876543210-us21", ""); got.Status != Invalid {
		t.Errorf("revoked key: %+v", got)
	}
	if got := c.Check(context.Background(), r, "0123456789abcdef0123456789abcdef", ""); got.Status != Unknown || !strings.Contains(got.Reason, "names its API host") {
		t.Errorf("key without its data centre: %+v", got)
	}
	if asked["us6"] != 1 || asked["us21"] != 1 {
		t.Errorf("data centres asked: %v", asked)
	}
}
