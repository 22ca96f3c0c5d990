package investigate

import (
	"net/http"
	"strings"
	"testing"
)

func TestPostmanKey(t *testing.T) {
	const key = "PMAK-1f02ecee715029e47afd17bc-0123456789abcdef0123456789abcdef01"
	trails := append(repeat(-10, 5, `{"id":"t{{D}}","ip":"203.0.113.70","userAgent":"PostmanRuntime/7.39.0","action":"collection.update","timestamp":"{{t:{{D}}}}","message":"Ada updated a collection","data":{"actor":{"name":"Ada L","username":"ada","email":"ada@acme.example","id":1}}}`),
		`{"id":7777,"ip":"198.51.100.81","userAgent":"curl/8.5.0","action":"team.export","timestamp":"{{t:2:6}}","message":"Ada exported the team's data","data":{"actor":{"name":"Ada L","username":"ada","email":"ada@acme.example","id":1}}}`)
	scripted{
		rule: "postman-api-key", secret: key, authorized: header("X-Api-Key", key),
		dead: `{"error":{"name":"AuthenticationError","message":"Invalid API Key. Every request requires a valid API Key to be sent."}}`,
		routes: map[string][]string{
			"/me":         {`{"user":{"id":1,"username":"ada","email":"ada@acme.example","fullName":"Ada L","teamId":9,"teamName":"Acme","teamDomain":"acme","roles":["admin","user"]},"operations":[{"name":"api_usage","limit":100000,"usage":420,"overage":0}]}`},
			"/workspaces": {`{"workspaces":[{"id":"w1","name":"Payments","type":"team","visibility":"team"},{"id":"w2","name":"Public API","type":"team","visibility":"public"}]}`},
			"/audit/logs": {
				`{"trails":` + join(trails[:8]...) + `,"nextCursor":"Y3Vyc29yMg"}`,
				`{"trails":` + join(trails[8:]...) + `}`},
		},
		identity:    map[string]string{"username": "ada", "team": "Acme"},
		permissions: []string{"admin"},
		resources:   map[string]int{"workspaces": 2},
		flags:       [][2]string{{"source", "198.51.100.81"}, {"agent", "curl/8.5.0"}},
		notFlags:    [][2]string{{"source", "203.0.113.70"}, {"actor", "ada"}},
		paged:       []string{"/audit/logs"}, nextQuery: map[string]string{"/audit/logs": "cursor=Y3Vyc29yMg"}, sinceLeak: 6,
		deny: "/audit/logs", wantDenied: "team admin", limit: "/me",
	}.run(t)
}

func TestIntercomToken(t *testing.T) {
	const token = "dG9rOFt8nyz5Z0yhEr7wDJEowv7fGs7C3cigipxrz="
	logs := append(repeat(-10, 5, `{"id":"l{{D}}","performed_by":{"type":"admin","id":"1","email":"ada@acme.example","ip":"203.0.113.90"},"created_at":{{u:{{D}}}},"activity_type":"admin_login_success","activity_description":"Ada logged in"}`),
		`{"id":"lx","performed_by":{"type":"admin","id":"1","email":"ada@acme.example","ip":"198.51.100.99"},"created_at":{{u:1:2}},"activity_type":"conversations_export","activity_description":"Ada exported conversations"}`)
	scripted{
		rule: "intercom-access-token", secret: token, authorized: bearer(token),
		dead: `{"type":"error.list","request_id":"r1","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}`,
		routes: map[string][]string{
			"/me":     {`{"type":"admin","id":"1","email":"ada@acme.example","name":"Ada L","app":{"type":"app","id_code":"abc123","name":"Acme Support","region":"US","created_at":1500000000}}`},
			"/admins": {`{"type":"admin.list","admins":[{"type":"admin","id":"1","name":"Ada L","email":"ada@acme.example","job_title":"Support lead"},{"type":"admin","id":"2","name":"Bo","email":"bo@acme.example"}]}`},
			"/admins/activity_logs": {
				`{"type":"activity_log.list","pages":{"type":"pages","next":"{{base}}/admins/activity_logs?created_at_after=1707476400&page=2","page":1,"per_page":10,"total_pages":2},"activity_logs":` + join(logs[:10]...) + `}`,
				`{"type":"activity_log.list","pages":{"type":"pages","next":null,"page":2,"per_page":10,"total_pages":2},"activity_logs":` + join(logs[10:]...) + `}`},
		},
		identity:  map[string]string{"email": "ada@acme.example", "workspace": "Acme Support"},
		resources: map[string]int{"admins": 2},
		flags:     [][2]string{{"source", "198.51.100.99"}},
		notFlags:  [][2]string{{"source", "203.0.113.90"}},
		paged:     []string{"/admins/activity_logs"}, nextQuery: map[string]string{"/admins/activity_logs": "page=2"}, sinceLeak: 6,
		deny: "/admins/activity_logs", wantDenied: "Read admins", limit: "/me",
	}.run(t)
}

