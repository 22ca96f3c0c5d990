package investigate

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The host of a per-customer API comes only from the key's own format or
// the user's --host, and only when it matches the rule's pattern.
func TestTenantHost(t *testing.T) {
	byID := catalogue(t)
	const mailchimp = "0123456789abcdef0123456789abcdef-us6"
	for _, tc := range []struct {
		rule, secret, host string
		want, wantErr      string
	}{
		{rule: "mailchimp-api-key", secret: mailchimp, want: "us6.api.mailchimp.com"},
		{rule: "mailchimp-api-key", secret: mailchimp, host: "us6.api.mailchimp.com", want: "us6.api.mailchimp.com"},
		{rule: "mailchimp-api-key", secret: mailchimp, host: "evil.example", wantErr: "not this key's own host"},
		{rule: "mailchimp-api-key", secret: "0123456789abcdef0123456789abcdef", wantErr: "does not carry"},
		{rule: "postmark-server-token", secret: "x", host: "acme.myshopify.com", wantErr: "only for providers"},
	} {
		r := byID[tc.rule]
		host, _, err := tenantHost(r.Investigation.Tenant, tc.secret, tc.host)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s %q: %v, want an error saying %q", tc.rule, tc.host, err, tc.wantErr)
			}
			continue
		}
		if err != nil || host != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.rule, tc.host, host, err, tc.want)
		}
	}
}

// A --host outside the rule's pattern ends the investigation before any
// request: the key goes nowhere.
func TestTenantHostRefusedBeforeAnyRequest(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef-us6"
	v := &vendor{t: t, authorized: basic("leakhound", key)}
	srv := httptest.NewServer(v)
	defer srv.Close()
	r := catalogue(t)["mailchimp-api-key"]
	_, err := Run(context.Background(), r, key, "", Options{Checker: investigator(t, srv, r, nil, "us6.api.mailchimp.com", "collector.example"),
		Since: testSince, Baseline: 24 * time.Hour, Host: "collector.example"})
	if err == nil {
		t.Fatal("a --host the key does not name was accepted")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.hits) != 0 {
		t.Errorf("requests were sent: %v", v.hits)
	}
}

func TestMailchimpKey(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef-us6"
	campaigns := append(repeat(-20, 5, `{"id":"c{{D}}","type":"regular","send_time":"{{t:{{D}}}}","settings":{"reply_to":"news@shop.example","title":"Weekly"},"recipients":{"list_name":"Customers"}}`),
		`{"id":"cx","type":"regular","send_time":"{{t:2:3}}","settings":{"reply_to":"billing@shop-pay.example","title":"Invoice"},"recipients":{"list_name":"Customers"}}`)
	scripted{
		rule: "mailchimp-api-key", secret: key, authorized: basic("leakhound", key),
		hosts: []string{"us6.api.mailchimp.com"}, deadSecret: "0123456789abcdef0123456789abcdee-us6",
		dead: `{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"Your API key may be invalid, or you've attempted to access the wrong datacenter."}`,
		routes: map[string][]string{
			"/3.0/": {`{"account_id":"8d3a3db4d97663a9074efcc16","account_name":"Shop","email":"ops@shop.example","username":"shopops","role":"owner","pricing_plan_type":"monthly","total_subscribers":1200,"last_login":"2026-03-14T09:00:00+00:00","contact":{"company":"SHOULD-NOT-APPEAR"}}`},
			"/3.0/lists": {
				`{"lists":[{"id":"57afe96172","name":"Customers","stats":{"member_count":1100}}],"total_items":2}`,
				`{"lists":[{"id":"a1b2c3d4e5","name":"Imported","stats":{"member_count":100}}],"total_items":2}`},
			"/3.0/campaigns": {`{"campaigns":` + join(campaigns...) + `,"total_items":26}`},
		},
		identity:  map[string]string{"account": "Shop", "role": "owner", "API host": "us6.api.mailchimp.com (from the key's own suffix)"},
		resources: map[string]int{"audiences": 2},
		flags:     [][2]string{{"actor", "billing@shop-pay.example"}},
		notFlags:  [][2]string{{"actor", "news@shop.example"}},
		paged:     []string{"/3.0/lists"}, nextQuery: map[string]string{"/3.0/lists": "offset=1"},
		sinceLeak: 6, deny: "/3.0/campaigns", wantDenied: "HTTP 403", limit: "/3.0/",
	}.run(t)
}

