package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

func item(fp, path string, line int) store.Item {
	return store.Item{KeyFP: fp, RuleID: "github-pat", RuleName: "GitHub token", Provider: "github", Severity: "critical",
		Preview: "ghp_****", Path: path, Line: line, Commit: "abc123", Author: "dev", CommitDate: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func report(id string, items ...store.Item) *store.Report {
	return &store.Report{ReportID: id, Source: "git", Repository: "https://example.test/acme/app.git", Ref: "main",
		ToolVersion: "test", Complete: true, TokenName: "ci", Items: items}
}

func TestMigrations(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := b.DSN(t)
			s := storetest.Open(t, dsn)
			ms, err := s.Migrations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "init" || ms[0].AppliedAt.IsZero() {
				t.Fatalf("migrations = %+v", ms)
			}
			if _, err := s.Ingest(ctx, report("r1", item("fp1", "a.go", 1))); err != nil {
				t.Fatal(err)
			}
			s.Close()
			// Opening again applies nothing new and keeps the data.
			s2 := storetest.Open(t, dsn)
			ms2, err := s2.Migrations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms2) != len(ms) || !ms2[0].AppliedAt.Equal(ms[0].AppliedAt) {
				t.Fatalf("reopen changed migrations: %+v then %+v", ms, ms2)
			}
			if _, n, err := s2.ListIncidents(ctx, store.IncidentFilter{}); err != nil || n != 1 {
				t.Fatalf("after reopen: %d incidents, %v", n, err)
			}
		})
	}
}

// Two servers starting at once on one database must not both migrate.
func TestMigrationsConcurrentStart(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := store.Open(context.Background(), dsn)
					if err == nil {
						s.Close()
					}
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestIngestDedupesAndReopens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		r1 := report("r1", item("fpA", "config.yml", 3), item("fpA", "deploy/env", 9), item("fpB", "x.py", 1))
		res, err := s.Ingest(ctx, r1)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.NewIncidents) != 2 || res.Incidents != 2 || res.Findings != 3 || res.Duplicate {
			t.Fatalf("first ingest: %+v", res)
		}
		// The same report again (a client retry) changes nothing.
		again, err := s.Ingest(ctx, r1)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Duplicate || again.ScanID != res.ScanID {
			t.Fatalf("re-sent report: %+v", again)
		}
		// A new report with the same places adds no occurrence.
		r2 := report("r2", item("fpA", "config.yml", 3), item("fpA", "deploy/env", 9))
		res2, err := s.Ingest(ctx, r2)
		if err != nil {
			t.Fatal(err)
		}
		if len(res2.NewIncidents) != 0 || len(res2.Regressions) != 0 {
			t.Fatalf("second report: %+v", res2)
		}
		incs, total, err := s.ListIncidents(ctx, store.IncidentFilter{Query: "config"})
		if err != nil || total != 1 {
			t.Fatalf("search config: %d, %v", total, err)
		}
		a := incs[0]
		if a.Occurrences != 2 || a.Status != store.StatusTriggered || a.Preview != "ghp_****" {
			t.Fatalf("incident A: %+v", a)
		}
		occ, n, err := s.Occurrences(ctx, a.ID, store.Page{})
		if err != nil || n != 2 || occ[0].FirstScanID != res.ScanID || occ[0].LastScanID != res2.ScanID {
			t.Fatalf("occurrences: %+v %d %v", occ, n, err)
		}
		if occ[0].CommitDate == nil || occ[0].CommitDate.Year() != 2024 {
			t.Fatalf("commit date lost: %+v", occ[0])
		}

		// Resolved as revoked, then seen again: reopened with an audit entry.
		rev, fp := store.StatusResolved, store.ResolutionRevoked
		if _, err := s.UpdateIncident(ctx, a.ID, store.IncidentUpdate{Status: &rev, Resolution: &fp}, "alice"); err != nil {
			t.Fatal(err)
		}
		res3, err := s.Ingest(ctx, report("r3", item("fpA", "config.yml", 3)))
		if err != nil {
			t.Fatal(err)
		}
		if len(res3.Regressions) != 1 || res3.Regressions[0] != a.ID {
			t.Fatalf("regression: %+v", res3)
		}
		if reopened, err := s.Incident(ctx, a.ID); err != nil || reopened.Status != store.StatusTriggered {
			t.Fatalf("reopened incident: %+v %v", reopened, err)
		}
		entries, _, err := s.Audit(ctx, a.ID, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if entries[0].Action != "regression" || entries[1].Action != "status" || entries[1].Actor != "alice" {
			t.Fatalf("audit: %+v", entries)
		}
		// A false positive stays closed.
		b, err := s.Incident(ctx, res.NewIncidents[1])
		if err != nil {
			t.Fatal(err)
		}
		if b.Fingerprint == "fpA" {
			b, _ = s.Incident(ctx, res.NewIncidents[0])
		}
		fpos := store.ResolutionFalsePositive
		if _, err := s.UpdateIncident(ctx, b.ID, store.IncidentUpdate{Status: &rev, Resolution: &fpos}, "alice"); err != nil {
			t.Fatal(err)
		}
		res4, err := s.Ingest(ctx, report("r4", item("fpB", "x.py", 1)))
		if err != nil || len(res4.Regressions) != 0 {
			t.Fatalf("false positive reopened: %+v %v", res4, err)
		}
		scans, n, err := s.Scans(ctx, store.Page{})
		if err != nil || n != 4 || scans[0].ReportID != "r4" || !scans[0].Complete {
			t.Fatalf("scans: %+v %d %v", scans, n, err)
		}
	})
}

