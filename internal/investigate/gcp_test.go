package investigate

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// gcpKeyFile writes a service-account key file around a new RSA key.
func gcpKeyFile(t *testing.T, keyID string) (string, *rsa.PrivateKey) {
	t.Helper()
	key, keyPEM := testutil.RSAKey(t)
	file, _ := json.MarshalIndent(map[string]string{
		"type": "service_account", "project_id": "acme-prod", "private_key_id": keyID,
		"private_key":  keyPEM,
		"client_email": "deployer@acme-prod.iam.gserviceaccount.com", "client_id": "1234567890",
		// Only data: the assertion always goes to Google's own endpoint.
		"token_uri": "https://collector.evil.example/token",
	}, "", "  ")
	return string(file), key
}

// googleAssertionOK checks a JWT bearer grant as Google's token endpoint
// does: RS256 over header.claims with the account's key, the audience,
// the issuer, and here also the read-only scope asked for.
func googleAssertionOK(r *http.Request, pub *rsa.PublicKey, keyID string) bool {
	form, err := url.ParseQuery(readAll(r))
	if err != nil || form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		return false
	}
	parts := strings.Split(form.Get("assertion"), ".")
	if len(parts) != 3 {
		return false
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		return false
	}
	var head, claims map[string]any
	h, _ := base64.RawURLEncoding.DecodeString(parts[0])
	c, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(h, &head) != nil || json.Unmarshal(c, &claims) != nil {
		return false
	}
	return head["alg"] == "RS256" && head["kid"] == keyID && claims["iss"] == "deployer@acme-prod.iam.gserviceaccount.com" &&
		claims["aud"] == "https://oauth2.googleapis.com/token" && claims["scope"] == "https://www.googleapis.com/auth/cloud-platform.read-only" &&
		claims["exp"].(float64)-claims["iat"].(float64) == 3600 && int64(claims["iat"].(float64)) == testNow.Unix()
}

func TestGCPServiceAccountKey(t *testing.T) {
	const keyID = "0123456789abcdef0123456789abcdef01234567"
	file, key := gcpKeyFile(t, keyID)
	var k gcpKey
	if err := json.Unmarshal([]byte(file), &k); err != nil {
		t.Fatal(err)
	}
	pemBody := strings.Split(k.PrivateKey, "\n")[1]
	dead, _ := gcpKeyFile(t, keyID)
	const token = "ya29.c.b0AXv0zTestToken"
	entry := `{"timestamp":"{{t:%s}}","protoPayload":{"methodName":"%s","serviceName":"%s","authenticationInfo":{"principalEmail":"deployer@acme-prod.iam.gserviceaccount.com","serviceAccountKeyName":"//iam.googleapis.com/projects/acme-prod/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com/keys/` + keyID + `"},"requestMetadata":{"callerIp":"%s","callerSuppliedUserAgent":"%s"}}}`
	var entries []string
	for _, d := range []string{"-20", "-10", "-3", "1", "2"} {
		entries = append(entries, sprintfEntry(entry, d, "storage.objects.create", "storage.googleapis.com", "35.200.1.10", "google-cloud-sdk gcloud/460.0.0"))
	}
	entries = append(entries, sprintfEntry(entry, "2:3", "v1.compute.instances.insert", "compute.googleapis.com", "185.220.101.4", "python-requests/2.31"))
	scripted{
		rule: "gcp-service-account-key", secret: file, deadSecret: dead, hidden: []string{token, pemBody}, hosts: []string{"oauth2.googleapis.com"},
		authorized: func(r *http.Request) bool {
			switch r.URL.Path {
			case "/token":
				return r.Method == http.MethodPost && googleAssertionOK(r, &key.PublicKey, keyID)
			case "/v2/entries:list":
				body := readAll(r)
				return r.Header.Get("Authorization") == "Bearer "+token && strings.Contains(body, `serviceAccountKeyName:\"`+keyID+`\"`) &&
					strings.Contains(body, `"resourceNames":["projects/acme-prod"]`) &&
					(strings.Contains(body, `"pageToken":""`) || strings.Contains(body, `"pageToken":"EAE4"`))
			}
			return r.Header.Get("Authorization") == "Bearer "+token
		},
		deadStatus: 400, dead: `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`,
		routes: map[string][]string{
			"/token":                 {`{"access_token":"` + token + `","expires_in":3599,"token_type":"Bearer"}`},
			"/v1/projects/acme-prod": {`{"projectNumber":"415104041262","projectId":"acme-prod","lifecycleState":"ACTIVE","name":"Acme Production"}`},
			"/v1/projects/acme-prod:testIamPermissions": {`{"permissions":["compute.instances.create","storage.buckets.list"]}`},
			"/v2/entries:list":                          {`{"entries":` + join(entries[:3]...) + `,"nextPageToken":"EAE4"}`, `{"entries":` + join(entries[3:]...) + `}`},
		},
		identity:    map[string]string{"service account": "deployer@acme-prod.iam.gserviceaccount.com", "project name": "Acme Production", "key id": keyID},
		permissions: []string{"compute.instances.create", "storage.buckets.list"},
		flags:       [][2]string{{"source", "185.220.101.4"}, {"agent", "python-requests/2.31"}},
		notFlags:    [][2]string{{"source", "35.200.1.10"}},
		paged:       []string{"/v2/entries:list"}, sinceLeak: 3,
		deny: "/v2/entries:list", wantDenied: "logging.logEntries.list", limit: "/token",
	}.run(t)
}

// sprintfEntry fills an audit log entry: its day, then method, service,
// caller IP and user agent in turn.
func sprintfEntry(format, day, method, service, ip, agent string) string {
	s := strings.Replace(format, "{{t:%s}}", "{{t:"+day+"}}", 1)
	for _, v := range []string{method, service, ip, agent} {
		s = strings.Replace(s, "%s", v, 1)
	}
	return s
}