func TestShopifyToken(t *testing.T) {
	const token = "shpat_0123456789abcdef0123456789abcdef"
	events := append(repeat(-20, 5, `{"id":"e{{D}}","subject_type":"Product","verb":"update","created_at":"{{t:{{D}}}}","author":"Ada Staff","description":"Ada updated a product"}`),
		`{"id":99,"subject_type":"Collection","verb":"destroy","created_at":"{{t:1:2}}","author":"Bulk Export Pro","description":"An app deleted a collection"}`)
	scripted{
		rule: "shopify-access-token", secret: token, authorized: header("X-Shopify-Access-Token", token),
		host: "https://Acme.myshopify.com/", hosts: []string{"acme.myshopify.com"},
		dead: `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`,
		routes: map[string][]string{
			"/admin/api/2025-01/shop.json":    {`{"shop":{"id":548380009,"name":"Acme","email":"ops@acme.example","domain":"shop.acme.example","shop_owner":"Ada L","plan_name":"basic","country_code":"DE","myshopify_domain":"acme.myshopify.com"}}`},
			"/admin/oauth/access_scopes.json": {`{"access_scopes":[{"handle":"read_products"},{"handle":"write_orders"}]}`},
			"/admin/api/2025-01/events.json":  {`{"events":` + join(events[:12]...) + `}`, `{"events":` + join(events[12:]...) + `}`},
		},
		links:       map[string]string{"/admin/api/2025-01/events.json": "/admin/api/2025-01/events.json?limit=250&page_info=eyJsYXN0X2lkIjo0fQ"},
		identity:    map[string]string{"shop": "Acme", "plan": "basic", "API host": "acme.myshopify.com (named with --host)"},
		permissions: []string{"read_products", "write_orders"},
		flags:       [][2]string{{"actor", "Bulk Export Pro"}},
		notFlags:    [][2]string{{"actor", "Ada Staff"}},
		paged:       []string{"/admin/api/2025-01/events.json"}, nextQuery: map[string]string{"/admin/api/2025-01/events.json": "page_info=eyJsYXN0X2lkIjo0fQ"},
		sinceLeak: 6, deny: "/admin/oauth/access_scopes.json", wantDenied: "HTTP 403", limit: "/admin/api/2025-01/shop.json",
	}.run(t)
}

// A shop host outside *.myshopify.com, or with more than one label in
// place of the star, is refused.
func TestShopifyHostPattern(t *testing.T) {
	inv := catalogue(t)["shopify-access-token"].Investigation
	for _, bad := range []string{"", "evil.example", "acme.myshopify.com.evil.example", "a.b.myshopify.com", "acme.myshopify.com:8443",
		"acme.myshopify.com/admin", "user@acme.myshopify.com", "http://acme.myshopify.com", "-acme.myshopify.com", "myshopify.com"} {
		if host, _, err := tenantHost(inv.Tenant, "shpat_x", bad); err == nil {
			t.Errorf("--host %q accepted as %q", bad, host)
		}
	}
	if host, _, err := tenantHost(inv.Tenant, "shpat_x", "ACME-2.myshopify.com"); err != nil || host != "acme-2.myshopify.com" {
		t.Errorf("acme-2.myshopify.com: %q, %v", host, err)
	}
}

func TestAtlassianToken(t *testing.T) {
	const token = "ATATT3xFfGF0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab=0A1B2C3D"
	const email = "ada@acme.example"
	records := append(repeat(-20, 5, `{"id":"r{{D}}","summary":"Workflow updated","remoteAddress":"203.0.113.9","authorAccountId":"5b10a2844c20165700ede21g","created":"{{t:{{D}}}}","category":"workflows"}`),
		`{"id":999,"summary":"User added to group","remoteAddress":"198.51.100.77","authorAccountId":"5b10a2844c20165700ede21g","created":"2026-03-12T03:15:00.000+0000","category":"group management"}`)
	scripted{
		rule: "atlassian-api-token", secret: token, pair: email, authorized: basic(email, token),
		host: "acme.atlassian.net", hosts: []string{"acme.atlassian.net"},
		dead: `{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}`,
		routes: map[string][]string{
			"/rest/api/3/myself": {`{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"ada@acme.example","displayName":"Ada L","active":true,"self":"SHOULD-NOT-APPEAR"}`},
			"/rest/api/3/mypermissions": {`{"permissions":{"ADMINISTER":{"id":"0","key":"ADMINISTER","name":"Administer Jira","type":"GLOBAL","havePermission":true},
				"BROWSE_PROJECTS":{"id":"10","key":"BROWSE_PROJECTS","name":"Browse Projects","type":"PROJECT","havePermission":true},
				"DELETE_ISSUES":{"id":"16","key":"DELETE_ISSUES","name":"Delete Issues","type":"PROJECT","havePermission":false}}}`},
			"/rest/api/3/project/search": {
				`{"startAt":0,"maxResults":1,"total":2,"isLast":false,"values":[{"key":"OPS","name":"Operations","projectTypeKey":"software"}]}`,
				`{"startAt":1,"maxResults":1,"total":2,"isLast":true,"values":[{"key":"HR","name":"People","projectTypeKey":"business"}]}`},
			"/rest/api/3/auditing/record": {`{"offset":0,"limit":1000,"total":26,"records":` + join(records...) + `}`},
		},
		identity:    map[string]string{"name": "Ada L", "account type": "atlassian", "API host": "acme.atlassian.net (named with --host)"},
		permissions: []string{"Administer Jira (key: ADMINISTER)", "Browse Projects (key: BROWSE_PROJECTS)"},
		resources:   map[string]int{"projects": 2},
		flags:       [][2]string{{"source", "198.51.100.77"}},
		notFlags:    [][2]string{{"source", "203.0.113.9"}},
		paged:       []string{"/rest/api/3/project/search"}, nextQuery: map[string]string{"/rest/api/3/project/search": "startAt=1"},
		sinceLeak: 6, deny: "/rest/api/3/project/search", wantDenied: "Browse projects", limit: "/rest/api/3/myself",
	}.run(t)
}

