package investigate

import (
	"net/http"
	"testing"
)

func TestOktaToken(t *testing.T) {
	const token = "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab"
	logs := append(repeat(-20, 5, `{"published":"{{t:{{D}}}}","eventType":"user.session.start","actor":{"alternateId":"ops@acme.example","type":"User"},"client":{"ipAddress":"203.0.113.10","userAgent":{"rawUserAgent":"Mozilla/5.0 Firefox/128.0"}},"target":[{"displayName":"Okta Admin Console"}]}`),
		`{"published":"{{t:2:3}}","eventType":"system.api_token.create","actor":{"alternateId":"ops@acme.example","type":"User"},"client":{"ipAddress":"198.51.100.77","userAgent":{"rawUserAgent":"python-requests/2.31.0"}},"target":[{"displayName":"backup"}]}`)
	scripted{
		rule: "okta-api-token", secret: token, authorized: header("Authorization", "SSWS "+token),
		host: "acme.okta.com", hosts: []string{"acme.okta.com"},
		dead: `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]}`,
		routes: map[string][]string{
			"/api/v1/users/me":         {`{"id":"00u1","status":"ACTIVE","lastLogin":"{{t:-1}}","profile":{"login":"ops@acme.example","email":"ops@acme.example"}}`},
			"/api/v1/users/00u1/roles": {`[{"id":"ra1","label":"Super Administrator","type":"SUPER_ADMIN","status":"ACTIVE"}]`},
			"/api/v1/logs":             {join(logs[:13]...), join(logs[13:]...)},
		},
		links:       map[string]string{"/api/v1/logs": "/api/v1/logs?after=1710000000000_1&limit=1000"},
		identity:    map[string]string{"login": "ops@acme.example", "user id": "00u1", "API host": "acme.okta.com (named with --host)"},
		permissions: []string{"SUPER_ADMIN (label: Super Administrator, status: ACTIVE)"},
		flags:       [][2]string{{"source", "198.51.100.77"}, {"agent", "python-requests/2.31.0"}},
		notFlags:    [][2]string{{"source", "203.0.113.10"}, {"actor", "ops@acme.example"}},
		paged:       []string{"/api/v1/logs"}, nextQuery: map[string]string{"/api/v1/logs": "after=1710000000000_1"}, sinceLeak: 6,
		deny: "/api/v1/logs", wantDenied: "okta.logs.read", limit: "/api/v1/users/me",
	}.run(t)
}

func TestZendeskToken(t *testing.T) {
	const token = "E51j2PQn8fdNZaB1RJEJNNihtUi1Um6dNK0EqppL"
	logs := append(repeat(-20, 5, `{"id":"a{{D}}","action":"update","actor_id":7,"actor_name":"Ada L","ip_address":"203.0.113.20","source_type":"rule","source_label":"Triage","change_description":"Changed","created_at":"{{t:{{D}}}}"}`),
		`{"id":99,"action":"exported","actor_id":7,"actor_name":"Ada L","ip_address":"198.51.100.9","source_type":"account","source_label":"Full export","created_at":"{{t:3:2}}"}`)
	scripted{
		rule: "zendesk-api-token", secret: token, pair: "ada@acme.example", authorized: basic("ada@acme.example/token", token),
		host: "acme.zendesk.com", hosts: []string{"acme.zendesk.com"},
		dead: `{"error":"Couldn't authenticate you"}`,
		routes: map[string][]string{
			"/api/v2/users/me.json": {`{"user":{"id":7,"name":"Ada L","email":"ada@acme.example","role":"admin","restricted_agent":false,"last_login_at":"{{t:-1}}"}}`},
			"/api/v2/groups.json": {
				`{"groups":[{"id":1,"name":"Support"}],"meta":{"has_more":true,"after_cursor":"xYz1"},"links":{"next":"{{base}}/api/v2/groups.json?page[after]=xYz1"}}`,
				`{"groups":[{"id":2,"name":"Billing"}],"meta":{"has_more":false,"after_cursor":"xYz2"},"links":{"next":null}}`},
			"/api/v2/audit_logs.json": {`{"audit_logs":` + join(logs...) + `,"meta":{"has_more":false},"links":{}}`},
		},
		identity:  map[string]string{"name": "Ada L", "role": "admin"},
		resources: map[string]int{"groups": 2},
		flags:     [][2]string{{"source", "198.51.100.9"}},
		notFlags:  [][2]string{{"source", "203.0.113.20"}, {"actor", "Ada L"}},
		paged:     []string{"/api/v2/groups.json"}, nextQuery: map[string]string{"/api/v2/groups.json": "page[after]=xYz1"}, sinceLeak: 6,
		deny: "/api/v2/groups.json", wantDenied: "HTTP 403", limit: "/api/v2/users/me.json",
	}.run(t)
}

