package investigate

import (
	"net/http"
	"testing"
)

func TestSquareToken(t *testing.T) {
	const token = "EAAA2YD1DUwueSpk0BUS-X7zCExj5TIikhTUtEquEyiaFQoAVd4A-wGdA2OnBoB0"
	refunds := append(repeat(-10, 5, `{"id":"r{{D}}","status":"COMPLETED","amount_money":{"amount":1200,"currency":"USD"},"created_at":"{{t:{{D}}}}","location_id":"L1","reason":"Returned goods"}`),
		`{"id":"rx","status":"COMPLETED","amount_money":{"amount":990000,"currency":"USD"},"created_at":"{{t:1:3}}","location_id":"L1","reason":"Customer goodwill"}`)
	scripted{
		rule: "square-access-token", secret: token,
		authorized: func(r *http.Request) bool {
			return r.Header.Get("Authorization") == "Bearer "+token && r.Header.Get("Square-Version") != ""
		},
		dead: `{"errors":[{"category":"AUTHENTICATION_ERROR","code":"UNAUTHORIZED","detail":"This request could not be authorized."}]}`,
		routes: map[string][]string{
			"/v2/merchants/me": {`{"merchant":{"id":"M1","business_name":"Acme Coffee","country":"US","currency":"USD","status":"ACTIVE","main_location_id":"L1"}}`},
			"/v2/locations":    {`{"locations":[{"id":"L1","name":"Main St","status":"ACTIVE","country":"US"}]}`},
			"/v2/refunds": {
				`{"refunds":` + join(refunds[:8]...) + `,"cursor":"c2"}`,
				`{"refunds":` + join(refunds[8:]...) + `}`},
		},
		identity:  map[string]string{"business": "Acme Coffee", "status": "ACTIVE"},
		resources: map[string]int{"locations": 1},
		flags:     [][2]string{{"tag", "Customer goodwill"}},
		notFlags:  [][2]string{{"tag", "Returned goods"}},
		paged:     []string{"/v2/refunds"}, nextQuery: map[string]string{"/v2/refunds": "cursor=c2"}, sinceLeak: 6,
		deny: "/v2/refunds", wantDenied: "PAYMENTS_READ", limit: "/v2/locations",
	}.run(t)
}

func TestMapboxSecretToken(t *testing.T) {
	const token = "sk.eyJ1IjoiYWNtZSIsImEiOiJjbDAxMjM0NTY3ODlhYmMifQ.AbCdEfGhIjKlMnOpQrStUv"
	byQuery := func(r *http.Request) bool { return r.URL.Query().Get("access_token") == token }
	scripted{
		rule: "mapbox-secret-token", secret: token, authorized: byQuery,
		dead: `{"code":"TokenInvalid","token":{}}`,
		routes: map[string][]string{
			"/tokens/v2": {`{"code":"TokenValid","token":{"usage":"sk","user":"acme","authorization":"cl0123456789abc"}}`},
			"/tokens/v2/acme": {`[{"id":"ck1","usage":"pk","client":"api","default":true,"scopes":["styles:tiles","styles:read"],"note":"Default public token","created":"{{t:-20}}","modified":"{{t:-20}}","token":"SHOULD-NOT-APPEAR-pk"},
				{"id":"ck2","usage":"sk","client":"api","default":false,"scopes":["styles:list","tokens:read","tokens:write","uploads:write"],"note":"","created":"{{t:2}}","modified":"{{t:2}}","token":"SHOULD-NOT-APPEAR-sk"}]`},
			"/styles/v1/acme": {`[{"id":"st1","name":"Streets custom","owner":"acme","visibility":"private"}]`},
		},
		identity:  map[string]string{"account": "acme", "usage": "sk", "state": "TokenValid"},
		resources: map[string]int{"styles": 1},
		flags:     [][2]string{{"target", "styles:list, tokens:read, tokens:write, uploads:write"}},
		notFlags:  [][2]string{{"target", "styles:tiles, styles:read"}},
		sinceLeak: 1,
		deny:      "/tokens/v2/acme", wantDenied: "tokens:read", limit: "/tokens/v2",
	}.run(t)
}

func TestMistralKey(t *testing.T) {
	const key = "WRTI54029zKzNQuA954kVAkSpcTiGuc9"
	jobs := append(repeat(-10, 5, `{"id":"j{{D}}","model":"open-mistral-7b","status":"SUCCESS","created_at":{{u:{{D}}}}}`),
		`{"id":"jx","model":"mistral-large-latest","status":"RUNNING","created_at":{{u:3:1}}}`)
	scripted{
		rule: "mistral-api-key", secret: key, authorized: bearer(key),
		dead: `{"message":"Unauthorized","request_id":"r1"}`,
		routes: map[string][]string{
			"/v1/models": {`{"object":"list","data":[{"id":"mistral-large-latest","owned_by":"mistralai"},{"id":"ft:open-mistral-7b:acme","owned_by":"acme"}]}`},
			"/v1/files": {
				`{"data":[{"id":"f1","filename":"support-tickets.jsonl","purpose":"fine-tune","bytes":1048576}],"object":"list","total":2}`,
				`{"data":[{"id":"f2","filename":"batch.jsonl","purpose":"batch","bytes":2048}],"object":"list","total":2}`},
			"/v1/fine_tuning/jobs": {`{"data":` + join(jobs...) + `,"object":"list","total":11}`},
		},
		permissions: []string{"La Plateforme API"},
		resources:   map[string]int{"models": 2, "files": 2},
		flags:       [][2]string{{"target", "mistral-large-latest"}},
		notFlags:    [][2]string{{"target", "open-mistral-7b"}},
		paged:       []string{"/v1/files"}, nextQuery: map[string]string{"/v1/files": "page=1"}, sinceLeak: 6,
		deny: "/v1/fine_tuning/jobs", wantDenied: "HTTP 403", limit: "/v1/models",
	}.run(t)
}

func TestFigmaToken(t *testing.T) {
	const token = "figd_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
	scripted{
		rule: "figma-personal-access-token", secret: token, authorized: header("X-Figma-Token", token),
		deadStatus: 403, dead: `{"status":403,"err":"Invalid token"}`,
		routes: map[string][]string{
			"/v1/me": {`{"id":"123","email":"ada@acme.example","handle":"Ada L","img_url":"https://s3-alpha.figma.com/x.png"}`},
		},
		identity: map[string]string{"handle": "Ada L", "email": "ada@acme.example"},
		limit:    "/v1/me",
	}.run(t)
}

func TestPineconeKey(t *testing.T) {
	const key = "pcsk_4Ab1Cd_0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQr"
	scripted{
		rule: "pinecone-api-key", secret: key, authorized: header("Api-Key", key),
		dead: `{"error":{"code":"UNAUTHENTICATED","message":"Invalid API Key"},"status":401}`,
		routes: map[string][]string{
			"/indexes":     {`{"indexes":[{"name":"docs","dimension":1536,"metric":"cosine","host":"docs-abc.svc.pinecone.io","status":{"ready":true,"state":"Ready"}}]}`},
			"/collections": {`{"collections":[]}`},
		},
		resources: map[string]int{"indexes": 1, "collections": 0},
		deny:      "/collections", wantDenied: "HTTP 403", limit: "/indexes",
	}.run(t)
}
