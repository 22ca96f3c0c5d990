package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
)

// bigReport is a report of n findings, each its own secret.
func bigReport(id string, n int) *ScanReport {
	g := testutil.NewGen(uint64(n))
	rep := &ScanReport{ReportID: id, Tool: "leakhound", Version: "test", Complete: true,
		Source: SourceIdentity{Kind: "dir", Repository: "/src/app"}}
	rep.Findings = make([]ReportedFinding, n)
	for i := range rep.Findings {
		rep.Findings[i] = ReportedFinding{Finding: finding.Finding{RuleID: "github-personal-access-token", Location: finding.Location{Path: "tokens.txt", Line: i + 1, Column: 1},
			Secret: g.GitHubToken("ghp_")}}
	}
	return rep
}

// TestReceiptDoesNotGrowWithTheReport: 2,000 new secrets in one report
// get a receipt of a few hundred bytes (every incident in full took 1.2
// MB; at 20,000 it passed the client's 8 MiB, which TestReportToLargeScan
// in internal/cli checks end to end), and the client reads it whole.
func TestReceiptDoesNotGrowWithTheReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		rep := bigReport("big", 2000)
		var answered atomic.Int64
		counted := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			e.srv.Handler().ServeHTTP(rec, r)
			answered.Store(int64(rec.Body.Len()))
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		}))
		defer counted.Close()
		c := &Client{BaseURL: counted.URL, Token: e.tokens["member"]}
		res, err := c.Send(context.Background(), rep)
		if err != nil {
			t.Fatal(err)
		}
		if res.Findings != 2000 || res.NewIncidents != 2000 || res.Duplicate || res.ScanID == 0 {
			t.Fatalf("receipt: %+v", res)
		}
		if n := answered.Load(); n > 1024 {
			t.Fatalf("the answer to a 2,000-finding report is %d bytes", n)
		}
		if _, n, err := st.ListIncidents(context.Background(), store.IncidentFilter{}); err != nil || n != 2000 {
			t.Fatalf("%d incidents, %v", n, err)
		}
	})
}

// TestLostAnswerIsRetriedNotDuplicated: the server records the report but
// its answer is lost (connection closed) or cut short; the client sends
// the same report id again and gets a receipt saying it was already
// recorded. One scan, and the client knows it was recorded. An answer
// that is complete but not a receipt is retried the same way.
func TestLostAnswerIsRetriedNotDuplicated(t *testing.T) {
	for _, cut := range []string{"closed", "truncated", "garbled"} {
		t.Run(cut, func(t *testing.T) {
			st := storetest.Open(t, storetest.SQLiteDSN(t))
			e := newEnv(t, st, nil)
			var calls atomic.Int32
			flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) > 1 {
					e.srv.Handler().ServeHTTP(w, r)
					return
				}
				rec := httptest.NewRecorder()
				e.srv.Handler().ServeHTTP(rec, r) // recorded...
				if cut == "garbled" {             // complete, but not a receipt (an 8 MiB cut of a longer one)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(rec.Code)
					w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
					return
				}
				if cut == "truncated" {
					w.Header().Set("Content-Type", "application/json")
					w.Header().Set("Content-Length", "4096")
					w.WriteHeader(rec.Code)
					w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
				}
				panic(http.ErrAbortHandler) // ...but the answer is lost
			}))
			defer flaky.Close()
			c := &Client{BaseURL: flaky.URL, Token: e.tokens["member"], Retries: 2, Backoff: time.Millisecond}
			res, err := c.Send(context.Background(), bigReport("lost-"+cut, 3))
			if err != nil {
				t.Fatal(err)
			}
			if !res.Duplicate || calls.Load() != 2 {
				t.Fatalf("receipt %+v after %d calls, want a duplicate on the second", res, calls.Load())
			}
			scans, n, err := st.Scans(context.Background(), store.Page{})
			if err != nil || n != 1 || scans[0].ID != res.ScanID || scans[0].Findings != 3 {
				t.Fatalf("scans: %+v %d %v", scans, n, err)
			}
		})
	}
}

// TestUnconfirmedReportSaysSo: when no attempt gets a receipt, the error
// says the report is not confirmed and names its id, rather than
// "failed" as if nothing had been recorded.
func TestUnconfirmedReportSaysSo(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		panic(http.ErrAbortHandler)
	}))
	defer down.Close()
	c := &Client{BaseURL: down.URL, Token: "lhk_x", Retries: 1, Backoff: time.Millisecond}
	_, err := c.Send(context.Background(), bigReport("rid-42", 1))
	if err == nil || !strings.Contains(err.Error(), "rid-42 not confirmed") {
		t.Fatalf("error: %v", err)
	}
}

// TestBatchedReportResumes: a report in five batches whose third batch
// fails on every attempt is reported as not confirmed, saying how many
// batches were; sent again with the same id, only the batches the server
// lacks travel, and the result is one complete scan.
func TestBatchedReportResumes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		var failBatch3 atomic.Bool
		failBatch3.Store(true)
		var posted []int
		var mu sync.Mutex
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				body, _ := io.ReadAll(r.Body)
				var part ScanReport
				if err := json.Unmarshal(body, &part); err != nil {
					t.Errorf("batch body: %v", err)
				}
				mu.Lock()
				posted = append(posted, part.Batch)
				mu.Unlock()
				if part.Batch == 3 && failBatch3.Load() {
					http.Error(w, "overloaded", http.StatusServiceUnavailable)
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			e.srv.Handler().ServeHTTP(w, r)
		}))
		defer front.Close()
		rep := bigReport("resume-me", 50)
		c := &Client{BaseURL: front.URL, Token: e.tokens["member"], Retries: 1, Backoff: time.Millisecond, BatchFindings: 10}
		_, err := c.Send(context.Background(), rep)
		if err == nil || !strings.Contains(err.Error(), "batch 3 of 5 not confirmed, 2 confirmed before it") {
			t.Fatalf("first send: %v", err)
		}
		if sc, missing, err := st.ScanByReport(context.Background(), "resume-me"); err != nil || sc.Complete || fmt.Sprint(missing) != "[3 4 5]" {
			t.Fatalf("after the failure: %+v missing %v, %v", sc, missing, err)
		}
		failBatch3.Store(false)
		posted = nil
		c.Resume = true
		res, err := c.Send(context.Background(), rep)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(posted) != "[3 4 5]" {
			t.Errorf("resumed send posted batches %v, want [3 4 5]", posted)
		}
		if !res.Complete || res.Duplicate || res.Findings != 50 || res.NewIncidents != 50 || res.Batches != 5 || res.BatchesReceived != 5 {
			t.Fatalf("receipt: %+v", res)
		}
		// Everything recorded: a third send posts nothing and says so.
		posted = nil
		if res, err := c.Send(context.Background(), rep); err != nil || !res.Duplicate || len(posted) != 0 {
			t.Fatalf("third send: %+v %v, posted %v", res, err, posted)
		}
		if _, n, _ := st.Scans(context.Background(), store.Page{}); n != 1 {
			t.Fatalf("%d scans, want 1", n)
		}
	})
}
