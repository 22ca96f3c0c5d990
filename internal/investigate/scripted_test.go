package investigate

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted is a provider whose documented answers are written out: each
// route answers its list in turn (the last one repeats). In the JSON,
// {{t:N}} is day N after the leak at 10:00 (RFC 3339; {{t:N:H}} at H:00),
// {{u:N}} the same in Unix seconds, {{r:N}} in RFC 1123 (Twilio), and
// {{base}} the server's URL for next-page links.
type scripted struct {
	rule, secret, pair, admin string
	hosts                     []string
	// host is the user's --host; deadSecret a revoked key of the same
	// shape (deadKey's when empty).
	host, deadSecret string
	hidden           []string
	authorized       func(*http.Request) bool
	// dead is the provider's answer to an unknown key.
	deadStatus int
	dead       string
	routes     map[string][]string
	// links puts a Link header to the given path on a route's first
	// answer (GitHub and GitLab paging).
	links map[string]string
	known Known

	identity    map[string]string
	permissions []string
	resources   map[string]int
	flags       [][2]string
	notFlags    [][2]string
	sinceLeak   int
	paged       []string // routes that must be read page after page
	// nextQuery is, per route, the "param=value" its second request must
	// carry: the cursor the provider's first answer handed out.
	nextQuery map[string]string

	deny, wantDenied, limit string
}

var placeholder = regexp.MustCompile(`\{\{(t|u|r|base)(?::(-?\d+))?(?::(\d+))?\}\}`)

func expand(s, base string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		if p[1] == "base" {
			return base
		}
		n, _ := strconv.Atoi(p[2])
		hour := 10
		if p[3] != "" {
			hour, _ = strconv.Atoi(p[3])
		}
		at := day(n, hour)
		switch p[1] {
		case "u":
			return strconv.FormatInt(at.Unix(), 10)
		case "r":
			return at.Format(time.RFC1123Z)
		}
		return at.Format(time.RFC3339)
	})
}

func (sc scripted) vendor(t *testing.T) *vendor {
	var mu sync.Mutex
	served := map[string]int{}
	routes := map[string]http.HandlerFunc{}
	for path, answers := range sc.routes {
		routes[path] = func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n := served[path]
			served[path]++
			mu.Unlock()
			base := "http://" + r.Host
			if next := sc.links[path]; next != "" && n == 0 {
				w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="next"`, base, next))
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, expand(answers[min(n, len(answers)-1)], base))
		}
	}
	status := sc.deadStatus
	if status == 0 {
		status = http.StatusUnauthorized
	}
	return &vendor{t: t, routes: routes, authorized: sc.authorized,
		unauthorized: func(w http.ResponseWriter) {
			w.WriteHeader(status)
			fmt.Fprint(w, sc.dead)
		}}
}

func (sc scripted) run(t *testing.T) {
	runProvider(t, providerCase{
		rule: sc.rule, secret: sc.secret, pair: sc.pair, admin: sc.admin, hosts: sc.hosts, known: sc.known, host: sc.host, deadSecret: sc.deadSecret, hidden: sc.hidden,
		vendor: sc.vendor, denyPath: sc.deny, wantDenied: sc.wantDenied, limitPath: sc.limit,
		check: func(t *testing.T, rep *Report, v *vendor) {
			for label, want := range sc.identity {
				if got := field(rep, label); got != want {
					t.Errorf("identity %s = %q, want %q (all: %+v)", label, got, want, rep.Identity)
				}
			}
			for _, p := range sc.permissions {
				if !hasPermission(rep, p) {
					t.Errorf("permission %q missing: %v", p, rep.Permissions)
				}
			}
			for kind, n := range sc.resources {
				if r := resource(rep, kind); r == nil || r.Count != n {
					t.Errorf("resource %s: %+v, want %d", kind, r, n)
				}
			}
			for _, f := range sc.flags {
				mustFlag(t, rep, f[0], f[1])
			}
			for _, f := range sc.notFlags {
				mustNotFlag(t, rep, f[0], f[1])
			}
			if sc.sinceLeak > 0 && (rep.Activity == nil || rep.Activity.SinceLeak != sc.sinceLeak) {
				t.Errorf("events since the leak: %+v, want %d", rep.Activity, sc.sinceLeak)
			}
			for path, want := range sc.nextQuery {
				name, value, _ := strings.Cut(want, "=")
				v.mu.Lock()
				qs := v.queries[path]
				v.mu.Unlock()
				if len(qs) < 2 || qs[1].Get(name) != value {
					t.Errorf("%s: second request's queries %v, want %s", path, qs, want)
				}
			}
			for _, p := range sc.paged {
				if n := v.hitCount(p); n < 2 {
					t.Errorf("%s read in %d page(s), want the next page too", p, n)
				}
			}
		},
	})
}

func bearer(token string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+token }
}

func header(name, value string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Header.Get(name) == value }
}

func basic(user, pass string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && u == user && p == pass
	}
}

// join makes a JSON list of the given records.
func join(records ...string) string { return "[" + strings.Join(records, ",") + "]" }

// repeat writes one record per day from day from to day to (exclusive).
func repeat(from, to int, record string) []string {
	var out []string
	for d := from; d < to; d++ {
		out = append(out, strings.ReplaceAll(record, "{{D}}", strconv.Itoa(d)))
	}
	return out
}
