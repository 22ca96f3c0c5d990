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

func TestGroqKey(t *testing.T) {
	const key = "gsk_0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEf"
	batches := append(repeat(-10, 5, `{"id":"batch_{{D}}","object":"batch","endpoint":"/v1/chat/completions","status":"completed","created_at":{{u:{{D}}}}}`),
		`{"id":"batch_x","object":"batch","endpoint":"/v1/audio/transcriptions","status":"in_progress","created_at":{{u:2:2}}}`)
	scripted{
		rule: "groq-api-key", secret: key, authorized: bearer(key),
		dead: `{"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}}`,
		routes: map[string][]string{
			"/openai/v1/models":  {`{"object":"list","data":[{"id":"llama-3.3-70b-versatile","owned_by":"Meta"},{"id":"whisper-large-v3","owned_by":"OpenAI"}]}`},
			"/openai/v1/files":   {`{"object":"list","data":[{"id":"file_1","filename":"batch.jsonl","purpose":"batch","bytes":4096,"created_at":1700000000}]}`},
			"/openai/v1/batches": {`{"object":"list","data":` + join(batches...) + `}`},
		},
		permissions: []string{"GroqCloud API"},
		resources:   map[string]int{"models": 2, "files": 1},
		flags:       [][2]string{{"target", "/v1/audio/transcriptions"}},
		notFlags:    [][2]string{{"target", "/v1/chat/completions"}},
		sinceLeak:   6,
		deny:        "/openai/v1/batches", wantDenied: "HTTP 403", limit: "/openai/v1/models",
	}.run(t)
}

func TestCohereKey(t *testing.T) {
	const key = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"
	jobs := append(repeat(-10, 5, `{"job_id":"j{{D}}","name":"nightly","status":"complete","created_at":"{{t:{{D}}}}","model":"embed-english-v3.0"}`),
		`{"job_id":"jx","name":"","status":"processing","created_at":"{{t:1:1}}","model":"embed-multilingual-v3.0"}`)
	scripted{
		rule: "cohere-api-key", secret: key, authorized: bearer(key),
		dead: `{"message":"invalid api token"}`,
		routes: map[string][]string{
			"/v1/models": {
				`{"models":[{"name":"command-r-plus","endpoints":["chat","generate"]}],"next_page_token":"p2"}`,
				`{"models":[{"name":"embed-english-v3.0","endpoints":["embed"]}]}`},
			"/v1/datasets":   {`{"datasets":[{"id":"d1","name":"tickets","dataset_type":"embed-input","validation_status":"validated"}]}`},
			"/v1/embed-jobs": {`{"embed_jobs":` + join(jobs...) + `}`},
		},
		permissions: []string{"Cohere API"},
		resources:   map[string]int{"models": 2, "datasets": 1},
		flags:       [][2]string{{"target", "embed-multilingual-v3.0"}},
		notFlags:    [][2]string{{"target", "embed-english-v3.0"}},
		paged:       []string{"/v1/models"}, nextQuery: map[string]string{"/v1/models": "page_token=p2"}, sinceLeak: 6,
		deny: "/v1/embed-jobs", wantDenied: "HTTP 403", limit: "/v1/datasets",
	}.run(t)
}
