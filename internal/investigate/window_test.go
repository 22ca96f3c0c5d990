package investigate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestActivityWindowBoundedByMaxDays: PagerDuty answers an audit query
// whose until is more than 31 days after its since with HTTP 400, and the
// default 30-day baseline asked for 35 days, so every investigation of a
// PagerDuty key ended in a failed step. The step's max_days starts the
// window 31 days before its end and its log says so; when that start is
// after the leak, activity since the leak was not read whole and the
// report says the activity is incomplete.
func TestActivityWindowBoundedByMaxDays(t *testing.T) {
	const key = "y_NbAkKc66ryYTWUXYEu"
	pagerduty := func(t *testing.T) *vendor {
		return &vendor{t: t,
			authorized: func(r *http.Request) bool { return r.Header.Get("Authorization") == "Token token="+key },
			unauthorized: func(w http.ResponseWriter) {
				w.WriteHeader(401)
				writeJSON(w, map[string]any{"error": map[string]any{"message": "Authentication failed", "code": 2006}})
			},
			routes: map[string]http.HandlerFunc{
				"/abilities": func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, map[string]any{"abilities": []string{"audit_trail"}})
				},
				"/services": func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, map[string]any{"services": []any{}, "limit": 100, "offset": 0, "total": 0, "more": false})
				},
				"/users": func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, map[string]any{"users": []any{}, "limit": 100, "offset": 0, "total": 0, "more": false})
				},
				"/audit/records": func(w http.ResponseWriter, r *http.Request) {
					since, err1 := time.Parse(time.RFC3339, r.URL.Query().Get("since"))
					until, err2 := time.Parse(time.RFC3339, r.URL.Query().Get("until"))
					if err1 != nil || err2 != nil || until.Sub(since) > 31*24*time.Hour {
						w.WriteHeader(400)
						writeJSON(w, map[string]any{"error": map[string]any{"message": "Invalid Input Provided", "code": 2001}})
						return
					}
					writeJSON(w, map[string]any{"records": []any{}, "limit": 100, "next_cursor": nil})
				},
			}}
	}
	stepLog := func(rep *Report) StepLog {
		for _, s := range rep.Steps {
			if s.Name == "audit records" {
				return s
			}
		}
		return StepLog{}
	}

	rep := runOnce(t, "pagerduty-api-key", key, "", pagerduty(t), Options{})
	if s := stepLog(rep); s.Status != StepOK || !strings.Contains(s.Detail, "at most 31 days") {
		t.Errorf("audit records with a 35-day window: %+v", s)
	}
	if rep.Activity == nil || rep.Activity.Truncated {
		t.Errorf("a window cut in the baseline only is not incomplete activity: %+v", rep.Activity)
	}

	// A leak 40 days ago: the last 31 days miss its first 9.
	r := catalogue(t)["pagerduty-api-key"]
	srv := httptest.NewServer(pagerduty(t))
	defer srv.Close()
	rep, err := Run(context.Background(), r, key, "", Options{Checker: investigator(t, srv, r, nil),
		Since: testNow.Add(-40 * 24 * time.Hour), Baseline: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if s := stepLog(rep); s.Status != StepOK {
		t.Errorf("audit records of a leak 40 days ago: %+v", s)
	}
	if rep.Activity == nil || !rep.Activity.Truncated {
		t.Errorf("activity since a leak 40 days ago, read for 31 days only, is not marked incomplete: %+v", rep.Activity)
	}
}
