package investigate

import (
	"net/http"
	"strings"
	"testing"
)

func TestOpenAIAdminKey(t *testing.T) {
	const key = "sk-admin-Xq3ZbV7c9rT1yU5iO2pA4sD6fG8hJ0kL1zX3cV5bN7mQ9wE2rT4yU6iO8pA0sD2fG4hJ6kL8zX"
	logs := append(repeat(-20, 5, `{"id":"audit_log-{{D}}","type":"project.updated","effective_at":{{u:{{D}}}},"actor":{"type":"session","session":{"user":{"id":"user-1","email":"admin@shop.example"},"ip_address":"203.0.113.7","user_agent":"Mozilla/5.0 (Macintosh) Firefox/128.0"}}}`),
		`{"id":"audit_log-x","type":"api_key.created","effective_at":{{u:2:4}},"actor":{"type":"api_key","api_key":{"id":"key_abc","type":"user","user":{"id":"user-1","email":"admin@shop.example"}}}}`,
		`{"id":"audit_log-y","type":"login.succeeded","effective_at":{{u:2:3}},"actor":{"type":"session","session":{"user":{"id":"user-9","email":"intruder@mail.example"},"ip_address":"198.51.100.9","user_agent":"curl/8.5"}}}`)
	scripted{
		rule: "openai-admin-key", secret: key, authorized: bearer(key),
		dead: `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`,
		routes: map[string][]string{
			"/v1/organization/projects": {
				`{"object":"list","data":[{"id":"proj_1","name":"Default project","status":"active"}],"first_id":"proj_1","last_id":"proj_1","has_more":true}`,
				`{"object":"list","data":[{"id":"proj_2","name":"Chatbot","status":"active"}],"first_id":"proj_2","last_id":"proj_2","has_more":false}`},
			"/v1/organization/users":          {`{"object":"list","data":[{"id":"user-1","email":"admin@shop.example","role":"owner"}],"has_more":false}`},
			"/v1/organization/admin_api_keys": {`{"object":"list","data":[{"id":"key_1","name":"ops","redacted_value":"sk-admin...xyz","owner":{"name":"Ada"}}],"has_more":false}`},
			"/v1/organization/audit_logs":     {`{"object":"list","data":` + join(logs...) + `,"has_more":false}`},
		},
		resources: map[string]int{"projects": 2, "users": 1, "admin keys": 1},
		flags:     [][2]string{{"actor", "intruder@mail.example"}, {"source", "198.51.100.9"}, {"agent", "curl/8.5"}},
		notFlags:  [][2]string{{"actor", "admin@shop.example"}},
		paged:     []string{"/v1/organization/projects"}, sinceLeak: 7, nextQuery: map[string]string{"/v1/organization/projects": "after=proj_1"},
		deny: "/v1/organization/audit_logs", wantDenied: "HTTP 403", limit: "/v1/organization/users",
	}.run(t)
}

func TestOpenAIProjectKey(t *testing.T) {
	const key = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56Ab78Cd90T3BlbkFJ"
	v := scripted{authorized: bearer(key), routes: map[string][]string{
		"/v1/models": {`{"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"o3-mini","object":"model"}]}`},
	}}.vendor(t)
	rep := runOnce(t, "openai-project-key", key, "", v, Options{})
	if r := resource(rep, "models"); r == nil || r.Count != 2 {
		t.Errorf("models: %+v", rep.Resources)
	}
	if rep.Activity != nil {
		t.Error("a project key has no activity log of its own")
	}
}

