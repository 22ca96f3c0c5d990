// The race detector slows the pure-Go SQLite engine about tenfold, which
// would push this bounded load test past a minute; `make test` runs it in a
// separate, uninstrumented pass (concurrency itself is race-tested by
// TestConcurrentIngest in internal/store).

//go:build !race

package server

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestLoadIngest sends 1,000 scan reports holding 50,000 occurrences in
// all, from 16 concurrent clients over loopback HTTP, to a SQLite-backed
// server, then checks that every occurrence was recorded exactly once,
// also after 100 of the reports are sent again. Bounded: fixed counts,
// loopback only, a deadline.
func TestLoadIngest(t *testing.T) {
	const (
		reports   = 1000
		perReport = 50
		secrets   = 400 // shared across reports, so incidents are hit concurrently
		clients   = 16
	)
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, nil)
	token := e.tokens["member"]
	secretList := make([]string, secrets)
	for i := range secretList {
		secretList[i] = secretFor(uint64(1000 + i))
	}
	build := func(r int) ScanReport {
		rep := ScanReport{ReportID: fmt.Sprintf("load-%d", r), Tool: "leakhound", Version: "load", Complete: true,
			Source: SourceIdentity{Kind: "git", Repository: fmt.Sprintf("https://git.example.test/org/repo-%d.git", r%50), Ref: "main"}}
		for i := range perReport {
			rep.Findings = append(rep.Findings, ReportedFinding{Finding: finding.Finding{RuleID: "github-personal-access-token",
				Location: finding.Location{Path: fmt.Sprintf("svc-%d/file-%d.env", r, i), Line: i + 1, Commit: fmt.Sprintf("%040d", r), Author: "dev", Date: time.Unix(1700000000, 0)},
				Secret:   secretList[(r*perReport+i)%secrets]}})
		}
		return rep
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	send := func(ids []int) (time.Duration, error) {
		start := time.Now()
		work := make(chan int)
		var wg sync.WaitGroup
		var failed atomic.Value
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range work {
					rep := build(r)
					code, body := e.do(t, "POST", "/api/v1/scans", token, rep)
					if code != 201 && code != 200 {
						failed.Store(fmt.Errorf("report %d: %d %s", r, code, body))
					}
				}
			}()
		}
		for _, r := range ids {
			select {
			case work <- r:
			case <-ctx.Done():
			}
		}
		close(work)
		wg.Wait()
		if err, _ := failed.Load().(error); err != nil {
			return 0, err
		}
		return time.Since(start), ctx.Err()
	}
	all := make([]int, reports)
	for i := range all {
		all[i] = i
	}
	elapsed, err := send(all)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ingested %d reports, %d occurrences in %.2fs: %.0f reports/s, %.0f occurrences/s (%d clients, SQLite)",
		reports, reports*perReport, elapsed.Seconds(), reports/elapsed.Seconds(), reports*perReport/elapsed.Seconds(), clients)

	check := func() {
		t.Helper()
		incs, n, err := st.ListIncidents(ctx, store.IncidentFilter{Page: store.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		if n != secrets {
			t.Fatalf("%d incidents, want %d", n, secrets)
		}
		total := 0
		for _, inc := range incs {
			total += inc.Occurrences
		}
		if total != reports*perReport {
			t.Fatalf("%d occurrences, want %d: lost or duplicated", total, reports*perReport)
		}
		_, scans, err := st.Scans(ctx, store.Page{Limit: 1})
		if err != nil || scans != reports {
			t.Fatalf("%d scans, want %d (%v)", scans, reports, err)
		}
	}
	check()
	// Re-sending reports (clients retrying) records nothing twice.
	again := all[:100]
	if _, err := send(again); err != nil {
		t.Fatal(err)
	}
	check()
}

// TestLoadLargeReportInBatches reports a scan of 500,000 findings (5,000
// secrets, 100 places each) through the real client and server to SQLite:
// the client splits it into batches under one report id and the result is
// one complete scan holding every place once. (One request used to be
// refused above 200,000 findings, recording nothing.)
func TestLoadLargeReportInBatches(t *testing.T) {
	const findings, secrets = 500000, 5000
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, nil)
	secretList := make([]string, secrets)
	for i := range secretList {
		secretList[i] = secretFor(uint64(5000 + i))
	}
	rep := &ScanReport{ReportID: "half-a-million", Tool: "leakhound", Version: "load", Complete: true,
		Source: SourceIdentity{Kind: "git", Repository: "https://git.example.test/org/monorepo.git", Ref: "main"}}
	rep.Findings = make([]ReportedFinding, findings)
	for i := range rep.Findings {
		rep.Findings[i] = ReportedFinding{Finding: finding.Finding{RuleID: "github-personal-access-token", Location: finding.Location{Path: fmt.Sprintf("svc-%d/config.env", i/secrets),
			Line: i%secrets + 1, Commit: fmt.Sprintf("%040x", i/secrets)}, Secret: secretList[i%secrets]}}
	}
	start := time.Now()
	res, err := (&Client{BaseURL: e.http.URL, Token: e.tokens["member"]}).Send(context.Background(), rep)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reported %d findings in %d batches in %.1fs", findings, res.Batches, time.Since(start).Seconds())
	if !res.Complete || res.Findings != findings || res.NewIncidents != secrets || res.BatchesReceived != res.Batches || res.Batches < 2 {
		t.Fatalf("receipt: %+v", res)
	}
	scans, n, err := st.Scans(context.Background(), store.Page{})
	if err != nil || n != 1 || scans[0].Findings != findings || !scans[0].Complete {
		t.Fatalf("scans: %+v %d %v", scans, n, err)
	}
	total := 0
	for offset := 0; ; offset += 500 {
		incs, n, err := st.ListIncidents(context.Background(), store.IncidentFilter{Page: store.Page{Limit: 500, Offset: offset}})
		if err != nil {
			t.Fatal(err)
		}
		for _, inc := range incs {
			total += inc.Occurrences
		}
		if offset+len(incs) >= n {
			break
		}
	}
	if total != findings {
		t.Fatalf("%d occurrences, want %d", total, findings)
	}
}
