package investigate

import (
	"net/http"
	"testing"
)

func TestSlackBotToken(t *testing.T) {
	const token = "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
	logins := append(repeat(-20, 5, `{"user_id":"U1","username":"ops","date_first":{{u:{{D}}}},"date_last":{{u:{{D}}}},"count":3,"ip":"203.0.113.5","user_agent":"Slack/4.36 (Mac OS X)","isp":"Shop ISP","country":"DE","region":"BE"}`),
		`{"user_id":"U1","username":"ops","date_first":{{u:3:2}},"date_last":{{u:3:2}},"count":1,"ip":"192.0.2.99","user_agent":"python-requests/2.31","isp":"VPS Inc","country":"NL","region":"NH"}`)
	scripted{
		rule: "slack-bot-token", secret: token, authorized: bearer(token),
		deadStatus: 200, dead: `{"ok":false,"error":"invalid_auth"}`,
		routes: map[string][]string{
			"/api/auth.test": {`{"ok":true,"url":"https://shop.slack.com/","team":"Shop","user":"deploybot","team_id":"T12345","user_id":"U67890","bot_id":"B0123"}`},
			"/api/conversations.list": {
				`{"ok":true,"channels":[{"id":"C1","name":"general","is_private":false,"is_im":false}],"response_metadata":{"next_cursor":"dGVhbTpDMDYxRkE1UEI="}}`,
				`{"ok":true,"channels":[{"id":"C2","name":"finance","is_private":true,"is_im":false}],"response_metadata":{"next_cursor":""}}`},
			"/api/team.accessLogs": {`{"ok":true,"logins":` + join(logins...) + `,"paging":{"count":1000,"total":26,"page":1,"pages":1}}`},
		},
		identity:  map[string]string{"team": "Shop", "workspace": "https://shop.slack.com/", "bot id": "B0123"},
		resources: map[string]int{"conversations": 2},
		flags:     [][2]string{{"source", "192.0.2.99"}, {"agent", "python-requests/2.31"}},
		notFlags:  [][2]string{{"source", "203.0.113.5"}},
		paged:     []string{"/api/conversations.list"}, nextQuery: map[string]string{"/api/conversations.list": "cursor=dGVhbTpDMDYxRkE1UEI="},
		sinceLeak: 6, deny: "/api/team.accessLogs", wantDenied: "HTTP 403", limit: "/api/auth.test",
	}.run(t)
}

// Slack refuses with HTTP 200 and "ok": false; a missing scope is a
// denied step, not a dead token.
func TestSlackMissingScope(t *testing.T) {
	const token = "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
	v := scripted{authorized: bearer(token), routes: map[string][]string{
		"/api/auth.test":          {`{"ok":true,"team":"Shop","user":"deploybot","team_id":"T1","user_id":"U1"}`},
		"/api/conversations.list": {`{"ok":false,"error":"missing_scope","needed":"channels:read","provided":"chat:write"}`},
		"/api/team.accessLogs":    {`{"ok":false,"error":"paid_only"}`},
	}}.vendor(t)
	rep := runOnce(t, "slack-bot-token", token, "", v, Options{})
	got := map[string]string{}
	for _, s := range rep.Steps {
		got[s.Name] = s.Status + ": " + s.Detail
	}
	if got["conversations"] != `denied: the provider says "missing_scope"; missing permission channels:read (groups:read, im:read, mpim:read for the private ones)` ||
		got["workspace logins"] != `denied: the provider says "paid_only"; missing permission admin (an admin's user token on a paid plan)` {
		t.Errorf("steps: %v", got)
	}
}

