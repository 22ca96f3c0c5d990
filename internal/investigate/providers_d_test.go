package investigate

import (
	"net/http"
	"strings"
	"testing"
)

func TestHuggingFaceToken(t *testing.T) {
	const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	scripted{
		rule: "huggingface-access-token", secret: token, authorized: bearer(token),
		dead: `{"error":"Invalid credentials in Authorization header"}`,
		routes: map[string][]string{
			"/api/whoami-v2": {`{"type":"user","id":"1","name":"ada","fullname":"Ada L","email":"ada@shop.example","isPro":false,
				"orgs":[{"name":"shop-ml","roleInOrg":"admin"}],
				"auth":{"type":"access_token","accessToken":{"displayName":"ci","role":"fineGrained","createdAt":"2025-09-01T00:00:00.000Z",
				"fineGrained":{"canReadGatedRepos":false,"global":[],"scoped":[{"entity":{"_id":"x","type":"org","name":"shop-ml"},"permissions":["repo.content.read","repo.write"]}]}}}}`},
		},
		identity:    map[string]string{"name": "ada", "token name": "ci"},
		permissions: []string{"fineGrained", "shop-ml (permissions: repo.content.read, repo.write)"},
		resources:   map[string]int{"organizations": 1},
		limit:       "/api/whoami-v2",
	}.run(t)
}

func TestCloudflareToken(t *testing.T) {
	const token = "Cf0123456789abcdefghijklmnopqrstuvwxyzAB"
	logs := append(repeat(-20, 5, `{"id":"a{{D}}","action":{"type":"rec_set","result":true},"actor":{"email":"ops@shop.example","id":"u1","ip":"203.0.113.60","type":"user"},"interface":"UI","resource":{"type":"DNS_record"},"when":"{{t:{{D}}}}"}`),
		`{"id":"ax","action":{"type":"token_create","result":true},"actor":{"email":"ops@shop.example","id":"u1","ip":"198.51.100.201","type":"user"},"interface":"API","resource":{"type":"api_token"},"when":"{{t:2:2}}"}`)
	scripted{
		rule: "cloudflare-api-token", secret: token, authorized: bearer(token),
		dead: `{"success":false,"errors":[{"code":1000,"message":"Invalid API Token"}],"messages":[],"result":null}`,
		routes: map[string][]string{
			"/client/v4/user/tokens/verify": {`{"result":{"id":"ed17574386854bf78a67040be0a770b0","status":"active","expires_on":"2026-12-31T23:59:59Z"},"success":true,"errors":[],"messages":[]}`},
			"/client/v4/accounts":           {`{"result":[{"id":"023e105f4ecef8ad9ca31a8372d0c353","name":"Shop"}],"result_info":{"page":1,"per_page":50,"count":1,"total_count":1},"success":true}`},
			"/client/v4/zones": {
				`{"result":[{"name":"shop.example","status":"active","account":{"name":"Shop"}}],"result_info":{"page":1,"per_page":50,"count":1,"total_count":2},"success":true}`,
				`{"result":[{"name":"shop.dev","status":"active","account":{"name":"Shop"}}],"result_info":{"page":2,"per_page":50,"count":1,"total_count":2},"success":true}`},
			"/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/audit_logs": {`{"result":` + join(logs...) + `,"success":true}`},
		},
		identity:  map[string]string{"status": "active", "expires": "2026-12-31T23:59:59Z"},
		resources: map[string]int{"accounts": 1, "zones": 2},
		flags:     [][2]string{{"source", "198.51.100.201"}},
		notFlags:  [][2]string{{"source", "203.0.113.60"}},
		paged:     []string{"/client/v4/zones"}, sinceLeak: 6, nextQuery: map[string]string{"/client/v4/zones": "page=2"},
		deny: "/client/v4/zones", wantDenied: "Zone Read", limit: "/client/v4/accounts",
	}.run(t)
}