func TestRefSeparatesPlacesOnlyWithoutCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		withCommit := item("fp", "a.env", 1)
		noCommit := item("fp", "b.env", 1)
		noCommit.Commit = ""
		for i, ref := range []string{"main", "release"} {
			r := report(fmt.Sprintf("r%d", i), withCommit, noCommit)
			r.Ref = ref
			if _, err := s.Ingest(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		incs, _, err := s.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// a.env@commit once; b.env on main and on release.
		if incs[0].Occurrences != 3 {
			t.Fatalf("occurrences = %d, want 3", incs[0].Occurrences)
		}
	})
}

func TestUpdateIncidentRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		res, err := s.Ingest(ctx, report("r1", item("fp", "a", 1)))
		if err != nil {
			t.Fatal(err)
		}
		id := res.NewIncidents[0]
		resolved, bogus := store.StatusResolved, "bogus"
		if _, err := s.UpdateIncident(ctx, id, store.IncidentUpdate{Status: &resolved}, "a"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("resolve without resolution: %v", err)
		}
		if _, err := s.UpdateIncident(ctx, id, store.IncidentUpdate{Status: &bogus}, "a"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("bogus status: %v", err)
		}
		if _, err := s.UpdateIncident(ctx, 9999, store.IncidentUpdate{Status: &resolved}, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing incident: %v", err)
		}
		bob, notes, tags := "bob", "rotating friday", []string{"prod", " prod", "payments"}
		inc, err := s.UpdateIncident(ctx, id, store.IncidentUpdate{Assignee: &bob, Notes: &notes, Tags: &tags}, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if inc.Status != store.StatusAssigned || inc.Assignee != "bob" || strings.Join(inc.Tags, ",") != "payments,prod" {
			t.Fatalf("after update: %+v", inc)
		}
		for _, f := range []store.IncidentFilter{{Status: "open"}, {Status: "assigned"}, {Provider: "github"}, {Severity: "critical"},
			{Source: "git"}, {Query: "PAYMENTS"}, {Query: "example.test/acme"}} {
			if _, n, err := s.ListIncidents(ctx, f); err != nil || n != 1 {
				t.Errorf("filter %+v: %d %v", f, n, err)
			}
		}
		for _, f := range []store.IncidentFilter{{Status: "resolved"}, {Provider: "aws"}, {Source: "image"}, {Validity: "valid"}, {Query: "100%_"}} {
			if _, n, err := s.ListIncidents(ctx, f); err != nil || n != 0 {
				t.Errorf("filter %+v: %d %v", f, n, err)
			}
		}
		if err := s.SetTick(ctx, id, "misuse", "bob", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetTick(ctx, id, "misuse", "carol", true); err != nil {
			t.Fatal(err)
		}
		ticks, err := s.Checklist(ctx, id)
		if err != nil || len(ticks) != 1 || ticks[0].DoneBy != "bob" {
			t.Fatalf("ticks: %+v %v", ticks, err)
		}
		if err := s.SetTick(ctx, id, "misuse", "bob", false); err != nil {
			t.Fatal(err)
		}
		if ticks, _ := s.Checklist(ctx, id); len(ticks) != 0 {
			t.Fatalf("untick left %+v", ticks)
		}
		counts, err := s.OpenByProvider(ctx)
		if err != nil || len(counts) != 1 || counts[0] != (store.Count{Label: "github", N: 1}) {
			t.Fatalf("by provider: %+v %v", counts, err)
		}
		byValidity, err := s.OpenByValidity(ctx)
		if err != nil || len(byValidity) != 1 || byValidity[0].N != 1 {
			t.Fatalf("by validity: %+v %v", byValidity, err)
		}
		// Open a moment ago and now; not yet open a year ago.
		overTime, err := s.OpenOverTime(ctx, []time.Time{time.Now().AddDate(-1, 0, 0), time.Now().Add(time.Minute)})
		if err != nil || len(overTime) != 2 || overTime[0].N != 0 || overTime[1].N != 1 {
			t.Fatalf("over time: %+v %v", overTime, err)
		}
	})
}

