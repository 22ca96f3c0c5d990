// Package validate asks a provider's own API whether a leaked secret is
// still live, driven by the rules' validate blocks. The answer is exactly
// valid, invalid or unknown with the reason: a WAF's 403 page is not
// "valid", a rate limit or a 5xx is not "invalid", and an error is never
// swallowed into either.
package validate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
)

// Status is the outcome of a check.
type Status string

const (
	Valid   Status = "valid"
	Invalid Status = "invalid"
	Unknown Status = "unknown"
)

// Result is one check's answer.
type Result struct {
	Status Status
	Reason string // why, for unknown (and a note for the others)
	// RuleID is the rule whose check answered: with also_as it may be a
	// sibling (a Postmark UUID that is an account token, not a server one).
	RuleID    string
	CheckedAt time.Time
}

// Options configure a Checker.
type Options struct {
	// Client sends the requests; its CheckRedirect is replaced so a
	// redirect can never carry a secret to another host.
	Client *http.Client
	// Hosts maps a provider host to another base URL (an egress gateway,
	// an enterprise server, a local fake in tests). Plain http is allowed
	// only for loopback targets named here.
	Hosts       map[string]string
	Timeout     time.Duration // per request
	Retries     int           // on 429 and 5xx
	Concurrency int           // requests in flight at once
	PerHost     time.Duration // minimum gap between requests to one host
	UserAgent   string
	// Rules resolves also_as and pair rule ids.
	Rules map[string]*rule.Rule
	// Sleep waits (time.Sleep outside tests); Now tells the time.
	Sleep func(context.Context, time.Duration) error
	Now   func() time.Time
}

// Checker runs checks with a cache: one request per unique secret and rule
// per run.
type Checker struct {
	opts  Options
	sem   chan struct{}
	mu    sync.Mutex
	cache map[string]*entry
	hosts map[string]*hostGate
}

type entry struct {
	once sync.Once
	res  Result
}

type hostGate struct {
	mu   sync.Mutex
	next time.Time
}

// New returns a Checker; zero options get sensible defaults.
func New(opts Options) (*Checker, error) {
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	client := *opts.Client
	client.CheckRedirect = sameHostRedirects
	opts.Client = &client
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "leakhound (secret validity check; +https://github.com/leakhound/leakhound)"
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	for host, target := range opts.Hosts {
		if err := checkOverride(host, target); err != nil {
			return nil, err
		}
	}
	return &Checker{opts: opts, sem: make(chan struct{}, opts.Concurrency), cache: map[string]*entry{}, hosts: map[string]*hostGate{}}, nil
}

// checkOverride allows https anywhere, and plain http only to loopback.
func checkOverride(host, target string) error {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		return fmt.Errorf("validation host %s: %q is not a base URL", host, target)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("validation host %s: plain http is only allowed to a loopback address, not %s", host, u.Host)
	}
	return fmt.Errorf("validation host %s: %q must be an https (or loopback http) URL", host, target)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameHostRedirects follows a redirect only within the same scheme and
// host; anything else ends the request with the redirect as the answer.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 3 {
		return http.ErrUseLastResponse
	}
	first := via[0].URL
	if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Check asks whether secret (with pair, for two-part credentials) is live
// for rule r: Recheck's answer, asked once per secret for the checker's
// life (one scan). A rule without a check has nothing to keep.
func (c *Checker) Check(ctx context.Context, r *rule.Rule, secret, pair string) Result {
	if r.Validate == nil {
		return noCheck(r)
	}
	key := cacheKey(r.ID, secret, pair)
	c.mu.Lock()
	e := c.cache[key]
	if e == nil {
		e = &entry{}
		c.cache[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.res = c.Recheck(ctx, r, secret, pair) })
	return e.res
}

