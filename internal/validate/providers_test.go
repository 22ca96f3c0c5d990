package validate

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
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