func TestValidityAndEncryptedSecret(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		it := item("fp", "a", 1)
		it.Validity, it.ValidityReason, it.ValidatedAt = "valid", "200 from /user", time.Now().Add(-time.Hour)
		it.SecretEnc = []byte{1, 2, 3}
		res, err := s.Ingest(ctx, report("r1", it))
		if err != nil {
			t.Fatal(err)
		}
		id := res.NewIncidents[0]
		if inc, err := s.Incident(ctx, id); err != nil || !inc.SecretStored || inc.Validity != "valid" {
			t.Fatalf("incident: %+v %v", inc, err)
		}
		enc, pair, err := s.EncryptedSecret(ctx, id)
		if err != nil || string(enc) != "\x01\x02\x03" || pair != nil {
			t.Fatalf("secret: %v %v %v", enc, pair, err)
		}
		// An older answer does not replace a newer one, but is history.
		if err := s.RecordValidity(ctx, id, store.ValidityCheck{Status: "invalid", CheckedAt: time.Now().Add(-2 * time.Hour)}, "x", store.AuditEveryCheck); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordValidity(ctx, id, store.ValidityCheck{Status: "invalid", Reason: "401", CheckedAt: time.Now()}, "x", store.AuditEveryCheck); err != nil {
			t.Fatal(err)
		}
		inc, _ := s.Incident(ctx, id)
		hist, err := s.ValidityHistory(ctx, id)
		if err != nil || inc.Validity != "invalid" || inc.ValidityReason != "401" || len(hist) != 3 {
			t.Fatalf("validity %+v history %+v %v", inc, hist, err)
		}
	})
}

// Re-checks that give the same answer are one row of history, with the
// run's first and last check and their number; a different answer, or the
// same one after it, starts a row; an answer recorded twice counts once;
// an answer older than the newest run is a row of its own.
func TestValidityHistoryKeepsRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		t0 := time.Now().Add(-10 * time.Hour).Truncate(time.Second)
		it := item("fp", "a", 1)
		it.Validity, it.ValidityReason, it.ValidatedAt = "valid", "200", t0
		it.SecretEnc = []byte{1}
		res, err := s.Ingest(ctx, report("r1", it))
		if err != nil {
			t.Fatal(err)
		}
		id := res.NewIncidents[0]
		record := func(h int, status, reason string) {
			t.Helper()
			v := store.ValidityCheck{Status: status, Reason: reason, CheckedAt: t0.Add(time.Duration(h) * time.Hour)}
			if err := s.RecordValidity(ctx, id, v, "x", store.AuditStatusChange); err != nil {
				t.Fatal(err)
			}
		}
		record(1, "valid", "200")
		record(2, "valid", "200")
		record(2, "valid", "200") // the same answer again
		record(3, "invalid", "401")
		record(4, "invalid", "401")
		record(5, "valid", "200")
		record(-1, "unknown", "timeout") // older than everything
		hist, err := s.ValidityHistory(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
		type run struct {
			status      string
			first, last int
			checks      int
		}
		want := []run{{"valid", 5, 5, 1}, {"invalid", 3, 4, 2}, {"valid", 0, 2, 3}, {"unknown", -1, -1, 1}}
		if len(hist) != len(want) {
			t.Fatalf("history has %d rows, want %d: %+v", len(hist), len(want), hist)
		}
		for i, w := range want {
			h := hist[i]
			last := h.CheckedAt
			if h.LastCheckedAt != nil {
				last = *h.LastCheckedAt
			}
			if h.Status != w.status || !h.CheckedAt.Equal(at(w.first)) || !last.Equal(at(w.last)) || h.Checks != w.checks {
				t.Errorf("row %d: %s %v..%v x%d, want %s %v..%v x%d", i, h.Status, h.CheckedAt, last, h.Checks, w.status, at(w.first), at(w.last), w.checks)
			}
			if (h.LastCheckedAt == nil) != (w.checks == 1) {
				t.Errorf("row %d: last check %v for a run of %d", i, h.LastCheckedAt, h.Checks)
			}
		}
		if inc, _ := s.Incident(ctx, id); inc.Validity != "valid" || !inc.ValidityCheckedAt.Equal(at(5)) {
			t.Errorf("incident's validity %s at %v, want valid at %v", inc.Validity, inc.ValidityCheckedAt, at(5))
		}
	})
}

func TestTokensUsersSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		plain, tok, err := s.CreateToken(ctx, "ci", store.RoleMember, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, store.TokenPrefix) || len(plain) < 40 {
			t.Fatalf("token %q", plain)
		}
		got, err := s.TokenFor(ctx, plain)
		if err != nil || got.ID != tok.ID || got.Role != store.RoleMember {
			t.Fatalf("TokenFor: %+v %v", got, err)
		}
		if _, err := s.TokenFor(ctx, plain+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong token: %v", err)
		}
		if _, _, err := s.CreateToken(ctx, "x", "root", "cli"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("bad role: %v", err)
		}
		if err := s.RevokeToken(ctx, tok.ID, "cli"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenFor(ctx, plain); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoked token accepted: %v", err)
		}

		if _, err := s.CreateUser(ctx, "alice", store.RoleAdmin, "short", "cli"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("short password: %v", err)
		}
		u, err := s.CreateUser(ctx, "alice", store.RoleAdmin, "correct horse battery", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, "alice", store.RoleAdmin, "correct horse battery", "cli"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("duplicate user: %v", err)
		}
		if _, err := s.CheckPassword(ctx, "alice", "wrong password!!"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.CheckPassword(ctx, "nobody", "correct horse battery"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		if got, err := s.CheckPassword(ctx, "alice", "correct horse battery"); err != nil || got.ID != u.ID {
			t.Fatalf("right password: %+v %v", got, err)
		}
		sess, csrf, err := s.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got2, err := s.Session(ctx, sess)
		if err != nil || got2.User.Name != "alice" || got2.CSRF != csrf {
			t.Fatalf("session: %+v %v", got2, err)
		}
		if err := s.DeleteSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, sess); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted session: %v", err)
		}
		expired, _, err := s.CreateSession(ctx, u.ID, -time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, expired); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		entries, _, err := s.Audit(ctx, 0, store.Page{})
		if err != nil || len(entries) != 3 {
			t.Fatalf("audit: %+v %v", entries, err)
		}
	})
}

// Concurrent reports sharing secrets: every place recorded once, no
// deadlock, on both databases.
func TestConcurrentIngest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		const reports, per = 40, 20
		var wg sync.WaitGroup
		errs := make(chan error, reports)
		for r := range reports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var items []store.Item
				for i := range per {
					// 5 secrets shared by all reports; places unique per report.
					items = append(items, item(fmt.Sprintf("fp%d", (r+i)%5), fmt.Sprintf("r%d/f%d", r, i), i+1))
				}
				_, err := s.Ingest(ctx, report(fmt.Sprintf("rep-%d", r), items...))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		incs, n, err := s.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil || n != 5 {
			t.Fatalf("incidents %d %v", n, err)
		}
		total := 0
		for _, inc := range incs {
			total += inc.Occurrences
		}
		if total != reports*per {
			t.Fatalf("occurrences = %d, want %d", total, reports*per)
		}
	})
}

