package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/validate"
)

// fakeGitHub answers as GitHub's REST API for one live token: the user,
// its scopes, orgs, repositories and events. Before the leak the user
// pushed to acme/app; after it something pushed to acme/infra-secrets.
func fakeGitHub(t *testing.T, token string, leak time.Time) *httptest.Server {
	var events []map[string]any
	for d := -20; d < 4; d++ {
		events = append(events, map[string]any{"type": "PushEvent", "actor": map[string]any{"login": "octo"},
			"repo": map[string]any{"name": "acme/app"}, "created_at": leak.Add(time.Duration(d)*24*time.Hour + time.Hour).Format(time.RFC3339)})
	}
	events = append(events, map[string]any{"type": "PushEvent", "actor": map[string]any{"login": "octo"},
		"repo": map[string]any{"name": "acme/infra-secrets"}, "created_at": leak.Add(50 * time.Hour).Format(time.RFC3339)})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"message":"Bad credentials"}`)
			return
		}
		var body any
		switch r.URL.Path {
		case "/user":
			w.Header().Set("X-OAuth-Scopes", "repo, admin:org")
			body = map[string]any{"login": "octo", "id": 1, "type": "User"}
		case "/user/orgs":
			body = []any{map[string]any{"login": "acme"}}
		case "/user/repos":
			body = []any{map[string]any{"full_name": "acme/app", "private": true}, map[string]any{"full_name": "acme/infra-secrets", "private": true}}
		case "/user/installations":
			w.WriteHeader(403)
			body = map[string]any{"message": "You must authenticate with an access token authorized to a GitHub App in order to list installations"}
		case "/users/octo/events":
			body = events
		default:
			w.WriteHeader(404)
			body = map[string]any{"message": "Not Found"}
		}
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestInvestigateFromTheDashboard: an incident whose secret the server
// keeps, a member presses Investigate, the summary and report appear on the
// incident page beside the checklist (whose misuse step links to it), and
// the audit trail records who ran it.
func TestInvestigateFromTheDashboard(t *testing.T) {
	ctx := testutil.Browser(t)
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	bg := context.Background()
	secret := secretFor(43)
	leak := time.Now().Add(-5 * 24 * time.Hour).UTC().Truncate(time.Second)
	github := fakeGitHub(t, secret, leak)
	checker, err := validate.New(validate.Options{Client: github.Client(), Hosts: map[string]string{"api.github.com": github.URL}, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, st, func(c *Config) {
		c.Keys.Secret = bytes.Repeat([]byte{9}, 32)
		c.Investigate = NewInvestigator(checker)
	})
	if _, err := st.CreateUser(bg, "alice", store.RoleMember, "correct horse battery", "test"); err != nil {
		t.Fatal(err)
	}
	rep := scanReport("inv", secret, "deploy/prod.env")
	rep.Findings[0].Location.Date = leak
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != http.StatusCreated {
		t.Fatalf("scan: %d %s", code, body)
	}
	incs, _, err := st.ListIncidents(bg, store.IncidentFilter{})
	if err != nil || len(incs) != 1 || !incs[0].SecretStored {
		t.Fatalf("incidents: %+v %v", incs, err)
	}
	id := incs[0].ID

	step, text := driver(t, ctx)
	step("sign in", chromedp.Navigate(e.http.URL+"/"), chromedp.WaitVisible(chromedp.ID("signin")),
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("incidents")))
	step("open incident", chromedp.Navigate(fmt.Sprintf("%s/incidents/%d", e.http.URL, id)), chromedp.WaitVisible(chromedp.ID("investigate")))
	if link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("misuse-investigation"), "href")); err != nil || link.Value != "#investigation" {
		t.Fatalf("the misuse step's link: %q %v", link.Value, err)
	}
	step("investigate", chromedp.Click(chromedp.ID("investigate")), chromedp.WaitVisible(chromedp.ID("investigation-summary")))
	summary, report := text("#investigation-summary"), text("#investigation-report")
	if !strings.Contains(summary, "Unusual activity") || !strings.Contains(summary, "target acme/infra-secrets") {
		t.Errorf("summary: %q", summary)
	}
	for _, want := range []string{"login: octo", "repo", "admin:org", "acme/infra-secrets", "Leaked since " + leak.Format("2006-01-02")} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if inv := text("#investigation"); !strings.Contains(inv, "run by alice") || strings.Contains(inv, secret) {
		t.Errorf("investigation card: %q", inv)
	}
	if a := text("#audit"); !strings.Contains(a, "alice") || !strings.Contains(a, "Investigation") && !strings.Contains(a, "investigation") {
		t.Errorf("audit trail: %q", a)
	}
	entries, _, err := st.Audit(bg, id, store.Page{Limit: 5})
	if err != nil || entries[0].Action != "investigation" || entries[0].Actor != "alice" {
		t.Errorf("audit entries: %+v %v", entries, err)
	}
	// The API gives the same result, without the secret.
	code, body := e.do(t, "GET", fmt.Sprintf("/api/v1/incidents/%d/investigation", id), e.tokens["viewer"], nil)
	if code != 200 || !bytes.Contains(body, []byte(`"flagged": true`)) || bytes.Contains(body, []byte(secret)) {
		t.Errorf("API: %d %s", code, body)
	}
}
