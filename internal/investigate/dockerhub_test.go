package investigate

import (
	"net/http"
	"strings"
	"testing"
)

// Docker Hub answers the access token only at its login exchange; every
// other request carries the JWT the exchange returned.
func TestDockerHubToken(t *testing.T) {
	const token = "dckr_pat_AbCdEfGhIjKlMnOpQrStUvWxYz0"
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhY21lLW9wcyJ9.c2lnbmVk"
	logs := append(repeat(-20, 5, `{"account":"acme","action":"repo.tag.push","name":"acme/api","actor":"ci-bot","timestamp":"{{t:{{D}}}}","action_description":"pushed tag latest"}`),
		`{"account":"acme","action":"repo.tag.push","name":"acme/api","actor":"mallory","timestamp":"{{t:1:4}}","action_description":"pushed tag latest"}`)
	scripted{
		rule: "dockerhub-personal-access-token", secret: token, pair: "acme", hidden: []string{jwt},
		authorized: func(r *http.Request) bool {
			if r.URL.Path == "/v2/auth/token" {
				body := readAll(r)
				return r.Method == http.MethodPost && r.Header.Get("Content-Type") == "application/json" &&
					strings.Contains(body, `"identifier":"acme"`) && strings.Contains(body, `"secret":"`+token+`"`)
			}
			return r.Method == http.MethodGet && r.Header.Get("Authorization") == "Bearer "+jwt
		},
		dead: `{"errinfo":{},"message":"Incorrect authentication credentials"}`,
		routes: map[string][]string{
			"/v2/auth/token": {`{"access_token":"` + jwt + `"}`},
			"/v2/namespaces/acme/repositories": {
				`{"count":2,"next":"{{base}}/v2/namespaces/acme/repositories?page=2&page_size=100","results":[{"name":"api","namespace":"acme","is_private":true,"last_updated":"2026-03-12T04:00:00Z","pull_count":1200}]}`,
				`{"count":2,"next":null,"results":[{"name":"web","namespace":"acme","is_private":false,"last_updated":"2026-01-02T00:00:00Z","pull_count":30}]}`},
			"/v2/access-tokens":  {`{"count":1,"active_count":1,"results":[{"uuid":"u1","token_label":"ci","is_active":true,"scopes":["repo:write"],"created_at":"2025-01-01T00:00:00Z","last_used":"2026-03-12T04:00:00Z","creator_ip":"203.0.113.5","token":""}]}`},
			"/v2/auditlogs/acme": {`{"logs":` + join(logs...) + `}`},
		},
		resources: map[string]int{"repositories": 2, "access tokens": 1},
		flags:     [][2]string{{"actor", "mallory"}},
		notFlags:  [][2]string{{"actor", "ci-bot"}},
		paged:     []string{"/v2/namespaces/acme/repositories"}, nextQuery: map[string]string{"/v2/namespaces/acme/repositories": "page=2"},
		sinceLeak: 6, deny: "/v2/namespaces/acme/repositories", wantDenied: "repository read access", limit: "/v2/auth/token",
	}.run(t)
}