// TestIngestBatches: a report in three batches is one scan; batches are
// recorded once each, in any order; the scan is complete only when all
// have arrived; a batch re-sent with other content, or a report id reused
// for another source, is a conflict that changes nothing.
func TestIngestBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		part := func(n int, items ...store.Item) *store.Report {
			r := report("big", items...)
			r.Batch, r.Batches = n, 3
			return r
		}
		p3 := part(3, item("fpC", "c.env", 1))
		res, err := s.Ingest(ctx, p3)
		if err != nil || res.Duplicate || res.Scan.BatchesReceived != 1 || res.Scan.Batches != 3 || res.Scan.Complete {
			t.Fatalf("batch 3 first: %+v %v", res, err)
		}
		sc, missing, err := s.ScanByReport(ctx, "big")
		if err != nil || sc.ID != res.ScanID || fmt.Sprint(missing) != "[1 2]" {
			t.Fatalf("missing after batch 3: %+v %v %v", sc, missing, err)
		}
		if _, err := s.Ingest(ctx, part(1, item("fpA", "a.env", 1), item("fpB", "b.env", 2))); err != nil {
			t.Fatal(err)
		}
		again, err := s.Ingest(ctx, p3)
		if err != nil || !again.Duplicate || again.Scan.BatchesReceived != 2 || again.ScanID != res.ScanID {
			t.Fatalf("batch 3 again: %+v %v", again, err)
		}
		if _, err := s.Ingest(ctx, part(3, item("fpX", "other.env", 1))); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("batch 3 with other findings: %v", err)
		}
		other := part(2, item("fpB", "b.env", 9))
		other.Repository = "https://example.test/acme/other.git"
		if _, err := s.Ingest(ctx, other); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("batch 2 of another repository: %v", err)
		}
		fewer := part(2, item("fpB", "b.env", 9))
		fewer.Batches = 2
		if _, err := s.Ingest(ctx, fewer); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("batch 2 of 2 under a report of 3: %v", err)
		}
		last, err := s.Ingest(ctx, part(2, item("fpB", "b.env", 9)))
		if err != nil || !last.Scan.Complete || last.Scan.Findings != 4 || last.Scan.NewIncidents != 3 || last.Scan.BatchesReceived != 3 {
			t.Fatalf("last batch: %+v %v", last, err)
		}
		if _, missing, err := s.ScanByReport(ctx, "big"); err != nil || len(missing) != 0 {
			t.Fatalf("missing when complete: %v %v", missing, err)
		}
		if _, n, _ := s.Scans(ctx, store.Page{}); n != 1 {
			t.Fatalf("%d scans, want 1", n)
		}
		if _, n, _ := s.ListIncidents(ctx, store.IncidentFilter{}); n != 3 {
			t.Fatalf("%d incidents, want 3 (the conflicting batches recorded something)", n)
		}
		for _, bad := range [][2]int{{0, 3}, {4, 3}, {1, store.MaxBatches + 1}} {
			r := report("bad", item("fp", "a", 1))
			r.Batch, r.Batches = bad[0], bad[1]
			if _, err := s.Ingest(ctx, r); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("batch %d of %d: %v", bad[0], bad[1], err)
			}
		}
	})
}

// TestSearchReadsItsIndex: on 20,000 incidents a search reads the trigram
// indexes (FTS5 on SQLite, pg_trgm on PostgreSQL) rather than scanning
// incidents and occurrences; `q` took 2-3.4 s on 380,000 incidents before.
// PostgreSQL's planner weighs an index against a scan by the table's size
// and the query's trigrams, so there every query must read the incidents'
// index and never scan incidents, and each occurrence index must serve
// some query; at 380,000 rows they all serve every one.
func TestSearchReadsItsIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		if err := store.FillForSearch(ctx, s, 20000); err != nil {
			t.Fatal(err)
		}
		plans := ""
		for _, q := range []string{"bulk-rule-1234", "bulk/777/settings", "repo-4321.git", "org-53/repo-4321.git"} {
			plan, err := store.SearchPlan(ctx, s, q)
			if err != nil {
				t.Fatal(err)
			}
			plans += plan + "\n"
			var want []string
			if strings.Contains(plan, "Scan") { // PostgreSQL
				want = []string{"Bitmap Index Scan on incidents_search"}
				if strings.Contains(plan, "Seq Scan on incidents") {
					t.Errorf("q=%s scans incidents:\n%s", q, plan)
				}
			} else {
				want = []string{"SCAN incidents_search VIRTUAL TABLE INDEX", "SCAN occurrences_search VIRTUAL TABLE INDEX"}
				for _, line := range strings.Split(plan, "\n") {
					if l := strings.TrimSpace(line); l == "SCAN i" || l == "SCAN o" || strings.HasPrefix(l, "SCAN incidents ") || strings.HasPrefix(l, "SCAN occurrences ") {
						t.Errorf("q=%s scans a table:\n%s", q, plan)
					}
				}
			}
			for _, w := range want {
				if !strings.Contains(plan, w) {
					t.Errorf("q=%s: the plan lacks %q:\n%s", q, w, plan)
				}
			}
		}
		if strings.Contains(plans, "Scan") {
			for _, w := range []string{"Bitmap Index Scan on occurrences_path_search", "Bitmap Index Scan on occurrences_repository_search"} {
				if !strings.Contains(plans, w) {
					t.Errorf("no search reads %s:\n%s", w, plans)
				}
			}
		}
		if _, n, err := s.ListIncidents(ctx, store.IncidentFilter{Query: "org-53/repo-4321.git"}); err != nil || n != 1 {
			t.Fatalf("search of one repository: %d %v", n, err)
		}
	})
}

