package validate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestGCPKeyLookedUpInPublishedCertificates answers as Google's OAuth2
// service account API does: the public certificates of an account's keys
// as a JSON object keyed by key id, 404 for an account it does not know.
// A key id listed there is valid, one absent (a deleted key) invalid, an
// unknown account invalid; a key file without its client_email is
// unknown. The key id never leaves the machine: the fake fails the test
// if any request carries it.
func TestGCPKeyLookedUpInPublishedCertificates(t *testing.T) {
	byID := catalogue(t)
	r := byID["gcp-service-account-key"]
	const (
		account = "deployer@billing-prod-4821.iam.gserviceaccount.com"
		liveKey = "1e08c26703bd0f9354fb28c55d0fbfaf45e51041"
		oldKey  = "5b432c0b2e22111c2bf5240e3190fe9258e6a0f1"
		other   = "0a8f3f7cbb2d19f6a3d0c2e4b5a6978812ab34cd"
	)
	var asked atomic.Int32
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		asked.Add(1)
		if strings.Contains(req.URL.String(), liveKey) || strings.Contains(req.URL.String(), oldKey) || len(req.Header.Values("Authorization")) > 0 {
			t.Errorf("the request carried a key id or credentials: %s %v", req.URL, req.Header)
		}
		if req.Method != http.MethodGet || req.URL.Path != "/service_accounts/v1/metadata/x509/"+account {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"code":404,"message":"Not Found","status":"NOT_FOUND"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	published := fmt.Sprintf(`{
  %q: "-----BEGIN CERTIFICATE-----\nMIIC+jCCAeKgAwIBAgIIbXlwdWJsaWMwDQYJKoZIhvcNAQEFBQAw\n-----END CERTIFICATE-----\n",
  %q: "-----BEGIN CERTIFICATE-----\nMIIC+jCCAeKgAwIBAgIIb3RoZXJrZXkwDQYJKoZIhvcNAQEFBQAw\n-----END CERTIFICATE-----\n"
}`, liveKey, other)
	for _, tc := range []struct {
		name, body, key, account string
		want                     Status
		reason                   string
	}{
		{"published key", published, liveKey, account, Valid, "among the 2 keys published"},
		{"deleted key", published, oldKey, account, Invalid, "not among the 2 keys published"},
		{"unknown account", published, liveKey, "gone@billing-prod-4821.iam.gserviceaccount.com", Invalid, "HTTP 404"},
		{"no client_email beside the key", published, liveKey, "", Unknown, "gcp-service-account-email"},
		{"a 200 that is not the list", "<html><body>Sign in to continue</body></html>", liveKey, account, Unknown, "without the JSON list"},
		{"a JSON 200 that is not an object", `["not", "a", "map"]`, liveKey, account, Unknown, "without the JSON list"},
	} {
		body = tc.body
		asked.Store(0)
		c := checker(t, srv, byID, nil)
		got := c.Check(context.Background(), r, tc.key, tc.account)
		if got.Status != tc.want || !strings.Contains(got.Reason, tc.reason) {
			t.Errorf("%s: %s (%s), want %s (%s)", tc.name, got.Status, got.Reason, tc.want, tc.reason)
		}
		if tc.account == "" && asked.Load() != 0 {
			t.Errorf("%s: asked Google %d times without an account to name", tc.name, asked.Load())
		}
	}
}