// An agent who is not an admin (or an account without the Enterprise
// plan) gets 403 from the audit log: said so, not a missing permission.
func TestZendeskAuditLogForbidden(t *testing.T) {
	const token = "E51j2PQn8fdNZaB1RJEJNNihtUi1Um6dNK0EqppL"
	v := scripted{authorized: basic("ada@acme.example/token", token), routes: map[string][]string{
		"/api/v2/users/me.json": {`{"user":{"id":7,"name":"Ada L","role":"agent"}}`},
		"/api/v2/groups.json":   {`{"groups":[],"meta":{"has_more":false}}`},
	}}.vendor(t)
	v.deny = "/api/v2/audit_logs.json"
	rep := runOnce(t, "zendesk-api-token", token, "ada@acme.example", v, Options{Host: "acme.zendesk.com"}, "acme.zendesk.com")
	last := rep.Steps[len(rep.Steps)-1]
	if last.Name != "audit log" || last.Status != StepUnavailable || rep.Activity == nil || !rep.Activity.Truncated {
		t.Errorf("audit log step: %+v, activity %+v", last, rep.Activity)
	}
}

func TestAlgoliaAdminKey(t *testing.T) {
	const key, app = "ec11039884cf6e854641be559a5a7fc3", "ABCD1EFGH2"
	logs := append(repeat(-6, 5, `{"timestamp":"{{t:{{D}}}}","method":"POST","answer_code":"200","url":"/1/indexes/products/batch","ip":"203.0.113.30","index":"products","nb_api_calls":"1"}`),
		`{"timestamp":"{{t:1:5}}","method":"DELETE","answer_code":"200","url":"/1/indexes/products","ip":"198.51.100.44","index":"products","nb_api_calls":"1"}`)
	scripted{
		rule: "algolia-admin-key", secret: key, pair: app,
		authorized: func(r *http.Request) bool {
			return r.Header.Get("X-Algolia-API-Key") == key && r.Header.Get("X-Algolia-Application-Id") == app
		},
		host: "abcd1efgh2-dsn.algolia.net", hosts: []string{"abcd1efgh2-dsn.algolia.net"},
		deadStatus: 403, dead: `{"message":"Invalid Application-ID or API key","status":403}`,
		routes: map[string][]string{
			"/1/indexes": {`{"items":[{"name":"products","entries":1200,"updatedAt":"{{t:-2}}"},{"name":"articles","entries":80,"updatedAt":"{{t:-9}}"}],"nbPages":1}`},
			"/1/keys": {`{"keys":[{"value":"SHOULD-NOT-APPEAR-1","createdAt":{{u:-10}},"acl":["search"],"description":"site search","validity":0},
				{"value":"SHOULD-NOT-APPEAR-2","createdAt":{{u:1}},"acl":["addObject","deleteIndex","listIndexes"],"description":"","validity":0}]}`},
			"/1/logs": {`{"logs":` + join(logs...) + `}`},
		},
		permissions: []string{"admin: every ACL on every index"},
		resources:   map[string]int{"indices": 2},
		flags:       [][2]string{{"source", "198.51.100.44"}, {"target", "addObject, deleteIndex, listIndexes"}},
		notFlags:    [][2]string{{"source", "203.0.113.30"}},
		sinceLeak:   7,
		deny:        "/1/logs", wantDenied: "HTTP 403", limit: "/1/indexes",
	}.run(t)
}

