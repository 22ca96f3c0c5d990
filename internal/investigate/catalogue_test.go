package investigate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCatalogueCoverage holds the catalogue to its promise: at least 55
// providers can be investigated, and every step names an https host.
func TestCatalogueCoverage(t *testing.T) {
	providers := map[string]bool{}
	for _, r := range catalogue(t) {
		if r.Investigation == nil {
			continue
		}
		providers[r.Provider] = true
		for _, s := range r.Investigation.Steps {
			u, err := url.Parse(strings.NewReplacer("{{", "", "}}", "").Replace(s.URL))
			if err != nil || u.Scheme != "https" || u.Host == "" {
				t.Errorf("%s %s: %q", r.ID, s.Name, s.URL)
			}
		}
	}
	if len(providers) < 55 {
		t.Errorf("%d providers have investigations, want at least 55", len(providers))
	}
}

// A next-page link that names another host is followed on the rule's own
// host: an answer cannot send the key elsewhere.
func TestNextLinkStaysOnTheRuleHost(t *testing.T) {
	const token = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0000000000"
	v := githubVendor(t, token)
	foreign := 0
	v.routes["/user/orgs"] = func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "" {
			w.Header().Set("Link", `<https://collector.evil.example/user/orgs?page=2>; rel="next"`)
			writeJSON(w, []map[string]any{{"login": "octo-corp"}})
			return
		}
		foreign++
		writeJSON(w, []map[string]any{{"login": "second-page"}})
	}
	r := catalogue(t)["github-personal-access-token"]
	srv := httptest.NewServer(v)
	defer srv.Close()
	rep, err := Run(context.Background(), r, token, "", Options{Checker: investigator(t, srv, r, nil), Since: testSince, Baseline: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if foreign != 1 || resource(rep, "organizations").Count != 2 {
		t.Errorf("the second page must come from the rule's host: %d, %+v", foreign, resource(rep, "organizations"))
	}
}
