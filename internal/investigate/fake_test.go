package investigate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/validate"
	"github.com/leakhound/leakhound/rules"
)

// The tests run at a fixed time; the key leaked five days before.
var (
	testNow   = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	testSince = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
)

// loaded is the catalogue, parsed once for all tests (it takes a quarter
// of a second, and every provider test needs it several times).
var loaded = sync.OnceValues(func() (map[string]*rule.Rule, error) {
	ps, err := rule.LoadFS(rules.FS)
	if err != nil {
		return nil, err
	}
	all, err := rule.Flatten(ps)
	if err != nil {
		return nil, err
	}
	out := map[string]*rule.Rule{}
	for _, r := range all {
		out[r.ID] = r
	}
	return out, nil
})

func catalogue(t *testing.T) map[string]*rule.Rule {
	t.Helper()
	byID, err := loaded()
	if err != nil {
		t.Fatal(err)
	}
	return byID
}

// vendor is a local server answering as one provider documents: routes
// by path, a 401 for requests without the live key, and on demand a 403
// for one path (a key without that permission) or a 429 with Retry-After
// before the first answer.
type vendor struct {
	t          *testing.T
	routes     map[string]http.HandlerFunc
	authorized func(*http.Request) bool
	// unauthorized writes the provider's own 401 answer.
	unauthorized func(http.ResponseWriter)
	deny         string // path answering 403
	limit        string // path answering 429 once
	// key names a request's route: its path, unless the API has one path
	// for everything (AWS: the signed service).
	key     func(*http.Request) string
	mu      sync.Mutex
	limited bool
	hits    map[string]int
	queries map[string][]url.Values
}

func (v *vendor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if v.key != nil {
		path = v.key(r)
	}
	v.mu.Lock()
	if v.hits == nil {
		v.hits, v.queries = map[string]int{}, map[string][]url.Values{}
	}
	v.hits[path]++
	v.queries[path] = append(v.queries[path], r.URL.Query())
	limitNow := v.limit == path && !v.limited
	if limitNow {
		v.limited = true
	}
	v.mu.Unlock()
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		v.t.Errorf("%s %s: investigations only read", r.Method, r.URL.Path)
	}
	if !v.authorized(r) {
		if v.unauthorized != nil {
			v.unauthorized(w)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message":"Bad credentials"}`)
		return
	}
	if limitNow {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"slow down"}`)
		return
	}
	if path == v.deny {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"forbidden"}`)
		return
	}
	h := v.routes[path]
	if h == nil {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Not Found"}`)
		return
	}
	h(w, r)
}

func (v *vendor) hitCount(path string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.hits[path]
}

// sleeps records the checker's waits instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return nil
}