func TestReplicateToken(t *testing.T) {
	const token = "r8_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	preds := append(repeat(-10, 5, `{"id":"p{{D}}","model":"acme/captioner","version":"v1","source":"api","status":"succeeded","created_at":"{{t:{{D}}}}"}`),
		`{"id":"px","model":"black-forest-labs/flux-pro","version":"v9","source":"api","status":"succeeded","created_at":"{{t:3:3}}"}`)
	scripted{
		rule: "replicate-api-token", secret: token, authorized: bearer(token),
		dead: `{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}`,
		routes: map[string][]string{
			"/v1/account":     {`{"type":"organization","username":"acme","name":"Acme","github_url":"https://github.com/acme"}`},
			"/v1/deployments": {`{"next":null,"previous":null,"results":[{"owner":"acme","name":"captioner-prod","current_release":{"number":3,"model":"acme/captioner"}}]}`},
			"/v1/predictions": {
				`{"next":"{{base}}/v1/predictions?cursor=cD0yMDI2","previous":null,"results":` + join(preds[8:]...) + `}`,
				`{"next":null,"previous":null,"results":` + join(preds[:8]...) + `}`},
		},
		identity:  map[string]string{"username": "acme", "type": "organization"},
		resources: map[string]int{"deployments": 1},
		flags:     [][2]string{{"target", "black-forest-labs/flux-pro"}},
		notFlags:  [][2]string{{"target", "acme/captioner"}, {"tag", "api"}},
		paged:     []string{"/v1/predictions"}, nextQuery: map[string]string{"/v1/predictions": "cursor=cD0yMDI2"}, sinceLeak: 6,
		deny: "/v1/deployments", wantDenied: "HTTP 403", limit: "/v1/account",
	}.run(t)
}

func TestAirtableToken(t *testing.T) {
	const token = "patAbCdEfGhIjKlMn.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	scripted{
		rule: "airtable-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"error":{"type":"AUTHENTICATION_REQUIRED","message":"Authentication required"}}`,
		routes: map[string][]string{
			"/v0/meta/whoami": {`{"id":"usrAbC","email":"ada@acme.example","scopes":["data.records:read","data.records:write","schema.bases:read"]}`},
			"/v0/meta/bases": {
				`{"bases":[{"id":"appA","name":"CRM","permissionLevel":"create"}],"offset":"itrNext/appA"}`,
				`{"bases":[{"id":"appB","name":"Payroll","permissionLevel":"read"}]}`},
		},
		identity:    map[string]string{"email": "ada@acme.example", "user id": "usrAbC"},
		permissions: []string{"data.records:write", "schema.bases:read"},
		resources:   map[string]int{"bases": 2},
		paged:       []string{"/v0/meta/bases"}, nextQuery: map[string]string{"/v0/meta/bases": "offset=itrNext/appA"},
		deny: "/v0/meta/bases", wantDenied: "schema.bases:read", limit: "/v0/meta/whoami",
	}.run(t)
}

func TestNotionToken(t *testing.T) {
	const token = "ntn_0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"
	// Notion answers only requests that name its API version.
	authorized := func(r *http.Request) bool {
		return r.Header.Get("Authorization") == "Bearer "+token && r.Header.Get("Notion-Version") != ""
	}
	scripted{
		rule: "notion-integration-token", secret: token, authorized: authorized,
		dead: `{"object":"error","status":401,"code":"unauthorized","message":"API token is invalid."}`,
		routes: map[string][]string{
			"/v1/users/me": {`{"object":"user","id":"b1","name":"Docs sync","type":"bot","bot":{"owner":{"type":"workspace","workspace":true},"workspace_name":"Acme"}}`},
			"/v1/users": {
				`{"object":"list","results":[{"object":"user","id":"u1","name":"Ada L","type":"person","person":{"email":"ada@acme.example"}}],"next_cursor":"c2","has_more":true}`,
				`{"object":"list","results":[{"object":"user","id":"b1","name":"Docs sync","type":"bot"}],"next_cursor":null,"has_more":false}`},
			"/v1/search": {`{"object":"list","results":[{"object":"page","id":"pg1","url":"https://www.notion.so/Runbook-pg1","last_edited_time":"{{t:-1}}"},{"object":"database","id":"db1","url":"https://www.notion.so/db1","last_edited_time":"{{t:-3}}"}],"next_cursor":null,"has_more":false}`},
		},
		identity:  map[string]string{"bot": "Docs sync", "workspace": "Acme", "owner type": "workspace"},
		resources: map[string]int{"workspace users": 2, "pages and databases shared with it": 2},
		paged:     []string{"/v1/users"}, nextQuery: map[string]string{"/v1/users": "start_cursor=c2"},
		deny: "/v1/search", wantDenied: "Read content", limit: "/v1/users/me",
	}.run(t)
}