// TestSearchResults: the indexed search finds what a plain substring
// search over the same fields finds, whatever the case, for short queries
// (which FTS5 cannot look up), after edits, and with quotes, % and _ in q.
func TestSearchResults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		a := item("fpA", "deploy/prod_1%.env", 3)
		a.RuleID, a.Preview = "github-pat", "ghp_****"
		b := item("fpB", `src/"quoted"/Émile.py`, 7)
		b.RuleID, b.RuleName, b.Provider = "stripe-secret-key", "Stripe Secret Key", "stripe"
		c := item("fpC", "docs/prodXx1.env", 1)
		c.RuleID, c.Provider = "slack-bot-token", "slack"
		r := report("r1", a, b, c)
		r.Repository = "https://git.example.test/Acme/Payments.git"
		res, err := s.Ingest(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		notes, assignee, tags := "Rotated by the ops team", "Dana", []string{"pci", "prod"}
		if _, err := s.UpdateIncident(ctx, res.NewIncidents[2], store.IncidentUpdate{Notes: &notes, Assignee: &assignee, Tags: &tags}, "t"); err != nil {
			t.Fatal(err)
		}
		all, _, err := s.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// texts is what a search reads of each incident.
		texts := map[int64][]string{}
		for _, inc := range all {
			texts[inc.ID] = append(texts[inc.ID], inc.RuleID, inc.RuleName, inc.Provider, inc.Preview, inc.Assignee, inc.Notes, strings.Join(inc.Tags, " "))
			occ, _, err := s.Occurrences(ctx, inc.ID, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range occ {
				texts[inc.ID] = append(texts[inc.ID], o.Path, o.Repository)
			}
		}
		for _, q := range []string{"github", "GITHUB-PAT", "stripe secret", "prod_1%", "_1%", "rod", "od", "1%", `"quoted"`,
			"émile", "ÉMILE", "acme/payments", "ops team", "dana", "pci", "Rotated", "nothing at all", "x", "%", "_"} {
			var want []int64
			for _, inc := range all {
				for _, text := range texts[inc.ID] {
					if strings.Contains(strings.ToLower(text), strings.ToLower(q)) {
						want = append(want, inc.ID)
						break
					}
				}
			}
			got, n, err := s.ListIncidents(ctx, store.IncidentFilter{Query: q})
			if err != nil {
				t.Fatalf("q=%q: %v", q, err)
			}
			var ids []int64
			for _, inc := range got {
				ids = append(ids, inc.ID)
			}
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) || n != len(want) {
				t.Errorf("q=%q: found %v (total %d), want %v", q, ids, n, want)
			}
		}
		// An edit is searchable at once, and the old text no longer is.
		notes = "handed to security"
		if _, err := s.UpdateIncident(ctx, res.NewIncidents[2], store.IncidentUpdate{Notes: &notes}, "t"); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.ListIncidents(ctx, store.IncidentFilter{Query: "ops team"}); n != 0 {
			t.Errorf("old notes still found: %d", n)
		}
		if _, n, _ := s.ListIncidents(ctx, store.IncidentFilter{Query: "security"}); n != 1 {
			t.Errorf("new notes not found: %d", n)
		}
	})
}