// Recheck asks the provider now, past Check's cache: for a checker that
// lives longer than one scan (the incident server's), where an answer
// holds only for when it was given.
func (c *Checker) Recheck(ctx context.Context, r *rule.Rule, secret, pair string) Result {
	if r.Validate == nil {
		return noCheck(r)
	}
	res := c.checkOne(ctx, r, secret, pair)
	if res.Status != Invalid {
		return res
	}
	for _, id := range r.Validate.AlsoAs {
		sib := c.opts.Rules[id]
		if sib == nil || sib.Validate == nil {
			continue
		}
		if alt := c.checkOne(ctx, sib, secret, pair); alt.Status == Valid {
			alt.Reason = fmt.Sprintf("valid as a %s", sib.Name)
			return alt
		}
	}
	return res
}

func noCheck(r *rule.Rule) Result {
	return Result{Status: Unknown, Reason: "no validity check for this kind of credential", RuleID: r.ID}
}

func cacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Checker) checkOne(ctx context.Context, r *rule.Rule, secret, pair string) (res Result) {
	res = Result{Status: Unknown, RuleID: r.ID}
	defer func() { res.CheckedAt = c.opts.Now().UTC() }()
	v := r.Validate
	if v.Pair != "" && pair == "" {
		res.Reason = fmt.Sprintf("needs its other part (%s) from the same file", v.Pair)
		return res
	}
	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-ctx.Done():
		res.Reason = "cancelled"
		return res
	}
	// The URL's own host, then the provider's other regions until one
	// says valid: a key is refused everywhere but at home, so only
	// "invalid" from every one of them means it is dead, and an unknown
	// answer from any leaves it unknown.
	unknown := ""
	for i, host := range append([]string{""}, v.AlsoHosts...) {
		s, reason := c.ask(ctx, v, secret, pair, host)
		if host != "" {
			reason += " at " + host
		}
		switch {
		case s == Valid:
			res.Status, res.Reason = Valid, reason
			return res
		case s == Unknown && unknown == "":
			unknown = reason
		case s == Invalid && i == 0:
			res.Reason = reason
		}
	}
	if unknown != "" {
		res.Reason = unknown
		return res
	}
	res.Status = Invalid
	if n := len(v.AlsoHosts); n > 0 {
		res.Reason += fmt.Sprintf(" (and refused at its %d other regional hosts)", n)
	}
	return res
}

// ask sends a check's request, to host instead of the URL's own when host
// is set, and reads the answer.
func (c *Checker) ask(ctx context.Context, v *rule.Validate, secret, pair, host string) (Status, string) {
	ans, err := c.send(ctx, func() (*http.Request, error) { return c.request(ctx, v, secret, pair, host) },
		func(a Answer) bool { _, ok := classify(v, a); return ok })
	if err != nil {
		return Unknown, err.Error()
	}
	if s, ok := classify(v, ans); ok {
		if s == Valid && v.ListedIn != "" {
			return lookUp(ans, secret)
		}
		return s, fmt.Sprintf("HTTP %d", ans.Status)
	}
	return Unknown, ans.Unread()
}

// lookUp reads a listed_in answer, the ids of the keys the provider holds
// live as the keys of a JSON object, and finds the secret among them.
func lookUp(ans Answer, secret string) (Status, string) {
	var listed map[string]json.RawMessage
	if ans.HTML || json.Unmarshal(ans.Body, &listed) != nil || listed == nil {
		return Unknown, fmt.Sprintf("HTTP %d without the JSON list of published keys", ans.Status)
	}
	if _, ok := listed[secret]; ok {
		return Valid, fmt.Sprintf("HTTP %d: the key id is among the %d keys published for the account", ans.Status, len(listed))
	}
	return Invalid, fmt.Sprintf("HTTP %d: the key id is not among the %d keys published for the account", ans.Status, len(listed))
}

// Answer is one HTTP exchange's outcome.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	// HTML says the body is a page from in front of the API: an HTML page
	// (a firewall's or CDN's, most often), by its content type or its first
	// bytes, or Cloudflare's one-line "error code: 1010" answer to clients
	// it turns away.
	HTML bool
}

