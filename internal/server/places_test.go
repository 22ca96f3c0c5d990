package server

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestScanWithPlacesRecordsEachPlace: a finding sent with its places (the
// scan's own shape, rather than one finding per place as the client
// sends) is one incident with an occurrence at each place, none lost.
func TestScanWithPlacesRecordsEachPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		secret := secretFor(61)
		day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		places := []finding.Location{
			{Path: "config/app.env", Line: 1, Column: 14, Commit: strings.Repeat("a", 40), Author: "Ann", Date: day},
			{Path: "deploy/app.env", Line: 1, Column: 14, Commit: strings.Repeat("b", 40), Author: "Bob", Date: day.AddDate(0, 0, 1)},
			{Path: "other.txt", Line: 2, Column: 5, Commit: strings.Repeat("c", 40), Author: "Cy", Date: day.AddDate(0, 0, 2)},
		}
		rep := scanReport("places", secret)
		rep.Findings = []ReportedFinding{{Finding: finding.Finding{RuleID: "github-personal-access-token", Location: places[0], Places: places, Secret: secret}}}
		if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != http.StatusCreated {
			t.Fatalf("POST: %d %s", code, body)
		}
		incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{Page: store.Page{Limit: 10}})
		if err != nil || len(incs) != 1 {
			t.Fatalf("incidents %+v %v", incs, err)
		}
		occs, _, err := st.Occurrences(context.Background(), incs[0].ID, store.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, o := range occs {
			got = append(got, fmt.Sprintf("%s:%d:%d %s %s", o.Path, o.Line, o.Column, o.Commit[:1], o.Author))
		}
		for _, p := range places {
			want = append(want, fmt.Sprintf("%s:%d:%d %s %s", p.Path, p.Line, p.Column, p.Commit[:1], p.Author))
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("occurrences\n got %v\nwant %v", got, want)
		}
	})
}