func TestTerraformCloudToken(t *testing.T) {
	const token = "AbCdEfGhIjKlMn.atlasv1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01"
	trail := append(repeat(-10, 5, `{"id":"a{{D}}","version":"0","type":"Resource","timestamp":"{{t:{{D}}}}","auth":{"accessor_id":"user-1","description":"ada","type":"Client","organization_id":"org-1"},"request":{"id":"r{{D}}"},"resource":{"id":"run-{{D}}","type":"run","action":"create","meta":null}}`),
		`{"id":"x","version":"0","type":"Resource","timestamp":"{{t:2:1}}","auth":{"accessor_id":"user-9","description":"mallory","type":"Client","organization_id":"org-1"},"request":{"id":"rx"},"resource":{"id":"var-1","type":"var","action":"read","meta":null}}`)
	scripted{
		rule: "terraform-cloud-api-token", secret: token, authorized: bearer(token),
		dead: `{"errors":[{"status":"401","title":"unauthorized"}]}`,
		routes: map[string][]string{
			"/api/v2/account/details": {`{"data":{"id":"user-1","type":"users","attributes":{"username":"ada","email":"ada@acme.example","is-service-account":false,"two-factor":{"enabled":true,"verified":true}}}}`},
			"/api/v2/organizations": {
				`{"data":[{"id":"acme","type":"organizations","attributes":{"name":"acme","email":"ops@acme.example","plan-identifier":"plus"}}],"meta":{"pagination":{"current-page":1,"next-page":2,"total-count":2}}}`,
				`{"data":[{"id":"acme-lab","type":"organizations","attributes":{"name":"acme-lab","email":"lab@acme.example","plan-identifier":"free"}}],"meta":{"pagination":{"current-page":2,"next-page":null,"total-count":2}}}`},
			"/api/v2/organization/audit-trail": {`{"data":` + join(trail...) + `,"pagination":{"current_page":1,"next_page":null,"total_count":11}}`},
		},
		identity:  map[string]string{"username": "ada", "two-factor": "true"},
		resources: map[string]int{"organizations": 2},
		flags:     [][2]string{{"actor", "mallory"}},
		notFlags:  [][2]string{{"actor", "ada"}},
		paged:     []string{"/api/v2/organizations"}, nextQuery: map[string]string{"/api/v2/organizations": "page[number]=2"}, sinceLeak: 6,
		deny: "/api/v2/organizations", wantDenied: "HTTP 403", limit: "/api/v2/account/details",
	}.run(t)
}