func TestStripeSecretKey(t *testing.T) {
	const key = "sk_live_51HqLyjWDarjtT1zdp7dcXy9GQ0rMgnMgFKb1xDLwRdU4mZL0fi2eQXcs"
	events := append(repeat(-25, 5, `{"id":"evt_{{D}}","object":"event","type":"charge.succeeded","created":{{u:{{D}}}},"livemode":true,"request":{"id":"req_x","idempotency_key":null}}`),
		`{"id":"evt_p1","object":"event","type":"payout.created","created":{{u:2:4}},"livemode":true,"request":{"id":null}}`,
		`{"id":"evt_b1","object":"event","type":"customer.bank_account.created","created":{{u:2:3}},"livemode":true,"request":{"id":"req_y"}}`)
	scripted{
		rule: "stripe-secret-key", secret: key, authorized: basic(key, ""),
		dead: `{"error":{"code":"api_key_expired","message":"Expired API Key provided","type":"invalid_request_error"}}`,
		routes: map[string][]string{
			"/v1/account":           {`{"id":"acct_1Nv0FGQ9RKHgCVdK","object":"account","email":"owner@shop.example","business_profile":{"name":"Shop GmbH"},"country":"DE","charges_enabled":true,"payouts_enabled":true}`},
			"/v1/balance":           {`{"object":"balance","livemode":true,"available":[{"amount":120000,"currency":"eur"}],"pending":[]}`},
			"/v1/webhook_endpoints": {`{"object":"list","data":[{"id":"we_1","url":"https://shop.example/stripe","status":"enabled","enabled_events":["charge.succeeded"]}],"has_more":false}`},
			"/v1/events": {
				`{"object":"list","data":` + join(events[15:]...) + `,"has_more":true}`,
				`{"object":"list","data":` + join(events[:15]...) + `,"has_more":false}`},
		},
		identity:  map[string]string{"account": "acct_1Nv0FGQ9RKHgCVdK", "business": "Shop GmbH", "live mode": "true"},
		resources: map[string]int{"webhook endpoints": 1},
		flags:     [][2]string{{"action", "payout.created"}, {"action", "customer.bank_account.created"}},
		notFlags:  [][2]string{{"action", "charge.succeeded"}},
		paged:     []string{"/v1/events"}, sinceLeak: 7, nextQuery: map[string]string{"/v1/events": "starting_after=evt_b1"},
		deny: "/v1/webhook_endpoints", wantDenied: "Webhook Endpoints read", limit: "/v1/events",
	}.run(t)
}

func TestSendGridKey(t *testing.T) {
	const key = "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"
	msgs := append(repeat(-20, 5, `{"from_email":"news@shop.example","msg_id":"m{{D}}","subject":"Hi","to_email":"a@customer.example","status":"delivered","opens_count":1,"clicks_count":0,"last_event_time":"{{t:{{D}}}}"}`),
		`{"from_email":"no-reply@shop-invoices.example","msg_id":"x","subject":"Invoice","to_email":"b@bank.example","status":"delivered","last_event_time":"{{t:1:5}}"}`)
	scripted{
		rule: "sendgrid-api-key", secret: key, authorized: bearer(key),
		dead: `{"errors":[{"field":null,"message":"authorization required"}]}`,
		routes: map[string][]string{
			"/v3/scopes":        {`{"scopes":["mail.send","messages.read","user.username.read"]}`},
			"/v3/user/username": {`{"username":"shop","user_id":1234}`},
			"/v3/user/profile":  {`{"first_name":"Ada","last_name":"Shop","company":"Shop GmbH","website":"https://shop.example"}`},
			"/v3/api_keys":      {`{"result":[{"name":"prod mailer","api_key_id":"qfTQ6KG0QBiwWdJ0-pCLCA"}]}`},
			"/v3/subusers":      {`[{"id":1,"username":"shop-eu","email":"eu@shop.example","disabled":false},{"id":2,"username":"bulk-promo","email":"promo@shop-deals.example","disabled":false}]`},
			"/v3/messages":      {`{"messages":` + join(msgs...) + `}`},
		},
		identity:    map[string]string{"username": "shop", "company": "Shop GmbH"},
		permissions: []string{"mail.send", "messages.read"},
		resources:   map[string]int{"api keys": 1, "subusers": 2},
		flags:       [][2]string{{"actor", "no-reply@shop-invoices.example"}},
		notFlags:    [][2]string{{"actor", "news@shop.example"}},
		sinceLeak:   6, deny: "/v3/messages", wantDenied: "messages.read", limit: "/v3/scopes",
	}.run(t)
}

