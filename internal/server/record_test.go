package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestRecordAndRevalidateOpen: a worker's result becomes an incident (once,
// however often the job is retried), and the periodic revalidation checks
// open incidents whose secret is kept.
func TestRecordAndRevalidateOpen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		secret := secretFor(9)
		checks := 0
		e := newEnv(t, st, func(c *Config) {
			c.Keys.Secret = bytes.Repeat([]byte("s"), 32)
			c.Validate = func(ctx context.Context, r *rule.Rule, got, pair string) store.ValidityCheck {
				checks++
				if got != secret {
					t.Errorf("revalidated the wrong secret")
				}
				return store.ValidityCheck{Status: "valid", Reason: "HTTP 200", CheckedAt: time.Now()}
			}
		})
		res := jobs.Result{ReportID: "push:github:d-9:refs/heads/main", Source: "push", Platform: "github", Repository: "octo/app",
			WebURL: "https://github.test/octo/app", Ref: "refs/heads/main", Commit: "c0ffee",
			Findings: []finding.Finding{{RuleID: "github-personal-access-token", Location: finding.Location{Path: "a.env", Line: 1}, RawSecret: secret}}}
		for i := 0; i < 2; i++ { // a retried job records the same result again
			if err := e.srv.Record(context.Background(), res); err != nil {
				t.Fatal(err)
			}
		}
		incs, n, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
		if err != nil || n != 1 || incs[0].Occurrences != 1 {
			t.Fatalf("incidents %+v %v", incs, err)
		}
		if err := e.srv.RevalidateOpen(context.Background()); err != nil {
			t.Fatal(err)
		}
		inc, err := st.Incident(context.Background(), incs[0].ID)
		if err != nil || checks != 1 || inc.Validity != "valid" {
			t.Errorf("after revalidation: checks=%d validity=%q %v", checks, inc.Validity, err)
		}
	})
}

// TestRevalidateOpenGoesPastAnUnreadableSecret: an incident whose kept
// secret no longer decrypts (LEAKHOUND_SECRET_KEY rotated) does not stop
// the periodic revalidation of the incidents listed after it; it shows
// that it could not be re-checked and why, the log names it without the
// secret, and a member's re-check and investigation of it answer the same
// problem instead of an internal error.
func TestRevalidateOpenGoesPastAnUnreadableSecret(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		var log bytes.Buffer
		checked := map[string]bool{}
		validator := func(ctx context.Context, r *rule.Rule, got, pair string) store.ValidityCheck {
			checked[got] = true
			return store.ValidityCheck{Status: "valid", Reason: "HTTP 200", CheckedAt: time.Now()}
		}
		e := newEnv(t, st, func(c *Config) {
			c.Keys.Secret = bytes.Repeat([]byte("n"), 32)
			c.Validate, c.Logger = validator, slog.New(slog.NewTextHandler(&log, nil))
			c.Investigate = func(context.Context, *rule.Rule, string, string, time.Time) (store.Investigation, error) {
				t.Error("investigated a secret that does not decrypt")
				return store.Investigation{}, nil
			}
		})
		// The same database under the key it had before the rotation.
		before, err := New(Config{Store: st, Rules: testRules(t), Keys: Keys{Fingerprint: bytes.Repeat([]byte("k"), 32), Secret: bytes.Repeat([]byte("o"), 32)}})
		if err != nil {
			t.Fatal(err)
		}
		record := func(srv *Server, n int, secret string) {
			t.Helper()
			res := jobs.Result{ReportID: fmt.Sprintf("push:github:d-%d:refs/heads/main", n), Source: "push", Platform: "github", Repository: "octo/app",
				Ref: "refs/heads/main", Commit: "c0ffee", Findings: []finding.Finding{{RuleID: "github-personal-access-token",
					Location: finding.Location{Path: fmt.Sprintf("f%d.env", n), Line: 1}, RawSecret: secret}}}
			if err := srv.Record(ctx, res); err != nil {
				t.Fatal(err)
			}
		}
		first, old, last := secretFor(31), secretFor(32), secretFor(33)
		record(e.srv, 1, first)
		record(before, 2, old) // listed between the two others
		record(e.srv, 3, last)
		if err := e.srv.RevalidateOpen(ctx); err != nil {
			t.Fatalf("revalidation failed for a problem of one incident: %v", err)
		}
		if !checked[first] || !checked[last] || checked[old] || len(checked) != 2 {
			t.Errorf("checked %d secrets; first %v, last %v", len(checked), checked[first], checked[last])
		}
		bad := incidentAt(t, st, "github-personal-access-token", "f2.env")
		if bad.Validity != "unknown" || !strings.Contains(bad.ValidityReason, "not re-checked") || !strings.Contains(bad.ValidityReason, "does not decrypt") {
			t.Errorf("unreadable incident shows %q: %q", bad.Validity, bad.ValidityReason)
		}
		for _, path := range []string{"f1.env", "f3.env"} {
			if inc := incidentAt(t, st, "github-personal-access-token", path); inc.Validity != "valid" {
				t.Errorf("%s: validity %q", path, inc.Validity)
			}
		}
		if got := log.String(); !strings.Contains(got, fmt.Sprintf("incident=%d", bad.ID)) || strings.Contains(got, old) {
			t.Errorf("log does not name incident %d, or names its secret:\n%s", bad.ID, got)
		}
		code, body := e.do(t, http.MethodPost, fmt.Sprintf("/api/v1/incidents/%d/validate", bad.ID), e.tokens[store.RoleMember], nil)
		if code != http.StatusOK || !strings.Contains(string(body), `"unknown"`) || !strings.Contains(string(body), "does not decrypt") {
			t.Errorf("re-check: %d %s", code, body)
		}
		code, body = e.do(t, http.MethodPost, fmt.Sprintf("/api/v1/incidents/%d/investigate", bad.ID), e.tokens[store.RoleMember], nil)
		if code != http.StatusConflict || !strings.Contains(string(body), codeSecretUnreadable) {
			t.Errorf("investigation: %d %s", code, body)
		}
		// The next report of that secret replaces the unreadable copy
		// (a readable one is never replaced: the first report's stays).
		record(e.srv, 4, old)
		clear(checked)
		if err := e.srv.RevalidateOpen(ctx); err != nil {
			t.Fatal(err)
		}
		if bad, err = st.Incident(ctx, bad.ID); err != nil || !checked[old] || bad.Validity != "valid" {
			t.Errorf("after the secret was reported again: checked %v, %+v %v", checked[old], bad, err)
		}
	})
}