// TestMigrationStripsStoredCredentials: addresses stored with a
// user:pass@ before the server stripped them (a password that does not
// parse as a URL was kept whole) lose it when the store is opened: in
// scans, occurrences (a copy of a place already recorded bare is merged
// into it), the audit log and the search index.
func TestMigrationStripsStoredCredentials(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn)
		const dirty, clean = "https://ci:Sup3r%Secret!Pass@git.example.com/acme/app.git", "https://git.example.com/acme/app.git"
		r1 := report("r1", item("fpA", "a.env", 1), item("fpB", "b.env", 2))
		r1.Repository, r1.CIRun = dirty, "https://bot:hunter2@ci.example.test/run/1"
		r2 := report("r2", item("fpA", "a.env", 1))
		r2.Repository = clean
		for _, r := range []*store.Report{r1, r2} {
			if _, err := s.Ingest(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := store.ForgetMigration(ctx, s, 5); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = storetest.Open(t, dsn)
		scans, _, err := s.Scans(ctx, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range scans {
			if sc.Repository != clean || strings.Contains(sc.CIRun, "hunter2") {
				t.Errorf("scan %s: %s %s", sc.ReportID, sc.Repository, sc.CIRun)
			}
		}
		incs, _, err := s.ListIncidents(ctx, store.IncidentFilter{Query: "acme/app"})
		if err != nil || len(incs) != 2 {
			t.Fatalf("search after the migration: %+v %v", incs, err)
		}
		if _, n, _ := s.ListIncidents(ctx, store.IncidentFilter{Query: "Sup3r"}); n != 0 {
			t.Errorf("the password is still searchable: %d", n)
		}
		for _, inc := range incs {
			occ, n, err := s.Occurrences(ctx, inc.ID, store.Page{})
			if err != nil || n != 1 || occ[0].Repository != clean || strings.Contains(occ[0].CIRun, "hunter2") {
				t.Errorf("incident %s: %d occurrences %+v %v", inc.Fingerprint, n, occ, err)
			}
		}
		entries, _, err := s.Audit(ctx, 0, store.Page{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Detail, "Sup3r") {
				t.Errorf("audit entry holds the password: %s", e.Detail)
			}
		}
	})
}

func TestInvestigations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		res, err := s.Ingest(ctx, report("r1", item("fp", "a", 1)))
		if err != nil {
			t.Fatal(err)
		}
		id := res.NewIncidents[0]
		if _, err := s.LatestInvestigation(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("before any: %v", err)
		}
		at := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
		since := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		for i, summary := range []string{"nothing unusual", "2 unusual: actor evil@x.example"} {
			inv := store.Investigation{RanAt: at.Add(time.Duration(i) * time.Hour), Since: since, Flagged: i == 1, Summary: summary,
				Text: "Investigation: Postmark\n", Report: []byte(`{"rule_id":"postmark-server-token"}`)}
			if err := s.RecordInvestigation(ctx, id, inv, "ada"); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.LatestInvestigation(ctx, id)
		if err != nil || !got.Flagged || got.Summary != "2 unusual: actor evil@x.example" || got.Actor != "ada" ||
			!got.Since.Equal(since) || string(got.Report) != `{"rule_id":"postmark-server-token"}` || got.Text != "Investigation: Postmark\n" {
			t.Fatalf("latest: %+v %v", got, err)
		}
		entries, _, err := s.Audit(ctx, id, store.Page{Limit: 10})
		if err != nil || len(entries) == 0 || entries[0].Action != "investigation" || entries[0].Actor != "ada" || !strings.Contains(entries[0].Detail, "since 2026-03-10: 2 unusual") {
			t.Fatalf("audit: %+v %v", entries, err)
		}
		if err := s.RecordInvestigation(ctx, id, store.Investigation{RanAt: at, Report: []byte("not json")}, "ada"); err == nil {
			t.Error("a report that is not JSON was stored")
		}
	})
}

