package validate

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestTurnstileSiteverifyAnswers follows Cloudflare's documented
// siteverify errors: both answers are HTTP 200, and only the error code
// tells a secret Cloudflare does not know (invalid-input-secret) from a
// good secret sent with a token that verifies nothing
// (invalid-input-response). A success, which a made-up token never earns,
// stays unknown.
func TestTurnstileSiteverifyAnswers(t *testing.T) {
	byID := catalogue(t)
	r := byID["cloudflare-turnstile-secret-key"]
	const live, dead, lucky = "0x4AAAAAAAM9awdGDwcuCMGPYTZuHVvat77", "0x4AAAAAAAJ9OwPsgZt7BpYQ2OQBilCFXuF", "0x4AAAAAAAQ7xnTPzv2k8LbW3mRc5YdJ1sH"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		form, err := url.ParseQuery(string(body))
		if err != nil || req.Method != http.MethodPost || req.URL.Path != "/turnstile/v0/siteverify" || form.Get("response") == "" {
			t.Errorf("unexpected request %s %s %q", req.Method, req.URL.Path, body)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch form.Get("secret") {
		case live:
			io.WriteString(w, `{"success":false,"error-codes":["invalid-input-response"],"messages":[]}`)
		case lucky:
			io.WriteString(w, `{"success":true,"challenge_ts":"2026-11-30T20:00:00.000Z","hostname":"example.com","error-codes":[]}`)
		default:
			io.WriteString(w, `{"success":false,"error-codes":["invalid-input-secret"],"messages":[]}`)
		}
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	for secret, want := range map[string]Status{live: Valid, dead: Invalid, lucky: Unknown} {
		if got := c.Check(context.Background(), r, secret, ""); got.Status != want {
			t.Errorf("%s: %s (%s), want %s", secret, got.Status, got.Reason, want)
		}
	}
}

// TestAdyenKeyAnsweredByItsEnvironment: Adyen's test and live platforms
// each know only their own API keys and refuse others with 401, so a live
// key refused by the test host is asked again at the live host. A key
// without a Management API role gets 403, which says nothing either way.
func TestAdyenKeyAnsweredByItsEnvironment(t *testing.T) {
	byID := catalogue(t)
	r := byID["adyen-api-key"]
	const testKey, liveKey, noRole, revoked = "AQE-test-key", "AQE-live-key", "AQE-no-management-role", "AQE-revoked"
	hosts := map[string]string{}
	for host, known := range map[string]string{"management-test.adyen.com": testKey, "management-live.adyen.com": liveKey} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if req.URL.Path != "/v3/me" {
				t.Errorf("unexpected path %s", req.URL.Path)
			}
			w.Header().Set("Content-Type", "application/json")
			switch req.Header.Get("X-API-Key") {
			case known:
				io.WriteString(w, `{"id":"S2-1234","username":"ws_123456@Company.Acme","active":true,"roles":["Management API - Accounts read"]}`)
			case noRole:
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"status":403,"errorCode":"00_403","title":"Forbidden","detail":"Not allowed","type":"https://docs.adyen.com/errors/forbidden"}`)
			default:
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"status":401,"errorCode":"00_401","title":"Unauthorized","detail":"Not authorized to access this service.","type":"https://docs.adyen.com/errors/unauthorized"}`)
			}
		}))
		defer srv.Close()
		hosts[host] = srv.URL
	}
	c, err := New(Options{Hosts: hosts, Rules: byID})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Check(context.Background(), r, testKey, ""); got.Status != Valid {
		t.Errorf("test key: %+v", got)
	}
	if got := c.Check(context.Background(), r, liveKey, ""); got.Status != Valid || !strings.HasSuffix(got.Reason, "at management-live.adyen.com") {
		t.Errorf("live key: %+v", got)
	}
	if got := c.Check(context.Background(), r, revoked, ""); got.Status != Invalid {
		t.Errorf("revoked key: %+v", got)
	}
	if got := c.Check(context.Background(), r, noRole, ""); got.Status != Unknown {
		t.Errorf("key without a Management API role: %+v", got)
	}
}

// TestHoneycombManagementKeyIsSentWhole: a management key is the key id
// and the secret joined by a colon, sent as one Bearer token to /2/auth;
// the ingest and configuration endpoint (/1/auth) does not take it.
func TestHoneycombManagementKeyIsSentWhole(t *testing.T) {
	byID := catalogue(t)
	r := byID["honeycomb-management-key"]
	const key = "hcxmk_61j1e0bjgiacp4n63hlpl16c7t:1yzAzWE9g1Q4sfaBY1uVyym1iZvTWUoO"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/2/auth" && req.Header.Get("Authorization") == "Bearer "+key {
			io.WriteString(w, `{"data":{"id":"hcxmk_61j1e0bjgiacp4n63hlpl16c7t","type":"api-keys"}}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"unknown API key - check your credentials"}`)
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	if got := c.Check(context.Background(), r, key, ""); got.Status != Valid {
		t.Errorf("management key: %+v", got)
	}
	if got := c.Check(context.Background(), r, strings.Replace(key, ":1yz", ":0yz", 1), ""); got.Status != Invalid {
		t.Errorf("wrong secret: %+v", got)
	}
}

// TestVonageBalanceTakesKeyAndSecret: Vonage's balance read takes the API
// key and secret as basic auth, so the secret is checked only with the key
// found beside it, and a secret without its key is not sent at all.
func TestVonageBalanceTakesKeyAndSecret(t *testing.T) {
	byID := catalogue(t)
	r := byID["vonage-api-secret"]
	const key, secret = "5c2bb60c", "2AXFLPVcLe1A2DXH"
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls++
		user, pw, ok := req.BasicAuth()
		if ok && user == key && pw == secret && req.URL.Path == "/account/get-balance" {
			io.WriteString(w, `{"value":10.28,"autoReload":false}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"type":"https://developer.nexmo.com/api-errors#unauthorized","title":"Unauthorized"}`)
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	if got := c.Check(context.Background(), r, secret, key); got.Status != Valid {
		t.Errorf("key and secret: %+v", got)
	}
	if got := c.Check(context.Background(), r, "9DEADqJkYuR3mW1x", key); got.Status != Invalid {
		t.Errorf("revoked secret: %+v", got)
	}
	before := calls
	if got := c.Check(context.Background(), r, secret, ""); got.Status != Unknown || !strings.Contains(got.Reason, "vonage-api-key") || calls != before {
		t.Errorf("secret without its key: %+v (%d requests)", got, calls-before)
	}
}
