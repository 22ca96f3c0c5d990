package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/server"
	"github.com/leakhound/leakhound/internal/server/notify"
	"github.com/leakhound/leakhound/internal/store"
)

type delivery struct {
	header http.Header
	body   []byte
}

// receiver answers 503 to the first `fail` requests, then 204.
func receiver(t *testing.T, fail int) (*httptest.Server, func() []delivery) {
	var mu sync.Mutex
	var got []delivery
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		n++
		got = append(got, delivery{r.Header.Clone(), body})
		if n <= fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []delivery {
		mu.Lock()
		defer mu.Unlock()
		return append([]delivery(nil), got...)
	}
}

var incident = store.Incident{ID: 7, RuleID: "github-personal-access-token", RuleName: "GitHub token", Provider: "github",
	Severity: "critical", Preview: "ghp_****", Status: "triggered", Occurrences: 2}

func TestWebhookSignedWithRetries(t *testing.T) {
	srv, got := receiver(t, 2)
	secret := []byte("webhook-secret")
	hook, err := notify.New(notify.Options{URL: srv.URL, Secret: secret, Retries: 3, Backoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hook.Notify(server.Event{Kind: server.EventRegression, Incident: incident, URL: "https://lh.example/incidents/7"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hook.Close(ctx); err != nil {
		t.Fatal(err)
	}
	ds := got()
	if len(ds) != 3 {
		t.Fatalf("%d attempts, want 3 (two 503s then success)", len(ds))
	}
	for _, d := range ds {
		if d.header.Get(notify.HeaderDelivery) != ds[0].header.Get(notify.HeaderDelivery) {
			t.Fatal("delivery id changed between retries")
		}
		if !notify.Verify(secret, d.header.Get(notify.HeaderTimestamp), d.header.Get(notify.HeaderSignature), d.body) {
			t.Fatalf("bad signature %q", d.header.Get(notify.HeaderSignature))
		}
		if notify.Verify([]byte("other"), d.header.Get(notify.HeaderTimestamp), d.header.Get(notify.HeaderSignature), d.body) {
			t.Fatal("signature verifies under another secret")
		}
	}
	var p notify.Payload
	if err := json.Unmarshal(ds[2].body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Event != "incident.regression" || p.Incident.ID != 7 || p.Incident.Preview != "ghp_****" || p.URL == "" {
		t.Fatalf("payload: %+v", p)
	}
	if ds[2].header.Get(notify.HeaderEvent) != "incident.regression" {
		t.Fatalf("event header: %q", ds[2].header.Get(notify.HeaderEvent))
	}
}

func TestWebhookSlackAndGiveUp(t *testing.T) {
	srv, got := receiver(t, 100)
	hook, err := notify.New(notify.Options{URL: srv.URL, Format: notify.FormatSlack, Retries: 2, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hook.Notify(server.Event{Kind: server.EventNewIncident, Incident: incident})
	if err := hook.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ds := got()
	if len(ds) != 3 {
		t.Fatalf("%d attempts, want 1 + 2 retries", len(ds))
	}
	var msg map[string]string
	if err := json.Unmarshal(ds[0].body, &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg["text"], "New leaked secret") || !strings.Contains(msg["text"], "ghp_****") || ds[0].header.Get(notify.HeaderSignature) != "" {
		t.Fatalf("slack body %q, signature %q", msg["text"], ds[0].header.Get(notify.HeaderSignature))
	}
	if _, err := notify.New(notify.Options{URL: "ftp://x"}); err == nil {
		t.Fatal("ftp URL accepted")
	}
	if _, err := notify.New(notify.Options{URL: srv.URL, Format: "xml"}); err == nil {
		t.Fatal("unknown format accepted")
	}
}

// TestRetryHoldsUpNoOtherEvent: an event whose receiver failed waits for
// its retry (an hour here) without holding up the next event, and Close
// stops that wait instead of sleeping through it.
func TestRetryHoldsUpNoOtherEvent(t *testing.T) {
	got := make(chan int64, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p notify.Payload
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Error(err)
		}
		got <- p.Incident.ID
		if p.Incident.ID == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	hook, err := notify.New(notify.Options{URL: srv.URL, Retries: 5, Backoff: time.Hour, Senders: 1})
	if err != nil {
		t.Fatal(err)
	}
	failing, next := incident, incident
	failing.ID, next.ID = 1, 2
	hook.Notify(server.Event{Kind: server.EventNewIncident, Incident: failing})
	hook.Notify(server.Event{Kind: server.EventNewIncident, Incident: next})
	for _, want := range []int64{1, 2} {
		select {
		case id := <-got:
			if id != want {
				t.Fatalf("posted incident %d, want %d", id, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("incident %d was not posted while incident 1 waits for its retry", want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // shutting down: do not wait for the hour
	if err := hook.Close(ctx); err == nil || !strings.Contains(err.Error(), "events not delivered") {
		t.Fatalf("close: %v", err)
	}
	hook.Notify(server.Event{Kind: server.EventNewIncident, Incident: next}) // after Close: dropped, no panic
	if err := hook.Close(context.Background()); err != nil {                 // a second Close returns at once
		t.Fatalf("second close: %v", err)
	}
	select {
	case id := <-got:
		t.Fatalf("posted incident %d after Close", id)
	default:
	}
}

// TestHeldEventsAreBounded: with the receiver stuck, at most Queue events
// are held (waiting or being posted); the rest are dropped and logged,
// and the held ones are delivered once it answers.
func TestHeldEventsAreBounded(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	posted := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		mu.Lock()
		posted++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	var logs strings.Builder
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil))
	hook, err := notify.New(notify.Options{URL: srv.URL, Queue: 3, Senders: 4, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		hook.Notify(server.Event{Kind: server.EventNewIncident, Incident: incident})
	}
	close(release)
	if err := hook.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	logMu.Lock()
	dropped := strings.Count(logs.String(), "event dropped")
	logMu.Unlock()
	if posted != 3 || dropped != 7 {
		t.Fatalf("posted %d, dropped %d; want 3 held of 10, 7 dropped", posted, dropped)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
