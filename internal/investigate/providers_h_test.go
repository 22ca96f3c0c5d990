package investigate

import (
	"regexp"
	"testing"
)

func TestLinodeToken(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	events := append(repeat(-10, 5, `{"id":"e{{D}}","action":"linode_boot","created":"{{t:{{D}}}}","username":"ada","status":"finished","entity":{"id":1,"label":"web-1","type":"linode"}}`),
		`{"id":77,"action":"user_create","created":"{{t:3:1}}","username":"ada","status":"notification","entity":{"id":9,"label":"backup-admin","type":"user"}}`)
	logins := append(repeat(-10, 5, `{"id":"l{{D}}","datetime":"{{t:{{D}}}}","ip":"203.0.113.88","restricted":false,"status":"successful","username":"ada"}`),
		`{"id":88,"datetime":"{{t:3:0}}","ip":"198.51.100.140","restricted":false,"status":"successful","username":"ada"}`)
	// Linode writes times without a zone, in UTC.
	for i := range events {
		events[i] = trimZone(events[i])
	}
	scripted{
		rule: "linode-personal-access-token", secret: token, authorized: bearer(token),
		dead: `{"errors":[{"reason":"Invalid Token"}]}`,
		routes: map[string][]string{
			"/v4/profile": {`{"uid":1,"username":"ada","email":"ada@acme.example","restricted":false,"two_factor_auth":true}`},
			"/v4/linode/instances": {
				`{"data":[{"label":"web-1","region":"eu-central","status":"running","type":"g6-standard-2"}],"page":1,"pages":2,"results":2}`,
				`{"data":[{"label":"db-1","region":"eu-central","status":"running","type":"g6-dedicated-4"}],"page":2,"pages":2,"results":2}`},
			"/v4/account/events": {`{"data":` + join(events...) + `,"page":1,"pages":1,"results":11}`},
			"/v4/profile/logins": {`{"data":` + join(logins...) + `,"page":1,"pages":1,"results":11}`},
		},
		identity:  map[string]string{"username": "ada", "two-factor": "true"},
		resources: map[string]int{"instances": 2},
		flags:     [][2]string{{"action", "user_create"}, {"source", "198.51.100.140"}},
		notFlags:  [][2]string{{"action", "linode_boot"}, {"source", "203.0.113.88"}},
		paged:     []string{"/v4/linode/instances"}, nextQuery: map[string]string{"/v4/linode/instances": "page=2"}, sinceLeak: 12,
		deny: "/v4/account/events", wantDenied: "events:read_only", limit: "/v4/profile",
	}.run(t)
}

func TestVultrKey(t *testing.T) {
	const key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	scripted{
		rule: "vultr-api-key", secret: key, authorized: bearer(key),
		dead: `{"error":"Invalid API token.","status":401}`,
		routes: map[string][]string{
			"/v2/account": {`{"account":{"name":"Acme","email":"ops@acme.example","acls":["manage_users","subscriptions","billing"],"balance":-10.5}}`},
			"/v2/instances": {
				`{"instances":[{"label":"web","region":"fra","main_ip":"192.0.2.10","status":"active"}],"meta":{"total":2,"links":{"next":"bmV4dF9fQU","prev":""}}}`,
				`{"instances":[{"label":"db","region":"fra","main_ip":"192.0.2.11","status":"active"}],"meta":{"total":2,"links":{"next":"","prev":"cHJldl9fQU"}}}`},
			"/v2/users": {`{"users":[{"name":"Ada","email":"ada@acme.example","acls":["manage_servers"]}],"meta":{"total":1,"links":{"next":"","prev":""}}}`},
		},
		identity:    map[string]string{"name": "Acme", "email": "ops@acme.example"},
		permissions: []string{"manage_users", "billing"},
		resources:   map[string]int{"instances": 2, "users": 1},
		paged:       []string{"/v2/instances"}, nextQuery: map[string]string{"/v2/instances": "cursor=bmV4dF9fQU"},
		deny: "/v2/users", wantDenied: "manage_users", limit: "/v2/account",
	}.run(t)
}

