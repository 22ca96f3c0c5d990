package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/validate"
)

func TestInvestigateAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		secret := secretFor(44)
		// The provider knows another token: this one has been revoked.
		github := fakeGitHub(t, secretFor(45), time.Now().Add(-72*time.Hour))
		checker, err := validate.New(validate.Options{Client: github.Client(), Hosts: map[string]string{"api.github.com": github.URL}})
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, st, func(c *Config) {
			c.Keys.Secret = bytes.Repeat([]byte{3}, 32)
			c.Investigate = NewInvestigator(checker)
		})
		if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("a", secret, "a.env")); code != http.StatusCreated {
			t.Fatalf("scan: %d %s", code, body)
		}
		incs, _, _ := st.ListIncidents(context.Background(), store.IncidentFilter{})
		p := fmt.Sprintf("/api/v1/incidents/%d", incs[0].ID)
		if code, body := e.do(t, "GET", p+"/investigation", e.tokens["viewer"], nil); code != http.StatusNotFound {
			t.Errorf("before any: %d %s", code, body)
		}
		code, body := e.do(t, "POST", p+"/investigate", e.tokens["member"], nil)
		if code != 200 || !bytes.Contains(body, []byte("key is not valid")) || !bytes.Contains(body, []byte(`"flagged": false`)) {
			t.Errorf("revoked key: %d %s", code, body)
		}
		entries, _, err := st.Audit(context.Background(), incs[0].ID, store.Page{Limit: 1})
		if err != nil || entries[0].Action != "investigation" || entries[0].Actor != "token:member-token" {
			t.Errorf("audit: %+v %v", entries, err)
		}

		// Without the secret key the server keeps no secret to investigate.
		e2 := newEnv(t, storetest.Open(t, storetest.SQLiteDSN(t)), func(c *Config) { c.Investigate = NewInvestigator(checker) })
		if code, body := e2.do(t, "POST", "/api/v1/scans", e2.tokens["member"], scanReport("b", secret, "a.env")); code != http.StatusCreated {
			t.Fatalf("scan: %d %s", code, body)
		}
		incs2, _, _ := e2.store.ListIncidents(context.Background(), store.IncidentFilter{})
		if code, body := e2.do(t, "POST", fmt.Sprintf("/api/v1/incidents/%d/investigate", incs2[0].ID), e2.tokens["admin"], nil); code != http.StatusConflict || !bytes.Contains(body, []byte("LEAKHOUND_SECRET_KEY")) {
			t.Errorf("no secret key: %d %s", code, body)
		}
	})
}