// Send sends the request build makes, keeping the per-host gap and the
// concurrency limit, and retries a 429 or 5xx answer up to the configured
// number of times, waiting as Retry-After asks (up to 30 s) or backing off.
// build runs again for each attempt, so a signed request is signed afresh.
// Requests must already be routed (see Route). Investigations use it to
// share validity checks' discipline with the provider.
func (c *Checker) Send(ctx context.Context, build func() (*http.Request, error)) (Answer, error) {
	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-ctx.Done():
		return Answer{}, errors.New("cancelled")
	}
	return c.send(ctx, build, nil)
}

// send is Send without the semaphore; final, when set, says an answer is
// the end even if it is a 429 or 5xx (a check that declares a 500 as
// "invalid").
func (c *Checker) send(ctx context.Context, build func() (*http.Request, error), final func(Answer) bool) (Answer, error) {
	for attempt := 0; ; attempt++ {
		req, err := build()
		if err != nil {
			return Answer{}, err
		}
		if req.Header.Get("User-Agent") == "" {
			req.Header.Set("User-Agent", c.opts.UserAgent)
		}
		if err := c.wait(ctx, req.URL.Host); err != nil {
			return Answer{}, errors.New("cancelled")
		}
		ans, retryAfter, err := c.do(req)
		if err != nil {
			return Answer{}, err
		}
		retryable := ans.Status == http.StatusTooManyRequests || ans.Status >= 500
		if !retryable || attempt >= c.opts.Retries || (final != nil && final(ans)) {
			return ans, nil
		}
		backoff := time.Duration(1<<attempt) * 500 * time.Millisecond
		if retryAfter > 0 && retryAfter < 30*time.Second {
			backoff = retryAfter
		}
		if err := c.opts.Sleep(ctx, backoff); err != nil {
			return Answer{}, errors.New("cancelled")
		}
	}
}

// Pause waits d, or until ctx ends: for providers that signal a rate limit
// other than by 429 (CloudTrail's 400 ThrottlingException).
func (c *Checker) Pause(ctx context.Context, d time.Duration) error { return c.opts.Sleep(ctx, d) }

// Now tells the checker's time (a fixed clock in tests).
func (c *Checker) Now() time.Time { return c.opts.Now() }

// wait keeps a minimum gap between requests to one host.
func (c *Checker) wait(ctx context.Context, host string) error {
	if c.opts.PerHost <= 0 {
		return nil
	}
	c.mu.Lock()
	g := c.hosts[host]
	if g == nil {
		g = &hostGate{}
		c.hosts[host] = g
	}
	c.mu.Unlock()
	g.mu.Lock()
	now := c.opts.Now()
	at := g.next
	if at.Before(now) {
		at = now
	}
	g.next = at.Add(c.opts.PerHost)
	g.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return c.opts.Sleep(ctx, d)
	}
	return nil
}

const maxBody = 1 << 20