func TestHetznerCloudToken(t *testing.T) {
	const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01"
	scripted{
		rule: "hetzner-cloud-api-token", secret: token, authorized: bearer(token),
		dead: `{"error":{"code":"unauthorized","message":"unable to authenticate"}}`,
		routes: map[string][]string{
			"/v1/servers": {
				`{"servers":[{"name":"web-1","status":"running","datacenter":{"name":"fsn1-dc14"},"public_net":{"ipv4":{"ip":"192.0.2.1"}}}],"meta":{"pagination":{"page":1,"per_page":1,"next_page":2,"total_entries":2}}}`,
				`{"servers":[{"name":"db-1","status":"running","datacenter":{"name":"fsn1-dc14"},"public_net":{"ipv4":{"ip":"192.0.2.2"}}}],"meta":{"pagination":{"page":2,"per_page":1,"next_page":null,"total_entries":2}}}`},
			"/v1/ssh_keys": {`{"ssh_keys":[{"id":1,"name":"ada@laptop","fingerprint":"b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f","public_key":"ssh-ed25519 AAAA","created":"{{t:-20}}"},
				{"id":2,"name":"deploy","fingerprint":"4c:1f:0e:aa:91:be:77:10:2d:8f:55:19:c3:0e:7a:61","public_key":"ssh-ed25519 BBBB","created":"{{t:2}}"}],"meta":{"pagination":{"page":1,"per_page":50,"next_page":null,"total_entries":2}}}`},
		},
		resources: map[string]int{"servers": 2},
		flags:     [][2]string{{"target", "4c:1f:0e:aa:91:be:77:10:2d:8f:55:19:c3:0e:7a:61"}},
		notFlags:  [][2]string{{"target", "b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f"}},
		paged:     []string{"/v1/servers"}, nextQuery: map[string]string{"/v1/servers": "page=2"}, sinceLeak: 1,
		deny: "/v1/ssh_keys", wantDenied: "HTTP 403", limit: "/v1/servers",
	}.run(t)
}

// trimZone drops the Z of the RFC 3339 times in a record: the form of
// APIs that write UTC times without a zone.
func trimZone(record string) string {
	return zoneOfTime.ReplaceAllString(expand(record, ""), `$1"`)
}

var zoneOfTime = regexp.MustCompile(`(\d{2}:\d{2}:\d{2})Z"`)

func TestDopplerToken(t *testing.T) {
	const token = "dp.pt.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG"
	logs := append(repeat(-20, 5, `{"id":"l{{D}}","text":"Ada updated secrets in prd","user":{"email":"ada@acme.example","name":"Ada L"},"enclave_project":"api","enclave_config":"prd","created_at":"{{t:{{D}}}}"}`),
		`{"id":"lx","text":"Mallory downloaded secrets in prd","user":{"email":"mallory@contractor.example","name":"Mallory"},"enclave_project":"api","enclave_config":"prd","created_at":"{{t:2:5}}"}`)
	scripted{
		rule: "doppler-personal-token", secret: token, authorized: bearer(token),
		dead: `{"messages":["Invalid Auth token"],"success":false}`,
		routes: map[string][]string{
			"/v3/me":       {`{"workplace":{"name":"Acme","slug":"acme"},"type":"personal","token_preview":"dp.pt.AbC...","name":"laptop","slug":"s1","created_at":"{{t:-60}}","last_seen_at":"{{t:4}}"}`},
			"/v3/projects": {`{"page":1,"projects":[{"name":"api","slug":"api"},{"name":"web","slug":"web"}]}`},
			"/v3/logs": {
				`{"page":1,"logs":` + join(logs[:20]...) + `,"success":true}`,
				`{"page":2,"logs":` + join(logs[20:]...) + `,"success":true}`},
		},
		identity:  map[string]string{"workplace": "Acme", "kind": "personal", "token name": "laptop"},
		resources: map[string]int{"projects": 2},
		flags:     [][2]string{{"actor", "mallory@contractor.example"}},
		notFlags:  [][2]string{{"actor", "ada@acme.example"}},
		paged:     []string{"/v3/logs"}, nextQuery: map[string]string{"/v3/logs": "page=2"}, sinceLeak: 6,
		deny: "/v3/logs", wantDenied: "workplace activity", limit: "/v3/me",
	}.run(t)
}
