package investigate

import (
	"net/http"
	"strings"
	"testing"
)

func TestNpmToken(t *testing.T) {
	const token = "npm_Wb3x6Zq9Lk2Jh5Gf8Ds1Ap4Ou7Iy0Tr3Ew6Q"
	scripted{
		rule: "npm-access-token", secret: token, authorized: bearer(token),
		dead: `{"error":"Unauthorized"}`,
		routes: map[string][]string{
			"/-/whoami":        {`{"username":"ada"}`},
			"/-/npm/v1/tokens": {`{"objects":[{"token":"npm_Wb","key":"5f2d...sha512","cidr_whitelist":null,"readonly":false,"automation":true,"created":"2025-10-01T10:00:00.000Z","updated":"2025-10-01T10:00:00.000Z"}],"total":1,"urls":{}}`},
			"/-/v1/search": {`{"objects":[` +
				`{"package":{"name":"shop-utils","version":"1.4.0","date":"{{t:-12}}","publisher":{"username":"ada","email":"ada@shop.example"}}},` +
				`{"package":{"name":"shop-cli","version":"2.0.1","date":"{{t:-3}}","publisher":{"username":"ada","email":"ada@shop.example"}}},` +
				`{"package":{"name":"shop-sdk","version":"3.1.7","date":"{{t:2:4}}","publisher":{"username":"npm-helper-bot","email":"x@mail.example"}}}],"total":3}`},
		},
		identity:    map[string]string{"username": "ada"},
		permissions: []string{"read only: false, automation: true"},
		resources:   map[string]int{"packages": 3},
		flags:       [][2]string{{"actor", "npm-helper-bot"}},
		notFlags:    [][2]string{{"actor", "ada"}},
		sinceLeak:   1, deny: "/-/npm/v1/tokens", wantDenied: "HTTP 403", limit: "/-/whoami",
	}.run(t)
}

func TestDigitalOceanToken(t *testing.T) {
	const token = "dop_v1_8c6e1f0a3b4c5d6e7f8091a21f0e3c3a7b2d4c1e9a8f5d6e7f8091a2b3c4d5e6"
	actions := append(repeat(-15, 5, `{"id":{{D}},"status":"completed","type":"snapshot","started_at":"{{t:{{D}}}}","resource_type":"droplet","region_slug":"fra1"}`),
		`{"id":900,"status":"completed","type":"create","started_at":"{{t:3:2}}","resource_type":"droplet","region_slug":"sgp1"}`)
	scripted{
		rule: "digitalocean-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"id":"Unauthorized","message":"Unable to authenticate you"}`,
		routes: map[string][]string{
			"/v2/account":  {`{"account":{"droplet_limit":25,"email":"ops@shop.example","uuid":"b6fr89dbf6d9156cace5f3c78dc9851d957381ef","email_verified":true,"status":"active","team":{"uuid":"t1","name":"Shop"}}}`},
			"/v2/droplets": {`{"droplets":[{"id":1,"name":"web-1","status":"active","region":{"slug":"fra1"}}],"links":{},"meta":{"total":1}}`},
			"/v2/actions": {
				`{"actions":` + join(actions[10:]...) + `,"links":{"pages":{"next":"{{base}}/v2/actions?page=2&per_page=200"}},"meta":{"total":21}}`,
				`{"actions":` + join(actions[:10]...) + `,"links":{"pages":{}},"meta":{"total":21}}`},
		},
		identity:  map[string]string{"email": "ops@shop.example", "team": "Shop"},
		resources: map[string]int{"droplets": 1},
		flags:     [][2]string{{"action", "create"}, {"tag", "sgp1"}},
		notFlags:  [][2]string{{"action", "snapshot"}},
		paged:     []string{"/v2/actions"}, sinceLeak: 6,
		deny: "/v2/droplets", wantDenied: "droplet:read", limit: "/v2/account",
	}.run(t)
}