func TestBrevoKey(t *testing.T) {
	const key = "xkeysib-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab-AbCdEfGhIjKlMnOp"
	events := append(repeat(-20, 5, `{"email":"c@customer.example","date":"{{t:{{D}}}}","messageId":"<m{{D}}@smtp-relay.mailin.fr>","event":"delivered","tag":"order","from":"orders@shop.example","subject":"Your order"}`),
		`{"email":"v@victim.example","date":"{{t:3:3}}","messageId":"<x@smtp-relay.mailin.fr>","event":"requests","tag":"","from":"it-desk@shop-support.example","subject":"Password expiry"}`)
	scripted{
		rule: "brevo-api-key", secret: key, authorized: header("api-key", key),
		dead: `{"code":"unauthorized","message":"Key not found"}`,
		routes: map[string][]string{
			"/v3/account":                {`{"email":"ops@shop.example","firstName":"Ada","lastName":"L","companyName":"Shop GmbH","plan":[{"type":"free","credits":300}]}`},
			"/v3/senders":                {`{"senders":[{"id":1,"name":"Shop","email":"orders@shop.example","active":true}]}`},
			"/v3/smtp/statistics/events": {`{"events":` + join(events...) + `}`},
		},
		identity:  map[string]string{"email": "ops@shop.example", "company": "Shop GmbH", "plan": "free"},
		resources: map[string]int{"senders": 1},
		flags:     [][2]string{{"actor", "it-desk@shop-support.example"}},
		notFlags:  [][2]string{{"actor", "orders@shop.example"}},
		sinceLeak: 6, deny: "/v3/smtp/statistics/events", wantDenied: "HTTP 403", limit: "/v3/senders",
	}.run(t)
}

func TestMandrillKey(t *testing.T) {
	const key = "md-0123456789AbCdEfGhIjKl"
	msgs := append(repeat(-20, 5, `{"ts":{{u:{{D}}}},"_id":"m{{D}}","sender":"orders@shop.example","subject":"Order","email":"c@customer.example","tags":["order"],"state":"sent"}`),
		`{"ts":{{u:1:4}},"_id":"x","sender":"billing@shop-pay.example","subject":"Invoice","email":"v@victim.example","tags":[],"state":"sent"}`)
	scripted{
		rule: "mandrill-api-key", secret: key,
		authorized: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.Contains(readAll(r), `"key":"`+key+`"`)
		},
		deadStatus: 500, dead: `{"status":"error","code":-1,"name":"Invalid_Key","message":"Invalid API key"}`,
		routes: map[string][]string{
			"/api/1.0/users/info.json":      {`{"username":"shop","created_at":"2020-01-01 00:00:00","public_id":"aaabbbccc112233","reputation":90,"hourly_quota":500}`},
			"/api/1.0/senders/list.json":    {`[{"address":"orders@shop.example","created_at":"2020-01-01 00:00:00","sent":4200}]`},
			"/api/1.0/messages/search.json": {join(msgs...)},
		},
		identity:  map[string]string{"username": "shop", "reputation": "90"},
		resources: map[string]int{"senders": 1},
		flags:     [][2]string{{"actor", "billing@shop-pay.example"}},
		notFlags:  [][2]string{{"actor", "orders@shop.example"}},
		sinceLeak: 6, deny: "/api/1.0/messages/search.json", wantDenied: "HTTP 403", limit: "/api/1.0/users/info.json",
	}.run(t)
}

func TestSparkPostKey(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef01234567"
	events := append(repeat(-8, 5, `{"type":"injection","timestamp":"{{t:{{D}}}}","friendly_from":"news@shop.example","rcpt_to":"c@customer.example","campaign_id":"weekly"}`),
		`{"type":"injection","timestamp":"{{t:2:2}}","friendly_from":"security@shop-login.example","rcpt_to":"v@victim.example","campaign_id":"verify"}`)
	scripted{
		rule: "sparkpost-api-key", secret: key, authorized: header("Authorization", key),
		dead: `{"errors":[{"message":"Unauthorized."}]}`,
		routes: map[string][]string{
			"/api/v1/account":         {`{"results":{"customer_id":123,"company_name":"Shop","status":"active","subscription":{"name":"Starter"}}}`},
			"/api/v1/sending-domains": {`{"results":[{"domain":"shop.example","status":{"ownership_verified":true}}]}`},
			"/api/v1/events/message": {
				`{"results":` + join(events[:7]...) + `,"total_count":14,"links":{"next":"/api/v1/events/message?cursor=WycxNTU3OTQ5MjAwMDAwJywgJzM0NTAwMDAwMDI4MTY3MjAnXQ==&per_page=1000"}}`,
				`{"results":` + join(events[7:]...) + `,"total_count":14,"links":{}}`},
		},
		identity:  map[string]string{"company": "Shop", "plan": "Starter"},
		resources: map[string]int{"sending domains": 1},
		flags:     [][2]string{{"actor", "security@shop-login.example"}, {"tag", "verify"}},
		notFlags:  [][2]string{{"actor", "news@shop.example"}},
		paged:     []string{"/api/v1/events/message"}, sinceLeak: 6,
		deny: "/api/v1/events/message", wantDenied: "Message Events Read", limit: "/api/v1/account",
	}.run(t)
}

