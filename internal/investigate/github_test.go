package investigate

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func githubVendor(t *testing.T, token string) *vendor {
	var events []map[string]any
	push := func(at time.Time, repo, kind string) {
		events = append(events, map[string]any{"id": fmt.Sprint(len(events)), "type": kind,
			"actor": map[string]any{"login": "octo"}, "repo": map[string]any{"name": repo}, "created_at": at.Format(time.RFC3339)})
	}
	for d := -20; d < 5; d++ {
		push(day(d, 10), "octo/app", "PushEvent")
	}
	push(day(2, 3), "octo/infra-secrets", "PushEvent")
	push(day(2, 3), "octo/infra-secrets", "CreateEvent")
	// Newest first.
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	return &vendor{t: t,
		authorized: func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+token },
		routes: map[string]http.HandlerFunc{
			"/user": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-OAuth-Scopes", "repo, read:org, workflow")
				w.Header().Set("GitHub-Authentication-Token-Expiration", "2026-04-01 00:00:00 UTC")
				writeJSON(w, map[string]any{"login": "octo", "id": 583231, "name": "Octo Cat", "type": "User",
					"two_factor_authentication": true, "plan": map[string]any{"name": "pro"}})
			},
			"/user/orgs": func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, []map[string]any{{"login": "octo-corp", "id": 1}})
			},
			"/user/repos": func(w http.ResponseWriter, r *http.Request) {
				// Two pages, linked as GitHub does: an absolute URL with
				// rel="next" on the first.
				if r.URL.Query().Get("page") == "" {
					w.Header().Set("Link", fmt.Sprintf(`<http://%s/user/repos?per_page=100&sort=pushed&page=2>; rel="next", <http://%s/user/repos?per_page=100&sort=pushed&page=2>; rel="last"`, r.Host, r.Host))
					writeJSON(w, []map[string]any{{"full_name": "octo/app", "private": true, "permissions": map[string]any{"admin": true, "push": true}}})
					return
				}
				writeJSON(w, []map[string]any{{"full_name": "octo-corp/billing", "private": true, "permissions": map[string]any{"admin": false, "push": true}}})
			},
			"/user/installations": func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(403)
				writeJSON(w, map[string]any{"message": "You must authenticate with an access token authorized to a GitHub App in order to list installations"})
			},
			"/users/octo/events": func(w http.ResponseWriter, r *http.Request) { writeJSON(w, events) },
		}}
}

func TestGitHubClassicToken(t *testing.T) {
	const token = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0000000000"
	runProvider(t, providerCase{
		rule: "github-personal-access-token", secret: token,
		vendor:   func(t *testing.T) *vendor { return githubVendor(t, token) },
		denyPath: "/user/repos", wantDenied: "HTTP 403", limitPath: "/user",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if field(rep, "login") != "octo" || field(rep, "token expires") != "2026-04-01 00:00:00 UTC" || field(rep, "two-factor") != "true" {
				t.Errorf("identity: %+v", rep.Identity)
			}
			if strings.Join(rep.Permissions, ",") != "repo,read:org,workflow" {
				t.Errorf("scopes: %v", rep.Permissions)
			}
			repos := resource(rep, "repositories")
			if repos == nil || repos.Count != 2 || repos.Items[1] != "octo-corp/billing (private: true, admin: false, push: true)" {
				t.Errorf("repositories over two pages: %+v", repos)
			}
			if o := resource(rep, "organizations"); o == nil || o.Items[0] != "octo-corp" {
				t.Errorf("orgs: %+v", o)
			}
			mustFlag(t, rep, "target", "octo/infra-secrets")
			mustNotFlag(t, rep, "target", "octo/app")
			if rep.Activity.SinceLeak != 7 {
				t.Errorf("events since the leak: %d", rep.Activity.SinceLeak)
			}
			for _, s := range rep.Steps {
				if s.Name == "app installations" && s.Status != StepUnavailable {
					t.Errorf("a classic token's 403 on installations is not a missing permission: %+v", s)
				}
			}
		},
	})
}

func TestGitHubInstallationToken(t *testing.T) {
	const token = "ghs_IqIMNOZH6zOwIEB4T9A2g4EHMy8Ji42q4HA5"
	runProvider(t, providerCase{
		rule: "github-app-token", secret: token,
		vendor: func(t *testing.T) *vendor {
			v := githubVendor(t, token)
			v.routes["/rate_limit"] = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"resources": map[string]any{"core": map[string]any{"limit": 15000, "remaining": 14999}}})
			}
			v.routes["/installation/repositories"] = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"total_count": 1, "repositories": []map[string]any{{"full_name": "octo-corp/deploy", "private": true}}})
			}
			v.routes["/user"] = func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(403)
				writeJSON(w, map[string]any{"message": "Resource not accessible by integration"})
			}
			return v
		},
		limitPath: "/rate_limit",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if field(rep, "hourly request limit") != "15000" {
				t.Errorf("identity: %+v", rep.Identity)
			}
			if r := resource(rep, "installation repositories"); r == nil || r.Items[0] != "octo-corp/deploy (private: true)" {
				t.Errorf("repositories: %+v", r)
			}
		},
	})
}
