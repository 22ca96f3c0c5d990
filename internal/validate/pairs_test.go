package validate

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTwoPartChecksReadTheVendorsAnswers drives the checks of two-part
// credentials against fakes that answer as each vendor documents, with the
// id and the secret where the vendor wants them. Answers that say nothing
// about the key (an IP allowlist, throttling, an environment the client is
// not enabled for) stay unknown.
func TestTwoPartChecksReadTheVendorsAnswers(t *testing.T) {
	byID := catalogue(t)
	const (
		twilioSID, twilioToken = "AC73d545ab7500b466646a6e8d7e7db664", "b0e0b6ef4ccc138cffc8a969479890e5"
		rzpID, rzpSecret       = "rzp_live_xcMYkBPJXZItGy", "ZwEz9gTlKUCmM9hWSrG88izn"
		plaidID, plaidProd     = "252288e17ce616a3ff4e774c", "2cb9ad2a58e6abcdba780aad2ef90f"
		plaidSandbox           = "48b8450254ccfb8df72c879e608548"
		fbApp, fbSecret        = "1459209328764531", "30fba635cb98f0b694800d2c6efe46c6"
	)
	// mode picks an answer that is neither yes nor no.
	var mode string
	mux := http.NewServeMux()
	mux.HandleFunc("/2010-04-01/Accounts/", func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		if r.URL.Path != "/2010-04-01/Accounts/"+twilioSID+".json" || user != twilioSID || pw != twilioToken {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"code": 20003, "message": "Authenticate", "status": 401}`)
			return
		}
		io.WriteString(w, `{"sid": "`+twilioSID+`", "status": "active"}`)
	})
	mux.HandleFunc("/v1/payments", func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		switch {
		case mode == "allowlist":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"code":"BAD_REQUEST_ERROR","description":"Access Denied","source":"NA","step":"NA","reason":"NA","metadata":{}}}`)
		case user != rzpID || pw != rzpSecret || r.URL.Query().Get("count") != "1":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid","source":"NA","step":"NA","reason":"NA","metadata":{}}}`)
		default:
			io.WriteString(w, `{"entity":"collection","count":0,"items":[]}`)
		}
	})
	plaid := func(secret string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				ClientID string `json:"client_id"`
				Secret   string `json:"secret"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			switch {
			case mode == "environment" && secret == plaidProd:
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error_type":"INVALID_INPUT","error_code":"UNAUTHORIZED_ENVIRONMENT","error_message":"you are not authorized to create items in this api environment."}`)
			case r.Method != http.MethodPost || body.ClientID != plaidID || body.Secret != secret:
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error_type":"INVALID_INPUT","error_code":"INVALID_API_KEYS","error_message":"invalid client_id or secret provided"}`)
			default:
				io.WriteString(w, `{"institutions":[],"total":1}`)
			}
		}
	}
	mux.HandleFunc("/"+fbApp, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case mode == "throttled":
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"A1b2"}}`)
		case r.URL.Query().Get("access_token") != fbApp+"|"+fbSecret:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"Invalid OAuth access token signature.","type":"OAuthException","code":190,"fbtrace_id":"A1b2"}}`)
		default:
			io.WriteString(w, `{"id":"`+fbApp+`"}`)
		}
	})
	main := httptest.NewServer(mux)
	defer main.Close()
	prod, sandbox := httptest.NewServer(plaid(plaidProd)), httptest.NewServer(plaid(plaidSandbox))
	defer prod.Close()
	defer sandbox.Close()
	hosts := map[string]string{"api.twilio.com": main.URL, "api.razorpay.com": main.URL, "graph.facebook.com": main.URL,
		"production.plaid.com": prod.URL, "sandbox.plaid.com": sandbox.URL}
	for _, tc := range []struct {
		mode, rule, secret, pair string
		want                     Status
		reason                   string
	}{
		{"", "twilio-auth-token", twilioToken, twilioSID, Valid, "HTTP 200"},
		{"", "twilio-auth-token", "00e0b6ef4ccc138cffc8a969479890e5", twilioSID, Invalid, "HTTP 401"},
		{"", "razorpay-key-secret", rzpSecret, rzpID, Valid, "HTTP 200"},
		{"", "razorpay-key-secret", "AAAAAAAAAAAAAAAAAAAAAAAA", rzpID, Invalid, "HTTP 401"},
		{"allowlist", "razorpay-key-secret", rzpSecret, rzpID, Unknown, "HTTP 401"},
		{"", "plaid-secret", plaidProd, plaidID, Valid, "HTTP 200"},
		{"", "plaid-secret", plaidSandbox, plaidID, Valid, "at sandbox.plaid.com"},
		{"", "plaid-secret", "000000000000000000000000000000", plaidID, Invalid, "refused at its 1 other regional hosts"},
		{"environment", "plaid-secret", plaidProd, plaidID, Unknown, "HTTP 400"},
		{"", "facebook-app-secret", fbSecret, fbApp, Valid, "HTTP 200"},
		{"", "facebook-app-secret", "00000000000000000000000000000000", fbApp, Invalid, "HTTP 400"},
		{"throttled", "facebook-app-secret", fbSecret, fbApp, Unknown, "HTTP 403"},
		{"", "twilio-auth-token", twilioToken, "", Unknown, "twilio-account-sid"},
	} {
		mode = tc.mode
		c, err := New(Options{Hosts: hosts, Rules: byID, Retries: 0})
		if err != nil {
			t.Fatal(err)
		}
		got := c.Check(context.Background(), byID[tc.rule], tc.secret, tc.pair)
		if got.Status != tc.want || !strings.Contains(got.Reason, tc.reason) {
			t.Errorf("%s %s (%s): %s (%s), want %s (%s)", tc.rule, tc.secret, tc.mode, got.Status, got.Reason, tc.want, tc.reason)
		}
	}
}