func TestCircleCIToken(t *testing.T) {
	const token = "CCIPAT_AbCdEfGhIjKlMnOpQrStUv_0123456789abcdef0123456789abcdef01234567"
	scripted{
		rule: "circleci-personal-api-token", secret: token, authorized: header("Circle-Token", token),
		dead: `{"message":"You must log in first."}`,
		routes: map[string][]string{
			"/api/v2/me":                {`{"id":"5034460f-c7c4-4c43-9457-de07e2029e7b","login":"ada","name":"Ada L"}`},
			"/api/v2/me/collaborations": {`[{"id":"o1","vcs-type":"github","name":"shop","slug":"gh/shop","avatar_url":""}]`},
		},
		identity:  map[string]string{"login": "ada"},
		resources: map[string]int{"organizations": 1},
		deny:      "/api/v2/me/collaborations", wantDenied: "HTTP 403", limit: "/api/v2/me",
	}.run(t)
}

func TestVercelToken(t *testing.T) {
	const token = "vcp_0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEf"
	scripted{
		rule: "vercel-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"error":{"code":"forbidden","message":"Not authorized","invalidToken":true}}`,
		routes: map[string][]string{
			"/v2/user":  {`{"user":{"id":"u1","email":"ada@shop.example","name":"Ada","username":"ada"}}`},
			"/v2/teams": {`{"teams":[{"id":"team_1","slug":"shop","name":"Shop"}],"pagination":{"count":1,"next":null}}`},
			"/v9/projects": {
				`{"projects":[{"name":"web","framework":"nextjs"}],"pagination":{"count":1,"next":1700000000000,"prev":null}}`,
				`{"projects":[{"name":"docs","framework":"astro"}],"pagination":{"count":1,"next":null,"prev":null}}`},
		},
		identity:  map[string]string{"username": "ada"},
		resources: map[string]int{"teams": 1, "projects": 2},
		paged:     []string{"/v9/projects"}, nextQuery: map[string]string{"/v9/projects": "until=1700000000000"},
		deny: "/v2/teams", wantDenied: "HTTP 403", limit: "/v2/user",
	}.run(t)
}

func TestNetlifyToken(t *testing.T) {
	const token = "nfp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
	scripted{
		rule: "netlify-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"code":401,"message":"Access Denied: your credentials are not valid"}`,
		routes: map[string][]string{
			"/api/v1/user":     {`{"id":"u1","email":"ada@shop.example","full_name":"Ada L","last_login":"{{t:-1}}"}`},
			"/api/v1/accounts": {`[{"id":"a1","name":"Shop","slug":"shop","type_name":"Pro"}]`},
			"/api/v1/sites":    {`[{"name":"shop-web","url":"https://shop.example"}]`, `[{"name":"shop-docs","url":"https://docs.shop.example"}]`},
		},
		links:     map[string]string{"/api/v1/sites": "/api/v1/sites?page=2&per_page=100"},
		identity:  map[string]string{"email": "ada@shop.example", "name": "Ada L"},
		resources: map[string]int{"accounts": 1, "sites": 2},
		paged:     []string{"/api/v1/sites"},
		deny:      "/api/v1/sites", wantDenied: "HTTP 403", limit: "/api/v1/user",
	}.run(t)
}

func TestResendKey(t *testing.T) {
	const key = "re_AbCdEfGh_0123456789AbCdEfGhIjKlMn"
	sc := scripted{
		rule: "resend-api-key", secret: key, authorized: bearer(key),
		deadStatus: 400, dead: `{"statusCode":400,"message":"API key is invalid","name":"validation_error"}`,
		routes: map[string][]string{
			"/domains":  {`{"object":"list","data":[{"id":"d1","name":"shop.example","status":"verified","region":"eu-west-1"}]}`},
			"/api-keys": {`{"object":"list","data":[{"id":"k1","name":"Production","created_at":"2025-01-01 10:00:00.000000+00"}]}`},
		},
		resources: map[string]int{"domains": 1, "api keys": 1},
		deny:      "/api-keys", wantDenied: "HTTP 403", limit: "/domains",
	}
	sc.run(t)
	// A sending-only key is alive but may read nothing.
	sc.routes = map[string][]string{}
	v := sc.vendor(t)
	restricted := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		w.Write([]byte(`{"statusCode":401,"message":"This API key is restricted to only send emails","name":"restricted_api_key"}`))
	}
	v.routes["/domains"], v.routes["/api-keys"] = restricted, restricted
	rep := runOnce(t, "resend-api-key", key, "", v, Options{})
	for _, s := range rep.Steps {
		if s.Status != StepDenied || !strings.Contains(s.Detail, "restricted to only send emails") {
			t.Errorf("sending-only key: %+v", s)
		}
	}
}