// TestRevalidateOpenStartsWithTheLeastRecentlyChecked: a run cut short
// (here after its first check) does not starve the rest: the next run
// checks the incidents the first never reached before the one it did.
func TestRevalidateOpenStartsWithTheLeastRecentlyChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		var order []string
		var stop context.CancelFunc
		e := newEnv(t, st, func(c *Config) {
			c.Keys.Secret = bytes.Repeat([]byte("s"), 32)
			c.Validate = func(ctx context.Context, r *rule.Rule, got, pair string) store.ValidityCheck {
				order = append(order, got)
				if stop != nil {
					stop() // the run ends here, as at the job's timeout
				}
				return store.ValidityCheck{Status: "valid", Reason: "HTTP 200", CheckedAt: time.Now()}
			}
		})
		var secrets []string
		for i := range 3 {
			secrets = append(secrets, secretFor(uint64(40+i)))
			res := jobs.Result{ReportID: fmt.Sprintf("push:github:d-4%d:refs/heads/main", i), Source: "push", Platform: "github", Repository: "octo/app",
				Ref: "refs/heads/main", Commit: "c0ffee", Findings: []finding.Finding{{RuleID: "github-personal-access-token",
					Location: finding.Location{Path: fmt.Sprintf("f%d.env", i), Line: 1}, RawSecret: secrets[i]}}}
			if err := e.srv.Record(context.Background(), res); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		stop = cancel
		if err := e.srv.RevalidateOpen(ctx); err == nil {
			t.Fatal("a run cut short reported success")
		}
		if len(order) != 1 {
			t.Fatalf("checked %d before the run was cut", len(order))
		}
		first := order[0]
		stop, order = nil, nil
		if err := e.srv.RevalidateOpen(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(order) != 3 || order[2] != first || order[0] == first || order[1] == first {
			t.Errorf("second run checked %d, the one already checked at position %d", len(order), slices.Index(order, first))
		}
	})
}