func TestHerokuKey(t *testing.T) {
	const key = "HRKU-AAhYp8v8eL1Kq2Zx3Cv4Bn5Mm6Nl7Kk8Jj9Hh0Gg1Ff2Ee3Dd4Cc5Bb6Aa7Z"
	scripted{
		rule: "heroku-api-key", secret: key, authorized: bearer(key),
		dead: `{"id":"unauthorized","message":"Invalid credentials provided."}`,
		routes: map[string][]string{
			"/account":              {`{"email":"ops@shop.example","id":"01234567-89ab-cdef-0123-456789abcdef","name":"Ops","two_factor_authentication":true,"last_login":"{{t:-1}}"}`},
			"/apps":                 {`[{"name":"shop-web","owner":{"email":"ops@shop.example"},"region":{"name":"eu"}}]`},
			"/teams":                {`[{"name":"shop","role":"admin"}]`},
			"/oauth/authorizations": {`[{"description":"CI deploys","scope":["global"],"created_at":"2025-01-01T00:00:00Z"}]`},
		},
		identity:    map[string]string{"email": "ops@shop.example", "two-factor": "true"},
		permissions: []string{"CI deploys (scope: global"},
		resources:   map[string]int{"apps": 1, "teams": 1},
		deny:        "/teams", wantDenied: "HTTP 403", limit: "/apps",
	}.run(t)
}

func TestLinearKey(t *testing.T) {
	const key = "lin_api_R4nd0mK3yV4lu3F0rT3st1ngL1n34rAp1K3yXyZ"
	entries := append(repeat(-15, 5, `{"type":"login","createdAt":"{{t:{{D}}}}","ip":"203.0.113.40","countryCode":"DE","actor":{"email":"ada@shop.example"}}`),
		`{"type":"apiKeyCreated","createdAt":"{{t:2:1}}","ip":"198.51.100.77","countryCode":"RU","actor":{"email":"ada@shop.example"}}`)
	sc := scripted{
		rule: "linear-api-key", secret: key, authorized: header("Authorization", key),
		deadStatus: 400, dead: `{"errors":[{"message":"Authentication required, not authenticated","extensions":{"code":"AUTHENTICATION_ERROR"}}]}`,
		routes:    map[string][]string{"/graphql": {}},
		identity:  map[string]string{"email": "ada@shop.example", "organization": "Shop", "admin": "true"},
		flags:     [][2]string{{"source", "198.51.100.77"}, {"target", "RU"}},
		notFlags:  [][2]string{{"source", "203.0.113.40"}},
		sinceLeak: 6, limit: "/graphql",
	}
	// One endpoint answers both queries, by what they ask.
	graphql := func(w http.ResponseWriter, r *http.Request) {
		body := readAll(r)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(400)
			return
		}
		switch {
		case strings.Contains(body, "viewer"):
			w.Write([]byte(`{"data":{"viewer":{"id":"u1","name":"Ada","email":"ada@shop.example","admin":true},"organization":{"name":"Shop","urlKey":"shop","userCount":12}}}`))
		case strings.Contains(body, "auditEntries") && strings.Contains(body, `gte: \"`+testSince.Add(-30*24*3600e9).Format("2006-01-02T15:04:05Z07:00")+`\"`):
			w.Write([]byte(expand(`{"data":{"auditEntries":{"nodes":`+join(entries...)+`}}}`, "")))
		default:
			t.Errorf("query %s", body)
			w.WriteHeader(400)
		}
	}
	run := sc
	run.routes = nil
	vendorFn := func(t *testing.T) *vendor {
		v := run.vendor(t)
		v.routes["/graphql"] = graphql
		return v
	}
	runProvider(t, providerCase{rule: sc.rule, secret: key, vendor: vendorFn, limitPath: "/graphql",
		check: func(t *testing.T, rep *Report, v *vendor) {
			for label, want := range sc.identity {
				if field(rep, label) != want {
					t.Errorf("%s: %+v", label, rep.Identity)
				}
			}
			for _, f := range sc.flags {
				mustFlag(t, rep, f[0], f[1])
			}
			mustNotFlag(t, rep, "source", "203.0.113.40")
		}})
	// A member's key: the audit log answers with GraphQL errors.
	v := vendorFn(t)
	v.routes["/graphql"] = func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(readAll(r), "auditEntries") {
			w.Write([]byte(`{"errors":[{"message":"You need to be an admin to access audit entries","extensions":{"code":"FORBIDDEN"}}],"data":null}`))
			return
		}
		w.Write([]byte(`{"data":{"viewer":{"id":"u2","name":"Bo","email":"bo@shop.example","admin":false},"organization":{"name":"Shop"}}}`))
	}
	rep := runOnce(t, "linear-api-key", key, "", v, Options{})
	if s := rep.Steps[1]; s.Status != StepDenied || !strings.Contains(s.Detail, "need to be an admin") {
		t.Errorf("member key: %+v", s)
	}
}