func TestFastlyToken(t *testing.T) {
	const token = "KuY848QL3pxiYan3e-n2AkmKEmPqJoZw"
	events := append(repeat(-10, 5, `{"id":"e{{D}}","type":"event","attributes":{"admin":false,"created_at":"{{t:{{D}}}}","customer_id":"cust1","event_type":"version.activate","ip":"203.0.113.40","service_id":"svc1","user_id":"u1"}}`),
		`{"id":"ex","type":"event","attributes":{"admin":false,"created_at":"{{t:4:4}}","customer_id":"cust1","event_type":"token.create","ip":"198.51.100.3","service_id":"","user_id":"u1"}}`)
	scripted{
		rule: "fastly-api-token", secret: token, authorized: header("Fastly-Key", token),
		dead: `{"msg":"Provided credentials are missing or invalid"}`,
		routes: map[string][]string{
			"/tokens/self":  {`{"id":"tok1","user_id":"u1","customer_id":"cust1","name":"deploy","scope":"global","services":["svc1"],"expires_at":null,"created_at":"{{t:-100}}","last_used_at":"{{t:4}}"}`},
			"/current_user": {`{"id":"u1","login":"ada@acme.example","name":"Ada L","role":"superuser","customer_id":"cust1"}`},
			"/service":      {`[{"id":"svc1","name":"www","type":"vcl"},{"id":"svc2","name":"edge","type":"wasm"}]`},
			"/events": {
				`{"data":` + join(events[:8]...) + `,"meta":{"record_count":16,"current_page":1,"per_page":100,"total_pages":2}}`,
				`{"data":` + join(events[8:]...) + `,"meta":{"record_count":16,"current_page":2,"per_page":100,"total_pages":2}}`},
		},
		identity:    map[string]string{"token name": "deploy", "services": "svc1", "login": "ada@acme.example", "role": "superuser"},
		permissions: []string{"global"},
		resources:   map[string]int{"services": 2},
		flags:       [][2]string{{"source", "198.51.100.3"}},
		notFlags:    [][2]string{{"source", "203.0.113.40"}},
		paged:       []string{"/events"}, nextQuery: map[string]string{"/events": "filter[customer_id]=cust1"}, sinceLeak: 6,
		deny: "/events", wantDenied: "superuser", limit: "/current_user",
	}.run(t)
}

func TestPagerDutyKey(t *testing.T) {
	const key = "y_NbAkKc66ryYTWUXYEu"
	records := append(repeat(-10, 5, `{"id":"r{{D}}","execution_time":"{{t:{{D}}}}","execution_context":{"request_id":"q{{D}}","remote_address":"203.0.113.50"},"actors":[{"id":"P1","summary":"Ada L","type":"user_reference"}],"method":{"type":"browser"},"root_resource":{"id":"S1","summary":"Checkout","type":"service_reference"},"action":"update"}`),
		`{"id":"rx","execution_time":"{{t:3:23}}","execution_context":{"request_id":"qx","remote_address":"198.51.100.61"},"actors":[{"id":"K1","summary":"ops key","type":"api_key_reference"}],"method":{"type":"api_token","truncated_token":"y_Nb"},"root_resource":{"id":"EP1","summary":"Primary","type":"escalation_policy_reference"},"action":"delete"}`)
	scripted{
		rule: "pagerduty-api-key", secret: key, authorized: header("Authorization", "Token token="+key),
		dead: `{"error":{"message":"Authentication failed","code":2006}}`,
		routes: map[string][]string{
			"/abilities": {`{"abilities":["sso","teams","audit_trail"]}`},
			"/services": {
				`{"services":[{"id":"S1","summary":"Checkout","status":"active"}],"limit":1,"offset":0,"total":2,"more":true}`,
				`{"services":[{"id":"S2","summary":"Search","status":"warning"}],"limit":1,"offset":1,"total":2,"more":false}`},
			"/users": {`{"users":[{"id":"P1","name":"Ada L","email":"ada@acme.example","role":"admin"}],"limit":100,"offset":0,"total":1,"more":false}`},
			"/audit/records": {
				`{"records":` + join(records[:8]...) + `,"limit":100,"next_cursor":"c2"}`,
				`{"records":` + join(records[8:]...) + `,"limit":100,"next_cursor":null}`},
		},
		permissions: []string{"audit_trail"},
		resources:   map[string]int{"services": 2, "users": 1},
		flags:       [][2]string{{"source", "198.51.100.61"}, {"agent", "api_token"}, {"actor", "ops key"}},
		notFlags:    [][2]string{{"agent", "browser"}},
		paged:       []string{"/services", "/audit/records"}, nextQuery: map[string]string{"/services": "offset=1", "/audit/records": "cursor=c2"}, sinceLeak: 6,
		deny: "/audit/records", wantDenied: "audit records", limit: "/abilities",
	}.run(t)
}