// Permissions the account does not hold are not listed as its reach, and
// the audit log of a non-admin is named as needing an admin, not failed.
func TestAtlassianNonAdmin(t *testing.T) {
	const token = "ATATT3xFfGF0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab=0A1B2C3D"
	v := scripted{authorized: basic("ada@acme.example", token), routes: map[string][]string{
		"/rest/api/3/myself":         {`{"accountId":"a1","displayName":"Ada L"}`},
		"/rest/api/3/mypermissions":  {`{"permissions":{"ADMINISTER":{"key":"ADMINISTER","name":"Administer Jira","havePermission":false},"BROWSE_PROJECTS":{"key":"BROWSE_PROJECTS","name":"Browse Projects","havePermission":true}}}`},
		"/rest/api/3/project/search": {`{"total":0,"values":[]}`},
	}}.vendor(t)
	v.deny = "/rest/api/3/auditing/record"
	srv := httptest.NewServer(v)
	defer srv.Close()
	r := catalogue(t)["atlassian-api-token"]
	rep, err := Run(context.Background(), r, token, "ada@acme.example", Options{Checker: investigator(t, srv, r, nil, "acme.atlassian.net"),
		Since: testSince, Host: "acme.atlassian.net"})
	if err != nil {
		t.Fatal(err)
	}
	if hasPermission(rep, "Administer Jira (key: ADMINISTER)") || !hasPermission(rep, "Browse Projects (key: BROWSE_PROJECTS)") {
		t.Errorf("permissions %v: want only those held", rep.Permissions)
	}
	var audit StepLog
	for _, s := range rep.Steps {
		if s.Name == "audit log" {
			audit = s
		}
	}
	if audit.Status != StepUnavailable || !strings.Contains(audit.Detail, "Administer Jira") || rep.Activity == nil || !rep.Activity.Truncated {
		t.Errorf("audit log step %+v, activity %+v: want it named as needing an admin and the activity incomplete", audit, rep.Activity)
	}
}

func TestVaultToken(t *testing.T) {
	const token = "hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	scripted{
		rule: "hashicorp-vault-service-token", secret: token, authorized: header("X-Vault-Token", token),
		host: "vault.acme.example:8200", hosts: []string{"vault.acme.example:8200"},
		deadStatus: 403, dead: `{"errors":["permission denied","invalid token"]}`,
		routes: map[string][]string{
			"/v1/auth/token/lookup-self": {`{"request_id":"r1","data":{"accessor":"8609694a-cdbc-db9b-d345-e782dbb562ed","creation_time":1773100000,"creation_ttl":2764800,
				"display_name":"approle-ci","entity_id":"7d2e3179-f69b-450c-7179-ac8ee8bd8ca9","expire_time":"2026-04-10T12:00:00Z","explicit_max_ttl":0,
				"id":"` + token + `","identity_policies":["deploy"],"issue_time":"2026-03-01T12:00:00Z","meta":{"role_name":"SHOULD-NOT-APPEAR"},"num_uses":0,"orphan":true,
				"path":"auth/approle/login","policies":["default","ci-read"],"renewable":true,"ttl":2200000,"type":"service"}}`},
		},
		identity:    map[string]string{"display name": "approle-ci", "renewable": "true", "ttl seconds": "2200000", "entity": "7d2e3179-f69b-450c-7179-ac8ee8bd8ca9", "API host": "vault.acme.example:8200 (named with --host; any https host is accepted, as the server is self-hosted)"},
		permissions: []string{"default", "ci-read"},
		deny:        "/v1/auth/token/lookup-self", wantDenied: "auth/token/lookup-self", limit: "/v1/auth/token/lookup-self",
	}.run(t)
}

// Any https host may be named for a self-hosted Vault, but nothing else:
// no scheme but https, no user, no path.
func TestVaultHost(t *testing.T) {
	inv := catalogue(t)["hashicorp-vault-service-token"].Investigation
	for _, bad := range []string{"", "http://vault.acme.example", "vault.acme.example/v1", "user@vault.acme.example", "vault.acme.example?x=1", "vault acme"} {
		if host, _, err := tenantHost(inv.Tenant, "hvs.x", bad); err == nil {
			t.Errorf("--host %q accepted as %q", bad, host)
		}
	}
	for _, good := range []string{"vault.acme.example", "https://vault.acme.example:8200/", "10.0.0.5:8200"} {
		if _, _, err := tenantHost(inv.Tenant, "hvs.x", good); err != nil {
			t.Errorf("--host %q: %v", good, err)
		}
	}
}