func TestAnthropicAdminKey(t *testing.T) {
	const key = "sk-ant-admin01-Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed8Cb7Az6Yx5Wv4Ut3Sr2Qp1On0Ml9Kj8Ih7Gf6Ed5Cb4Az3Yx2Wv1Ut0-AbCdEfAA"
	keys := append(repeat(-20, 0, `{"id":"apikey_{{D}}","type":"api_key","name":"service {{D}}","status":"active","partial_key_hint":"sk-ant-api03-R2D...igAA","workspace_id":"wrkspc_1","created_at":"{{t:{{D}}}}","created_by":{"id":"user_admin","type":"user"}}`),
		`{"id":"apikey_x","type":"api_key","name":"tmp","status":"active","partial_key_hint":"sk-ant-api03-ZZZ...igAA","workspace_id":"wrkspc_1","created_at":"{{t:1:2}}","created_by":{"id":"user_unknown","type":"user"}}`)
	scripted{
		rule: "anthropic-admin-key", secret: key, authorized: header("x-api-key", key),
		dead: `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`,
		routes: map[string][]string{
			"/v1/organizations/users":      {`{"data":[{"id":"user_admin","type":"user","email":"admin@shop.example","role":"admin"}],"has_more":false,"first_id":"user_admin","last_id":"user_admin"}`},
			"/v1/organizations/workspaces": {`{"data":[{"id":"wrkspc_1","type":"workspace","name":"Production"}],"has_more":false}`},
			"/v1/organizations/api_keys": {
				`{"data":` + join(keys[:10]...) + `,"has_more":true,"first_id":"apikey_-20","last_id":"apikey_-11"}`,
				`{"data":` + join(keys[10:]...) + `,"has_more":false,"first_id":"apikey_-10","last_id":"apikey_x"}`},
		},
		resources: map[string]int{"users": 1, "workspaces": 1, "api keys": 21},
		flags:     [][2]string{{"actor", "user_unknown"}},
		notFlags:  [][2]string{{"actor", "user_admin"}},
		sinceLeak: 1, deny: "/v1/organizations/workspaces", wantDenied: "HTTP 403", limit: "/v1/organizations/users",
	}.run(t)
}

func TestGitLabToken(t *testing.T) {
	const token = "glpat-xJ8kL2mN4pQ6rS8tU0vW"
	events := append(repeat(-20, 5, `{"id":{{D}},"project_id":11,"action_name":"pushed to","target_type":null,"author_username":"ada","created_at":"{{t:{{D}}}}"}`),
		`{"id":99,"project_id":42,"action_name":"pushed to","target_type":null,"author_username":"ada","created_at":"{{t:3:1}}"}`)
	scripted{
		rule: "gitlab-personal-access-token", secret: token, authorized: header("PRIVATE-TOKEN", token),
		dead: `{"message":"401 Unauthorized"}`,
		routes: map[string][]string{
			"/api/v4/personal_access_tokens/self": {`{"id":4,"name":"ci token","revoked":false,"created_at":"2025-11-01T10:00:00.000Z","scopes":["api","read_repository"],"user_id":3,"last_used_at":"{{t:4}}","active":true,"expires_at":"2026-11-01"}`},
			"/api/v4/user":                        {`{"id":3,"username":"ada","name":"Ada L","email":"ada@shop.example","is_admin":false,"bot":false}`},
			"/api/v4/projects": {`[{"id":11,"path_with_namespace":"shop/app","visibility":"private"}]`,
				`[{"id":42,"path_with_namespace":"shop/secrets","visibility":"private"}]`},
			"/api/v4/events": {`[` + join(events[13:]...)[1:], `[` + join(events[:13]...)[1:]},
		},
		links:       map[string]string{"/api/v4/projects": "/api/v4/projects?membership=true&page=2", "/api/v4/events": "/api/v4/events?page=2"},
		identity:    map[string]string{"username": "ada", "token name": "ci token", "expires": "2026-11-01"},
		permissions: []string{"api", "read_repository"},
		resources:   map[string]int{"projects": 2},
		flags:       [][2]string{{"target", "42"}},
		notFlags:    [][2]string{{"target", "11"}},
		paged:       []string{"/api/v4/projects", "/api/v4/events"}, sinceLeak: 6,
		deny: "/api/v4/projects", wantDenied: "read_api", limit: "/api/v4/user",
	}.run(t)
}