func TestMailgunKey(t *testing.T) {
	const key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
	events := append(repeat(-10, 5, `{"event":"accepted","timestamp":{{u:{{D}}}},"recipient":"c@customer.example","envelope":{"sender":"orders@mg.shop.example"},"tags":["order"],"ip":"209.61.151.1"}`),
		`{"event":"accepted","timestamp":{{u:4:1}},"recipient":"v@victim.example","envelope":{"sender":"support@mg.shop.example"},"tags":["phish"],"client-info":{"client-ip":"198.51.100.23","user-agent":"curl/8.4"}}`)
	scripted{
		rule: "mailgun-private-api-key", secret: key, authorized: basic("api", key),
		dead: `{"message":"Invalid private key"}`,
		routes: map[string][]string{
			"/v3/domains": {`{"total_count":1,"items":[{"name":"mg.shop.example","state":"active","type":"custom"}]}`},
			"/v3/mg.shop.example/events": {
				`{"items":` + join(events[:8]...) + `,"paging":{"next":"{{base}}/v3/mg.shop.example/events/W3siYiI6ICIyMDE1In0="}}`,
				`{"items":` + join(events[8:]...) + `,"paging":{"next":"{{base}}/v3/mg.shop.example/events/W3siYiI6ICIyMDE2In0="}}`},
			"/v3/mg.shop.example/events/W3siYiI6ICIyMDE1In0=": {`{"items":` + join(events[8:]...) + `,"paging":{"next":"{{base}}/v3/mg.shop.example/events/W3siYiI6ICIyMDE2In0="}}`},
			"/v3/mg.shop.example/events/W3siYiI6ICIyMDE2In0=": {`{"items":[],"paging":{}}`},
		},
		resources: map[string]int{"domains": 1},
		flags:     [][2]string{{"actor", "support@mg.shop.example"}, {"tag", "phish"}, {"source", "198.51.100.23"}},
		notFlags:  [][2]string{{"actor", "orders@mg.shop.example"}},
		sinceLeak: 6, paged: nil, deny: "/v3/mg.shop.example/events", wantDenied: "HTTP 403", limit: "/v3/domains",
	}.run(t)
}

func TestTwilioAuthToken(t *testing.T) {
	const sid, token = "AC8d7d1b4ac8ab7c1c0e2b9a6f5e4d3c2b", "9c6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d"
	msgs := append(repeat(-15, 5, `{"sid":"SM{{D}}","from":"+4930123456","to":"+4917612345678","direction":"outbound-api","status":"delivered","date_created":"{{r:{{D}}}}","date_sent":"{{r:{{D}}}}"}`),
		`{"sid":"SMx","from":"+18005550199","to":"+2348012345678","direction":"outbound-api","status":"sent","date_created":"{{r:2:3}}","date_sent":"{{r:2:3}}"}`)
	base := "/2010-04-01/Accounts/" + sid
	scripted{
		rule: "twilio-auth-token", secret: token, pair: sid, authorized: basic(sid, token),
		dead: `{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`,
		routes: map[string][]string{
			base + ".json": {`{"sid":"` + sid + `","friendly_name":"Shop","status":"active","type":"Full","date_created":"Thu, 01 Jun 2023 10:00:00 +0000"}`},
			base + "/Messages.json": {
				`{"messages":` + join(msgs[:10]...) + `,"next_page_uri":"` + base + `/Messages.json?PageSize=10&Page=1&PageToken=PASMx"}`,
				`{"messages":` + join(msgs[10:]...) + `,"next_page_uri":null}`},
			base + "/Calls.json": {`{"calls":[{"sid":"CA1","from":"+4930123456","to":"+4917612345678","direction":"outbound-api","start_time":"{{r:1}}","status":"completed"}],"next_page_uri":null}`},
		},
		identity:  map[string]string{"account": "Shop", "status": "active"},
		flags:     [][2]string{{"actor", "+18005550199"}},
		notFlags:  [][2]string{{"actor", "+4930123456"}},
		paged:     []string{base + "/Messages.json"},
		sinceLeak: 7, deny: base + "/Calls.json", wantDenied: "HTTP 403", limit: base + "/Messages.json",
	}.run(t)
}

var _ = http.StatusOK