func TestTelegramBotToken(t *testing.T) {
	const token = "7123456789:AAH4yZx3Cv2Bn1Mm0Nl9Kk8Jj7Hh6Gg5Ff4"
	scripted{
		rule: "telegram-bot-token", secret: token,
		authorized: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/bot"+token+"/") },
		dead:       `{"ok":false,"error_code":401,"description":"Unauthorized"}`,
		routes: map[string][]string{
			"/bot" + token + "/getMe":          {`{"ok":true,"result":{"id":7123456789,"is_bot":true,"first_name":"Shop Bot","username":"shop_bot","can_join_groups":true,"can_read_all_group_messages":false}}`},
			"/bot" + token + "/getWebhookInfo": {`{"ok":true,"result":{"url":"https://collector.example/hook","has_custom_certificate":false,"pending_update_count":3,"ip_address":"198.51.100.5"}}`},
		},
		identity:  map[string]string{"bot": "shop_bot", "id": "7123456789"},
		resources: map[string]int{"webhook": 1},
		deny:      "/bot" + token + "/getWebhookInfo", wantDenied: "HTTP 403", limit: "/bot" + token + "/getMe",
	}.run(t)
}

func TestDiscordBotToken(t *testing.T) {
	const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.FgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLmNoPq"
	scripted{
		rule: "discord-bot-token", secret: token, authorized: header("Authorization", "Bot "+token),
		dead: `{"message": "401: Unauthorized", "code": 0}`,
		routes: map[string][]string{
			"/api/v10/users/@me":        {`{"id":"123456789012345678","username":"shopbot","bot":true,"verified":true,"mfa_enabled":false}`},
			"/api/v10/applications/@me": {`{"id":"123456789012345678","name":"Shop Bot","bot_public":false,"owner":{"username":"ada"}}`},
			"/api/v10/users/@me/guilds": {`[{"id":"1","name":"Shop community","owner":false,"permissions":"2147483647"},{"id":"2","name":"Shop staff","owner":false,"permissions":"8"}]`, `[]`},
		},
		identity:  map[string]string{"username": "shopbot", "application": "Shop Bot", "owner": "ada"},
		resources: map[string]int{"servers": 2},
		paged:     []string{"/api/v10/users/@me/guilds"}, nextQuery: map[string]string{"/api/v10/users/@me/guilds": "after=2"},
		deny: "/api/v10/users/@me/guilds", wantDenied: "HTTP 403", limit: "/api/v10/users/@me",
	}.run(t)
}

