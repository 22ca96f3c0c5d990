package validate

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestMidtransOrderThatDoesNotExist: the Midtrans check asks for the
// status of an order no one made, so a live server key gets Midtrans'
// "Transaction doesn't exist" (as a 404, or inside a 200 on older
// answers) and a refused one 401, either as the status or inside the
// body. A sandbox key, refused by production, is found on the sandbox.
func TestMidtransOrderThatDoesNotExist(t *testing.T) {
	byID := catalogue(t)
	r := byID["midtrans-server-key"]
	const prodKey, sandboxKey = "Mid-server-AbCdEfGhIjKlMnOpQrStUvWx", "SB-Mid-server-AbCdEfGhIjKlMnOpQrStUvWx"
	var oldStyle bool
	hosts := map[string]string{}
	for host, key := range map[string]string{"api.midtrans.com": prodKey, "api.sandbox.midtrans.com": sandboxKey} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			user, pw, ok := req.BasicAuth()
			known := ok && user == key && pw == "" && req.URL.Path == "/v2/leakhound-validity-check/status"
			switch {
			case known && oldStyle:
				io.WriteString(w, `{"status_code":"404","status_message":"Transaction doesn't exist."}`)
			case known:
				w.WriteHeader(http.StatusNotFound)
				io.WriteString(w, `{"status_code":"404","status_message":"Transaction doesn't exist."}`)
			case oldStyle:
				io.WriteString(w, `{"status_code":"401","status_message":"Access denied due to unauthorized transaction, please check client or server key"}`)
			default:
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"status_code":"401","status_message":"Access denied due to unauthorized transaction, please check client or server key"}`)
			}
		}))
		defer srv.Close()
		hosts[host] = srv.URL
	}
	for _, old := range []bool{false, true} {
		oldStyle = old
		c, err := New(Options{Hosts: hosts, Rules: byID})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Check(context.Background(), r, prodKey, ""); got.Status != Valid {
			t.Errorf("production key (200-wrapped %v): %+v", old, got)
		}
		if got := c.Check(context.Background(), r, sandboxKey, ""); got.Status != Valid || !strings.HasSuffix(got.Reason, "at api.sandbox.midtrans.com") {
			t.Errorf("sandbox key (200-wrapped %v): %+v", old, got)
		}
		if got := c.Check(context.Background(), r, "Mid-server-ZZZZZZZZZZZZZZZZZZZZZZZZ", ""); got.Status != Invalid {
			t.Errorf("revoked key (200-wrapped %v): %+v", old, got)
		}
	}
}

// TestUnkeyRootKeyErrors follows the errors Unkey documents for a bad
// root key: 401 key_not_found and 403 key_disabled or forbidden (expired)
// are dead keys, 403 insufficient_permissions is a live key without the
// permission, and a 403 that names none of them stays unknown.
func TestUnkeyRootKeyErrors(t *testing.T) {
	byID := catalogue(t)
	r := byID["unkey-root-key"]
	answers := map[string]struct {
		status int
		code   string
	}{
		"unkey_LiveKeyWithPermission0001": {200, ""},
		"unkey_LiveKeyNoPermission000001": {403, "err:unkey:authorization:insufficient_permissions"},
		"unkey_DeletedKey000000000000001": {401, "err:unkey:authentication:key_not_found"},
		"unkey_DisabledKey00000000000001": {403, "err:unkey:authorization:key_disabled"},
		"unkey_ExpiredKey000000000000001": {403, "err:unkey:authorization:forbidden"},
		"unkey_WorkspaceDisabled00000001": {403, "err:unkey:authorization:workspace_disabled"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		a, ok := answers[strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")]
		if !ok || req.Method != http.MethodPost || req.URL.Path != "/v2/identities.listIdentities" || string(body) != `{"limit":1}` {
			t.Errorf("unexpected request %s %s %q", req.Method, req.URL.Path, body)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		if a.code == "" {
			io.WriteString(w, `{"meta":{"requestId":"req_1"},"data":[]}`)
			return
		}
		io.WriteString(w, `{"meta":{"requestId":"req_1"},"error":{"title":"x","detail":"x","status":`+strconv.Itoa(a.status)+`,"type":"https://unkey.com/docs/errors/unkey/x","code":"`+a.code+`"}}`)
	}))
	defer srv.Close()
	c := checker(t, srv, byID, nil)
	for key, want := range map[string]Status{
		"unkey_LiveKeyWithPermission0001": Valid,
		"unkey_LiveKeyNoPermission000001": Valid,
		"unkey_DeletedKey000000000000001": Invalid,
		"unkey_DisabledKey00000000000001": Invalid,
		"unkey_ExpiredKey000000000000001": Invalid,
		"unkey_WorkspaceDisabled00000001": Unknown,
	} {
		if got := c.Check(context.Background(), r, key, ""); got.Status != want {
			t.Errorf("%s: %s (%s), want %s", key, got.Status, got.Reason, want)
		}
	}
}

// TestBodyReadRefusals answers as three vendors document, with their own
// response bodies: UPC Database's account page and SERPHouse's account
// info say a good key's plan and figures and refuse a bad key in the body
// ("Your API Key is invalid", "Unauthenticated"), whatever status comes
// with the refusal; Moderation API's /api/v1/auth says "Valid API key".
// A 200 that is neither stays unknown rather than valid.
func TestBodyReadRefusals(t *testing.T) {
	byID := catalogue(t)
	const live = "K7QW2NX9RT4LM8ZP3VC6HB1JD5FG0YSA"
	cases := []struct {
		rule, path string
		good       string
		badStatus  int
		bad        string
	}{
		{"upcdatabase-api-key", "/account",
			`{"success": true, "email": "ops@example.com", "apikey_count": "7", "api_remain": {"lookups": "9774"}}`,
			http.StatusOK, `{"success": false, "error": {"message": "Your API Key is invalid. Please check the format.", "endpoint": "account"}}`},
		{"upcdatabase-api-key", "/account", `{"success": true, "apikey_count": "1"}`,
			http.StatusUnauthorized, `{"success": false, "error": {"message": "Your API Key is invalid. Please check the format."}}`},
		{"serphouse-api-key", "/account/info",
			`{"status": "success", "msg": "", "results": {"name": "tester", "plan": [{"name": "monthly", "plan_type": "monthly"}]}}`,
			http.StatusUnauthorized, `{"status": "error", "msg": "Unauthenticated"}`},
		{"moderationapi-api-key", "/api/v1/auth",
			`{"status": "success", "message": "Valid API key", "project": "My Project Name"}`,
			http.StatusUnauthorized, `{"status": "error", "message": "Unauthorized"}`},
	}
	for _, tc := range cases {
		r := byID[tc.rule]
		if r == nil || r.Validate == nil {
			t.Fatalf("%s: no validity check", tc.rule)
		}
		var other bool
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			switch {
			case req.URL.Path != tc.path:
				w.WriteHeader(http.StatusNotFound)
			case other:
				io.WriteString(w, `{"status": "ok"}`)
			case req.Header.Get("Authorization") == "Bearer "+live:
				io.WriteString(w, tc.good)
			default:
				w.WriteHeader(tc.badStatus)
				io.WriteString(w, tc.bad)
			}
		}))
		c := checker(t, srv, byID, nil)
		if got := c.Check(context.Background(), r, live, ""); got.Status != Valid {
			t.Errorf("%s: live key: %+v", tc.rule, got)
		}
		if got := c.Check(context.Background(), r, "Z"+live[1:], ""); got.Status != Invalid {
			t.Errorf("%s: refused key (status %d): %+v", tc.rule, tc.badStatus, got)
		}
		other = true // a key not asked before, as answers are cached
		if got := c.Check(context.Background(), r, "Y"+live[1:], ""); got.Status == Valid || got.Status == Invalid {
			t.Errorf("%s: an answer that is neither: %+v", tc.rule, got)
		}
		srv.Close()
	}
}
