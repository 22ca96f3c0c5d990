package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestPeriodicRecheckAuditsOnlyChanges: the periodic re-check writes an
// audit entry when an incident's validity status changes, not for every
// unchanged answer, while the incident's checked time and the validity
// history follow every check; a member's re-check is always audited.
func TestPeriodicRecheckAuditsOnlyChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		answer := "valid"
		e := newEnv(t, st, func(c *Config) {
			c.Keys.Secret = bytes.Repeat([]byte("s"), 32)
			c.Validate = func(ctx context.Context, r *rule.Rule, got, pair string) store.ValidityCheck {
				return store.ValidityCheck{Status: answer, Reason: "HTTP " + answer, CheckedAt: time.Now()}
			}
		})
		res := jobs.Result{ReportID: "push:github:d-a:refs/heads/main", Source: "push", Platform: "github", Repository: "octo/app",
			Ref: "refs/heads/main", Commit: "c0ffee", Findings: []finding.Finding{{RuleID: "github-personal-access-token",
				Location: finding.Location{Path: "a.env", Line: 1}, RawSecret: secretFor(77)}}}
		if err := e.srv.Record(ctx, res); err != nil {
			t.Fatal(err)
		}
		id := incidentAt(t, st, "github-personal-access-token", "a.env").ID
		validityAudits := func() []string {
			t.Helper()
			entries, _, err := st.Audit(ctx, id, store.Page{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range entries {
				if a.Action == "validity" {
					out = append([]string{a.Actor + ": " + a.Detail}, out...)
				}
			}
			return out
		}
		var checkedAt []time.Time
		run := func() {
			t.Helper()
			if err := e.srv.RevalidateOpen(ctx); err != nil {
				t.Fatal(err)
			}
			inc, err := st.Incident(ctx, id)
			if err != nil || inc.ValidityCheckedAt == nil {
				t.Fatalf("incident %+v %v", inc, err)
			}
			checkedAt = append(checkedAt, *inc.ValidityCheckedAt)
		}
		for range 4 {
			run()
		}
		if got := validityAudits(); len(got) != 1 || !strings.Contains(got[0], "not checked → valid") {
			t.Fatalf("after 4 unchanged periodic checks, validity audit entries: %q", got)
		}
		answer = "invalid"
		run()
		run()
		got := validityAudits()
		if len(got) != 2 || !strings.Contains(got[1], "revalidate job: valid → invalid") {
			t.Fatalf("after a change, validity audit entries: %q", got)
		}
		for i := 1; i < len(checkedAt); i++ {
			if !checkedAt[i].After(checkedAt[i-1]) {
				t.Errorf("check %d did not move the incident's checked time: %v then %v", i, checkedAt[i-1], checkedAt[i])
			}
		}
		// Six checks, two answers: two runs of history.
		if hist, err := st.ValidityHistory(ctx, id); err != nil || len(hist) != 2 ||
			hist[0].Status != "invalid" || hist[0].Checks != 2 || hist[1].Status != "valid" || hist[1].Checks != 4 {
			t.Errorf("validity history: %+v %v", hist, err)
		}
		code, body := e.do(t, http.MethodGet, fmt.Sprintf("/api/v1/incidents/%d", id), e.tokens[store.RoleViewer], nil)
		var api struct {
			History []struct {
				Status string     `json:"status"`
				Last   *time.Time `json:"last_checked_at"`
				Checks int        `json:"checks"`
			} `json:"validity_history"`
		}
		if err := json.Unmarshal(body, &api); code != http.StatusOK || err != nil || len(api.History) != 2 ||
			api.History[1].Checks != 4 || api.History[1].Last == nil || !api.History[1].Last.Equal(checkedAt[3]) {
			t.Errorf("the API's validity history: %d %s (%v), want the valid run's 4 checks ending %v", code, body, err, checkedAt[3])
		}
		code, body = e.do(t, http.MethodPost, fmt.Sprintf("/api/v1/incidents/%d/validate", id), e.tokens[store.RoleMember], nil)
		if code != http.StatusOK {
			t.Fatalf("re-check: %d %s", code, body)
		}
		if got := validityAudits(); len(got) != 3 || !strings.HasPrefix(got[2], "token:member-token: checked: invalid") {
			t.Fatalf("a member's unchanged re-check is not audited: %q", got)
		}
	})
}