// TestPairKept: the encrypted other part of a two-part credential is kept
// from the first report that brings one, at any of the secret's places,
// for new and known incidents alike, and never replaced afterwards.
func TestPairKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		aws := func(fp, path string, line int, pair []byte) store.Item {
			it := item(fp, path, line)
			it.RuleID, it.SecretEnc, it.PairEnc = "aws-secret-access-key", []byte("enc:"+fp), pair
			return it
		}
		pairOf := func(fp string) (*store.Incident, []byte) {
			t.Helper()
			incs, _, err := s.ListIncidents(ctx, store.IncidentFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, inc := range incs {
				if inc.Fingerprint != fp {
					continue
				}
				enc, pair, err := s.EncryptedSecret(ctx, inc.ID)
				if err != nil || string(enc) != "enc:"+fp {
					t.Fatalf("%s: secret %q %v", fp, enc, err)
				}
				if inc.PairStored != (pair != nil) {
					t.Errorf("%s: pair_stored %v with pair %q", fp, inc.PairStored, pair)
				}
				return &inc, pair
			}
			t.Fatalf("no incident %s", fp)
			return nil, nil
		}
		// A new incident: its other part came with its second place.
		if _, err := s.Ingest(ctx, report("r1", aws("fpA", "a.env", 1, nil), aws("fpA", "b.env", 1, []byte("pairA")),
			aws("fpB", "c.env", 1, nil))); err != nil {
			t.Fatal(err)
		}
		if _, pair := pairOf("fpA"); string(pair) != "pairA" {
			t.Errorf("new incident: pair %q", pair)
		}
		if inc, pair := pairOf("fpB"); pair != nil || inc.PairStored {
			t.Errorf("no pair reported, yet %q", pair)
		}
		// A known incident gets one from a later report; one it has is kept.
		if _, err := s.Ingest(ctx, report("r2", aws("fpA", "a.env", 1, []byte("otherA")), aws("fpB", "c.env", 1, nil),
			aws("fpB", "d.env", 1, []byte("pairB")))); err != nil {
			t.Fatal(err)
		}
		if _, pair := pairOf("fpA"); string(pair) != "pairA" {
			t.Errorf("a kept pair was replaced: %q", pair)
		}
		if inc, pair := pairOf("fpB"); string(pair) != "pairB" || !inc.PairStored {
			t.Errorf("known incident: pair %q", pair)
		}
	})
}

// TestPairColumnMigration: a database from before migration 0007 gains
// the column; its incidents keep their secrets and take their other part
// from the next report.
func TestPairColumnMigration(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn)
		it := item("fpA", "a.env", 1)
		it.SecretEnc = []byte("encA")
		if _, err := s.Ingest(ctx, report("r1", it)); err != nil {
			t.Fatal(err)
		}
		if err := store.UndoPairColumn(ctx, s); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = storetest.Open(t, dsn)
		ms, err := s.Migrations(ctx)
		if err != nil || len(ms) < 7 || ms[6].Version != 7 || ms[6].Name != "pair_secret" {
			t.Fatalf("migrations %+v %v", ms, err)
		}
		incs, _, err := s.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil || len(incs) != 1 || !incs[0].SecretStored || incs[0].PairStored {
			t.Fatalf("after the migration: %+v %v", incs, err)
		}
		it.PairEnc = []byte("pairA")
		if _, err := s.Ingest(ctx, report("r2", it)); err != nil {
			t.Fatal(err)
		}
		enc, pair, err := s.EncryptedSecret(ctx, incs[0].ID)
		if err != nil || string(enc) != "encA" || string(pair) != "pairA" {
			t.Fatalf("after a report with the pair: %q %q %v", enc, pair, err)
		}
	})
}

// TestDropPair: the kept other part is dropped only while it is the one
// the caller read (a report may have stored another meanwhile), and the
// audit log says why.
func TestDropPair(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		it := item("fpP", "p.env", 1)
		it.SecretEnc, it.PairEnc = []byte("encP"), []byte("pairP")
		res, err := s.Ingest(ctx, report("r1", it))
		if err != nil {
			t.Fatal(err)
		}
		id := res.NewIncidents[0]
		if ok, err := s.DropPair(ctx, id, []byte("another"), "server", "why"); ok || err != nil {
			t.Fatalf("dropped a pair it did not read: %v %v", ok, err)
		}
		if ok, err := s.DropPair(ctx, id, []byte("pairP"), "server", "it does not decrypt"); !ok || err != nil {
			t.Fatalf("drop: %v %v", ok, err)
		}
		enc, pair, err := s.EncryptedSecret(ctx, id)
		if err != nil || string(enc) != "encP" || pair != nil {
			t.Fatalf("after the drop: %q %q %v", enc, pair, err)
		}
		audit, _, err := s.Audit(ctx, id, store.Page{})
		if err != nil || audit[0].Action != "pair_dropped" || audit[0].Detail != "it does not decrypt" {
			t.Fatalf("audit %+v %v", audit, err)
		}
		it.PairEnc = []byte("pairQ") // the next report's other part is kept
		if _, err := s.Ingest(ctx, report("r2", it)); err != nil {
			t.Fatal(err)
		}
		if _, pair, err := s.EncryptedSecret(ctx, id); err != nil || string(pair) != "pairQ" {
			t.Fatalf("after a report with the pair: %q %v", pair, err)
		}
	})
}