// Notion's search is asked by POST with a read-only query body.
func TestNotionSearchIsAQuery(t *testing.T) {
	const token = "ntn_0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"
	var body string
	v := scripted{authorized: bearer(token), routes: map[string][]string{
		"/v1/users/me": {`{"object":"user","id":"b1","name":"Docs sync","type":"bot"}`},
		"/v1/users":    {`{"results":[],"has_more":false}`},
	}}.vendor(t)
	v.routes["/v1/search"] = func(w http.ResponseWriter, r *http.Request) {
		body = readAll(r)
		writeJSON(w, map[string]any{"results": []any{}, "has_more": false})
	}
	runOnce(t, "notion-integration-token", token, "", v, Options{})
	if !strings.Contains(body, `"page_size":100`) || strings.Contains(body, "query") {
		t.Errorf("search body %q", body)
	}
}

func TestAsanaToken(t *testing.T) {
	const token = "2/1203456789012345/1209876543210987:0123456789abcdef0123456789abcdef"
	events := append(repeat(-10, 5, `{"gid":"e{{D}}","created_at":"{{t:{{D}}}}","event_type":"task_deleted","actor":{"actor_type":"user","gid":"1","name":"Ada L","email":"ada@acme.example"},"context":{"context_type":"web","client_ip_address":"203.0.113.11","user_agent":"Mozilla/5.0"},"resource":{"resource_type":"task","gid":"t{{D}}","name":"x"}}`),
		`{"gid":"ex","created_at":"{{t:2:2}}","event_type":"user_login_succeeded","actor":{"actor_type":"user","gid":"1","name":"Ada L","email":"ada@acme.example"},"context":{"context_type":"api","client_ip_address":"198.51.100.12","user_agent":"Go-http-client/2.0"},"resource":{"resource_type":"user","gid":"1","name":"Ada L"}}`)
	scripted{
		rule: "asana-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"errors":[{"message":"Not Authorized"}]}`,
		routes: map[string][]string{
			"/api/1.0/users/me": {`{"data":{"gid":"1","name":"Ada L","email":"ada@acme.example","workspaces":[{"gid":"12345","name":"Acme"},{"gid":"67890","name":"Side"}]}}`},
			"/api/1.0/workspaces": {
				`{"data":[{"gid":"12345","name":"Acme","is_organization":true}],"next_page":{"offset":"eyJvIjoxfQ","path":"/workspaces?limit=100&offset=eyJvIjoxfQ","uri":"https://app.asana.com/api/1.0/workspaces?limit=100&offset=eyJvIjoxfQ"}}`,
				`{"data":[{"gid":"67890","name":"Side","is_organization":false}],"next_page":null}`},
			"/api/1.0/workspaces/12345/audit_log_events": {`{"data":` + join(events...) + `,"next_page":null}`},
		},
		identity:  map[string]string{"name": "Ada L", "email": "ada@acme.example"},
		resources: map[string]int{"workspaces": 2},
		flags:     [][2]string{{"source", "198.51.100.12"}, {"agent", "Go-http-client/2.0"}},
		notFlags:  [][2]string{{"source", "203.0.113.11"}},
		paged:     []string{"/api/1.0/workspaces"}, nextQuery: map[string]string{"/api/1.0/workspaces": "offset=eyJvIjoxfQ"}, sinceLeak: 6,
		deny: "/api/1.0/workspaces", wantDenied: "HTTP 403", limit: "/api/1.0/users/me",
	}.run(t)
}

func TestSupabaseAccessToken(t *testing.T) {
	const token = "sbp_0123456789abcdef0123456789abcdef01234567"
	scripted{
		rule: "supabase-access-token", secret: token, authorized: bearer(token),
		dead: `{"message":"Unauthorized"}`,
		routes: map[string][]string{
			"/v1/organizations": {`[{"id":"acme-org","name":"Acme"}]`},
			"/v1/projects":      {`[{"id":"abcdefghijklmnopqrst","organization_id":"acme-org","name":"prod","region":"eu-central-1","status":"ACTIVE_HEALTHY","created_at":"2025-01-01T00:00:00Z"},{"id":"tsrqponmlkjihgfedcba","organization_id":"acme-org","name":"staging","region":"eu-central-1","status":"INACTIVE"}]`},
		},
		resources: map[string]int{"organizations": 1, "projects": 2},
		deny:      "/v1/projects", wantDenied: "HTTP 403", limit: "/v1/organizations",
	}.run(t)
}