// investigator points every host the rule's investigation and validity
// check name at srv.
func investigator(t *testing.T, srv *httptest.Server, r *rule.Rule, sl *sleeps, extraHosts ...string) *validate.Checker {
	t.Helper()
	hosts := map[string]string{}
	add := func(raw string) {
		u, err := url.Parse(strings.NewReplacer("{{", "", "}}", "").Replace(raw))
		if err != nil {
			t.Fatal(err)
		}
		hosts[u.Host] = srv.URL
	}
	if r.Validate != nil {
		add(r.Validate.URL)
	}
	if r.Investigation != nil {
		for _, s := range r.Investigation.Steps {
			add(s.URL)
		}
	}
	for _, h := range extraHosts {
		hosts[h] = srv.URL
	}
	if sl == nil {
		sl = &sleeps{}
	}
	c, err := validate.New(validate.Options{Client: srv.Client(), Hosts: hosts, Retries: 2, Timeout: 5 * time.Second,
		Sleep: sl.sleep, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// providerCase is one provider's documented behaviour and what the report
// must say about it.
type providerCase struct {
	rule         string
	secret, pair string
	hosts        []string // hosts Go code calls beyond the steps
	vendor       func(t *testing.T) *vendor
	known        Known
	admin        string
	// host is the user's --host; deadSecret a revoked key of the same
	// shape when changing its last character would change its host.
	host, deadSecret string
	// hidden are credentials derived from the secret (a JWT it was
	// exchanged for) that must never be shown either.
	hidden []string
	// denyPath is a path whose 403 must show as a missing permission
	// named by wantDenied; limitPath one answered 429 once.
	denyPath, wantDenied string
	limitPath            string
	check                func(t *testing.T, rep *Report, v *vendor)
}

// runProvider drives one provider through a good key, a dead key, a key
// lacking one permission and a rate limit.
func runProvider(t *testing.T, tc providerCase) {
	byID := catalogue(t)
	r := byID[tc.rule]
	if r == nil || r.Investigation == nil {
		t.Fatalf("%s has no investigation", tc.rule)
	}
	opts := func(c *validate.Checker) Options {
		return Options{Checker: c, Since: testSince, Baseline: 30 * 24 * time.Hour, Known: tc.known, Admin: tc.admin, Host: tc.host}
	}
	t.Run("live key", func(t *testing.T) {
		v := tc.vendor(t)
		srv := httptest.NewServer(v)
		defer srv.Close()
		rep, err := Run(context.Background(), r, tc.secret, tc.pair, opts(investigator(t, srv, r, nil, tc.hosts...)))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Steps {
			if s.Status != StepOK && s.Status != StepSkipped && s.Status != StepUnavailable {
				t.Errorf("step %s: %s (%s)", s.Name, s.Status, s.Detail)
			}
		}
		tc.check(t, rep, v)
		for _, f := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, rep, f); err != nil {
				t.Fatal(err)
			}
			// The pair is an identifier (an AWS key id, a Twilio account
			// SID) that may be shown; the secret never is.
			for _, c := range append([]string{tc.secret}, tc.hidden...) {
				if strings.Contains(buf.String(), c) {
					t.Errorf("%s output holds the secret or a credential bought with it", f)
				}
			}
			if strings.Contains(buf.String(), "SHOULD-NOT-APPEAR") {
				t.Errorf("%s output holds a field the investigation did not pick", f)
			}
		}
	})
	t.Run("dead key", func(t *testing.T) {
		srv := httptest.NewServer(tc.vendor(t))
		defer srv.Close()
		dead := tc.deadSecret
		if dead == "" {
			dead = deadKey(tc.secret)
		}
		_, err := Run(context.Background(), r, dead, tc.pair, opts(investigator(t, srv, r, nil, tc.hosts...)))
		if !errors.Is(err, ErrNotValid) {
			t.Fatalf("dead key: %v, want %v", err, ErrNotValid)
		}
	})
	if tc.denyPath != "" {
		t.Run("missing permission", func(t *testing.T) {
			v := tc.vendor(t)
			v.deny = tc.denyPath
			srv := httptest.NewServer(v)
			defer srv.Close()
			rep, err := Run(context.Background(), r, tc.secret, tc.pair, opts(investigator(t, srv, r, nil, tc.hosts...)))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range rep.Steps {
				if s.Status == StepDenied && strings.Contains(s.Detail, tc.wantDenied) {
					found = true
					// Activity that could not be read is never "nothing unusual"
					// without saying so.
					if (activityStepNames(r)[s.Name] || strings.HasPrefix(s.Name, "CloudTrail")) && (rep.Activity == nil || !rep.Activity.Truncated) {
						t.Errorf("denied activity step %s, but the activity is not marked incomplete", s.Name)
					}
				}
			}
			if !found {
				t.Errorf("a 403 on %s should name %q; steps: %+v", tc.denyPath, tc.wantDenied, rep.Steps)
			}
		})
	}
	if tc.limitPath != "" {
		t.Run("rate limited", func(t *testing.T) {
			v := tc.vendor(t)
			v.limit = tc.limitPath
			srv := httptest.NewServer(v)
			defer srv.Close()
			sl := &sleeps{}
			rep, err := Run(context.Background(), r, tc.secret, tc.pair, opts(investigator(t, srv, r, sl, tc.hosts...)))
			if err != nil {
				t.Fatal(err)
			}
			if rep.Incomplete() {
				t.Errorf("one 429 should be retried: %+v", rep.Steps)
			}
			waited := false
			for _, d := range sl.d {
				waited = waited || d == 7*time.Second
			}
			if !waited {
				t.Errorf("Retry-After: 7 was not honoured; waits %v", sl.d)
			}
		})
	}
}

// activityStepNames names a rule's activity steps.
func activityStepNames(r *rule.Rule) map[string]bool {
	out := map[string]bool{}
	for _, s := range r.Investigation.Steps {
		if s.Section == rule.SectionActivity {
			out[s.Name] = true
		}
	}
	return out
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		panic(err)
	}
}

// field returns the value of an identity label.
func field(rep *Report, label string) string {
	for _, f := range rep.Identity {
		if f.Label == label {
			return f.Value
		}
	}
	return ""
}

func resource(rep *Report, kind string) *Resource {
	for i := range rep.Resources {
		if rep.Resources[i].Kind == kind {
			return &rep.Resources[i]
		}
	}
	return nil
}

// flagged reports whether the activity flags value under kind.
func flagged(rep *Report, kind, value string) bool {
	if rep.Activity == nil {
		return false
	}
	for _, f := range rep.Activity.Unusual {
		if f.Kind == kind && f.Value == value {
			return true
		}
	}
	return false
}

func hasPermission(rep *Report, p string) bool {
	for _, x := range rep.Permissions {
		if x == p || strings.Contains(x, p) {
			return true
		}
	}
	return false
}

func mustFlag(t *testing.T, rep *Report, kind, value string) {
	t.Helper()
	if !flagged(rep, kind, value) {
		t.Errorf("want %s %q flagged; unusual: %+v", kind, value, rep.Activity)
	}
}

func mustNotFlag(t *testing.T, rep *Report, kind, value string) {
	t.Helper()
	if flagged(rep, kind, value) {
		t.Errorf("%s %q is usual and must not be flagged", kind, value)
	}
}

// day returns the time n days from the leak, at the given hour.
func day(n, hour int) time.Time {
	return testSince.Add(time.Duration(n)*24*time.Hour + time.Duration(hour)*time.Hour)
}

// deadKey is key with its last character changed: a revoked key of the
// same shape.
func deadKey(key string) string {
	last := key[len(key)-1]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return key[:len(key)-1] + string(repl)
}

// runOnce runs one investigation against v with opts (the checker, leak
// date and baseline filled in) and fails the test on an error.
func runOnce(t *testing.T, ruleID, secret, pair string, v *vendor, opts Options, hosts ...string) *Report {
	t.Helper()
	r := catalogue(t)[ruleID]
	srv := httptest.NewServer(v)
	defer srv.Close()
	opts.Checker = investigator(t, srv, r, nil, hosts...)
	opts.Since, opts.Baseline = testSince, 30*24*time.Hour
	rep, err := Run(context.Background(), r, strings.TrimSpace(secret), pair, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// readAll reads a request's body and puts it back for the next reader.
func readAll(r *http.Request) string {
	data, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(data))
	return string(data)
}