// do sends req and returns the answer (its body at most maxBody bytes)
// and how long Retry-After asks to wait.
func (c *Checker) do(req *http.Request) (ans Answer, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(req.Context(), c.opts.Timeout)
	defer cancel()
	resp, err := c.opts.Client.Do(req.WithContext(ctx))
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
			return ans, 0, fmt.Errorf("timed out after %s", c.opts.Timeout)
		case errors.Is(err, context.Canceled):
			return ans, 0, errors.New("cancelled")
		}
		// The URL may carry the secret in its path (Telegram's
		// /bot<token>/getMe) or query: name only its host.
		var ue *url.Error
		if errors.As(err, &ue) {
			host := ""
			if u, perr := url.Parse(ue.URL); perr == nil {
				host = u.Host
			}
			return ans, 0, fmt.Errorf("request to %s failed: %s", host, redactURL(ue.Err.Error()))
		}
		return ans, 0, fmt.Errorf("request failed: %s", redactURL(err.Error()))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return ans, 0, fmt.Errorf("reading the answer: %v", err)
	}
	retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.opts.Now())
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		loc := resp.Header.Get("Location")
		if u, err := url.Parse(loc); err == nil && u.Host != "" && u.Host != req.URL.Host {
			return Answer{Status: resp.StatusCode}, 0, fmt.Errorf("redirected to another host (%s), not followed", u.Host)
		}
	}
	html := looksLikeHTML(string(data)) || cloudflareError(string(data)) || strings.HasPrefix(strings.ToLower(resp.Header.Get("Content-Type")), "text/html")
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: data, HTML: html}, retryAfter, nil
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date
// (RFC 9110 section 10.2.3).
func parseRetryAfter(s string, now time.Time) time.Duration {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// redactURL drops query strings from a transport error, where a secret
// templated into the URL would otherwise appear.
func redactURL(msg string) string {
	if i := strings.Index(msg, "?"); i >= 0 {
		end := strings.IndexAny(msg[i:], "\" ")
		if end < 0 {
			return msg[:i]
		}
		return msg[:i] + msg[i+end:]
	}
	return msg
}

// classify reads an answer with the rule's responses (see Matches).
func classify(v *rule.Validate, a Answer) (Status, bool) {
	if Matches(v.Valid, a) {
		return Valid, true
	}
	if Matches(v.Invalid, a) {
		return Invalid, true
	}
	return Unknown, false
}

// FromTheEdge reports answers that rate limiters, WAFs and CDNs give in
// front of any API: 429, and 403 as an HTML page (Cloudflare's "Attention
// Required!", Akamai's and CloudFront's "Access Denied") or as
// Cloudflare's one-line "error code: 1010". Such an answer says nothing
// about the secret.
func (a Answer) FromTheEdge() bool {
	return a.Status == http.StatusTooManyRequests || a.Status == http.StatusForbidden && a.HTML
}

// Matches reports whether one of rs reads the answer. An answer that may
// come from in front of the API (FromTheEdge) is read only by a response
// that names a body the API writes: a WAF's 403 page is not "invalid"
// because the API answers 403 to a revoked key. Validity checks and
// investigations both read answers this way.
func Matches(rs []rule.Response, a Answer) bool {
	edge := a.FromTheEdge()
	body := string(a.Body)
	for _, r := range rs {
		if edge && r.BodyContains == "" {
			continue
		}
		if r.Matches(a.Status, body) {
			return true
		}
	}
	return false
}

// Unread says, in a report's words, what an answer no response read
// was: a rate limit, a provider error, the edge's 403 or just its status.
func (a Answer) Unread() string {
	switch {
	case a.Status == http.StatusTooManyRequests:
		return "rate limited (HTTP 429)"
	case a.Status >= 500:
		return fmt.Sprintf("provider error (HTTP %d)", a.Status)
	case a.Status == http.StatusForbidden && cloudflareError(string(a.Body)):
		return fmt.Sprintf("HTTP 403 with Cloudflare's %s (a firewall or edge, not the API)", strings.TrimSpace(string(a.Body)))
	case a.Status == http.StatusForbidden && a.HTML:
		return "HTTP 403 with an HTML page (a firewall or edge, not the API)"
	case a.HTML:
		return fmt.Sprintf("unexpected HTML answer (HTTP %d)", a.Status)
	}
	return fmt.Sprintf("unexpected answer (HTTP %d)", a.Status)
}

// cloudflareError reports Cloudflare's plain-text error answer, "error
// code: 1020" and the like (developers.cloudflare.com/support/
// troubleshooting/http-status-codes/cloudflare-1xxx-errors/): a client
// turned away by a firewall rule or for its browser signature, before any
// API saw the request.
func cloudflareError(body string) bool {
	code, ok := strings.CutPrefix(strings.TrimSpace(body), "error code: ")
	if !ok || len(code) != 4 {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func looksLikeHTML(body string) bool {
	b := strings.ToLower(strings.TrimSpace(body))
	return strings.HasPrefix(b, "<!doctype html") || strings.HasPrefix(b, "<html")
}