func TestGoogleAPIKey(t *testing.T) {
	const key = "AIzaSyD3m0K3yF0rT3st1ngOnlyXXXXXXXXXXXX"
	sc := scripted{
		rule: "google-api-key", secret: key,
		authorized: func(r *http.Request) bool {
			return r.Header.Get("X-goog-api-key") == key || r.URL.Query().Get("key") == key
		},
		deadStatus: 400,
		dead:       `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`,
		routes: map[string][]string{
			"/v1beta/models":            {`{"models":[{"name":"models/gemini-2.0-flash"}],"nextPageToken":"x"}`},
			"/youtube/v3/i18nLanguages": {`{"kind":"youtube#i18nLanguageListResponse","items":[]}`},
			"/maps/api/geocode/json":    {`{"results":[{"formatted_address":"Pariser Platz, 10117 Berlin, Germany"}],"status":"OK"}`},
		},
		permissions: []string{"Gemini API", "YouTube Data API", "Maps Geocoding API"},
		deny:        "/youtube/v3/i18nLanguages", wantDenied: "HTTP 403", limit: "/v1beta/models",
	}
	sc.run(t)
	// Maps refuses with HTTP 200 and REQUEST_DENIED.
	sc.routes["/maps/api/geocode/json"] = []string{`{"error_message":"This API project is not authorized to use this API.","results":[],"status":"REQUEST_DENIED"}`}
	rep := runOnce(t, "google-api-key", key, "", sc.vendor(t), Options{})
	for _, s := range rep.Steps {
		if s.Name == "Maps Geocoding API" && (s.Status != StepDenied || !strings.Contains(s.Detail, "not authorized to use this API")) {
			t.Errorf("geocoding's 200 REQUEST_DENIED: %+v", s)
		}
	}
	if hasPermission(rep, "Maps Geocoding") {
		t.Error("a denied API must not be listed as granted")
	}
}

func TestDatadogKeys(t *testing.T) {
	const apiKey, appKey = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210fedcba98"
	evs := append(repeat(-20, 5, `{"id":"e{{D}}","type":"audit","attributes":{"timestamp":"{{t:{{D}}}}","service":"datadog","attributes":{"evt":{"name":"Dashboard"},"usr":{"email":"ops@shop.example"},"network":{"client":{"ip":"203.0.113.20"}},"http":{"useragent":"Mozilla/5.0 Chrome/126"}}}}`),
		`{"id":"ex","type":"audit","attributes":{"timestamp":"{{t:1:1}}","service":"datadog","attributes":{"evt":{"name":"API Key"},"usr":{"email":"ops@shop.example"},"network":{"client":{"ip":"192.0.2.200"}},"http":{"useragent":"Go-http-client/1.1"}}}}`)
	scripted{
		rule: "datadog-api-key", secret: apiKey, admin: appKey,
		authorized: func(r *http.Request) bool {
			if r.Header.Get("DD-API-KEY") != apiKey {
				return false
			}
			return r.URL.Path == "/api/v1/validate" || r.Header.Get("DD-APPLICATION-KEY") == appKey
		},
		deadStatus: 403, dead: `{"errors":["Forbidden"]}`,
		routes: map[string][]string{
			"/api/v1/validate": {`{"valid":true}`},
			"/api/v2/audit/events": {
				`{"data":` + join(evs[:12]...) + `,"meta":{"page":{"after":"eyJhZnRlciI6IkFRQUFBWE"}},"links":{"next":"x"}}`,
				`{"data":` + join(evs[12:]...) + `,"meta":{"page":{}}}`},
		},
		identity: map[string]string{"valid": "true"},
		flags:    [][2]string{{"source", "192.0.2.200"}, {"agent", "Go-http-client/1.1"}},
		paged:    []string{"/api/v2/audit/events"}, sinceLeak: 6, nextQuery: map[string]string{"/api/v2/audit/events": "page[cursor]=eyJhZnRlciI6IkFRQUFBWE"},
		deny: "/api/v2/audit/events", wantDenied: "audit_trail_read", limit: "/api/v2/audit/events",
	}.run(t)
}
