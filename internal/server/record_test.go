package server

import (
	"bytes"
	"context"
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