func TestHubSpotPrivateAppToken(t *testing.T) {
	const token = "pat-na1-8c6e1f0a-3b4c-4d6e-9f80-91a21f0e3c3a"
	logins := append(repeat(-20, 5, `{"id":"{{D}}","loginAt":"{{t:{{D}}}}","userId":876,"email":"ada@shop.example","ipAddress":"203.0.113.80","userAgent":"Mozilla/5.0 Safari/17","countryCode":"de","loginSucceeded":true}`),
		`{"id":"x","loginAt":"{{t:2:3}}","userId":876,"email":"ada@shop.example","ipAddress":"45.56.67.89","userAgent":"Mozilla/5.0 (Linux; Android 11)","countryCode":"ie","loginSucceeded":true}`)
	scripted{
		rule: "hubspot-private-app-token", secret: token,
		authorized: func(r *http.Request) bool {
			return r.Header.Get("Authorization") == "Bearer "+token ||
				(r.URL.Path == "/oauth/v2/private-apps/get/access-token-info" && strings.Contains(readAll(r), `"tokenKey":"`+token+`"`))
		},
		dead: `{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}`,
		routes: map[string][]string{
			"/account-info/v3/details":                     {`{"portalId":62515,"accountType":"STANDARD","timeZone":"Europe/Berlin","uiDomain":"app-eu1.hubspot.com","dataHostingLocation":"eu1"}`},
			"/oauth/v2/private-apps/get/access-token-info": {`{"userId":876,"hubId":62515,"appId":111,"scopes":["crm.objects.contacts.read","account-info.security.read"]}`},
			"/account-info/v3/activity/login": {
				`{"results":` + join(logins[:15]...) + `,"paging":{"next":{"after":"MTU%3D","link":"?after=MTU%3D"}}}`,
				`{"results":` + join(logins[15:]...) + `}`},
			"/account-info/v3/activity/security": {`{"results":[{"id":"s1","createdAt":"{{t:2:4}}","actingUser":"ada@shop.example","type":"PRIVATE_APP_CREATED","ipAddress":"45.56.67.89","countryCode":"ie"}]}`},
		},
		identity:    map[string]string{"portal id": "62515", "data hosting": "eu1"},
		permissions: []string{"crm.objects.contacts.read"},
		known:       Known{IPs: []string{"203.0.113.0/24"}},
		flags:       [][2]string{{"source", "45.56.67.89"}, {"agent", "Mozilla/5.0 (Linux; Android 11)"}},
		notFlags:    [][2]string{{"source", "203.0.113.80"}},
		paged:       []string{"/account-info/v3/activity/login"}, sinceLeak: 7, nextQuery: map[string]string{"/account-info/v3/activity/login": "after=MTU%3D"},
		deny: "/account-info/v3/activity/login", wantDenied: "account-info.security.read", limit: "/account-info/v3/details",
	}.run(t)
}

func TestSentryToken(t *testing.T) {
	const token = "sntryu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
	rows := append(repeat(-15, 5, `{"id":"{{D}}","actor":{"email":"ada@shop.example","name":"Ada"},"event":"project.edit","ipAddress":"203.0.113.90","dateCreated":"{{t:{{D}}}}"}`),
		`{"id":"x","actor":{"email":"ada@shop.example","name":"Ada"},"event":"member.add","ipAddress":"192.0.2.150","dateCreated":"{{t:1:4}}"}`)
	scripted{
		rule: "sentry-user-token", secret: token, authorized: bearer(token),
		dead: `{"detail":"Invalid token"}`,
		routes: map[string][]string{
			"/api/0/":                               {`{"version":"0","auth":{"scopes":["org:read","project:read","org:write"]},"user":{"id":"1","username":"ada","email":"ada@shop.example"}}`},
			"/api/0/organizations/":                 {`[{"slug":"shop","name":"Shop"}]`},
			"/api/0/projects/":                      {`[{"slug":"web","platform":"javascript","organization":{"slug":"shop"}}]`},
			"/api/0/organizations/shop/audit-logs/": {`{"rows":` + join(rows[10:]...) + `,"options":{}}`, `{"rows":` + join(rows[:10]...) + `,"options":{}}`},
		},
		links:       map[string]string{"/api/0/organizations/shop/audit-logs/": "/api/0/organizations/shop/audit-logs/?cursor=0:100:0"},
		identity:    map[string]string{"user": "ada"},
		permissions: []string{"org:read", "org:write"},
		resources:   map[string]int{"organizations": 1, "projects": 1},
		flags:       [][2]string{{"source", "192.0.2.150"}},
		notFlags:    [][2]string{{"source", "203.0.113.90"}},
		paged:       []string{"/api/0/organizations/shop/audit-logs/"}, sinceLeak: 6,
		deny: "/api/0/organizations/shop/audit-logs/", wantDenied: "org:write", limit: "/api/0/",
	}.run(t)
}

// Sentry links a next page on every answer and says results="false" when
// it is empty: the engine must stop there.
func TestNextLinkSentryStyle(t *testing.T) {
	h := `<https://sentry.io/api/0/projects/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/projects/?&cursor=0:100:0>; rel="next"; results="false"; cursor="0:100:0"`
	if got := nextLink(h); got != "" {
		t.Errorf("results=false: %q", got)
	}
	if got := nextLink(strings.ReplaceAll(h, `rel="next"; results="false"`, `rel="next"; results="true"`)); got != "https://sentry.io/api/0/projects/?&cursor=0:100:0" {
		t.Errorf("results=true: %q", got)
	}
}
