package server

import (
	"fmt"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

type recordingNotifier struct {
	mu     sync.Mutex
	events []Event
}

func (r *recordingNotifier) Notify(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

// New incidents and regressions are notified; a secret seen again while
// open is not.
func TestServerNotifiesNewAndRegression(t *testing.T) {
	rec := &recordingNotifier{}
	e := newEnv(t, storetest.Open(t, storetest.SQLiteDSN(t)), func(c *Config) {
		c.Notifier, c.BaseURL = rec, "https://lh.example/"
	})
	secret := secretFor(9)
	for i := range 2 {
		if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport(fmt.Sprint("r", i), secret, "a.env")); code != 201 {
			t.Fatalf("scan: %d %s", code, body)
		}
	}
	if len(rec.events) != 1 || rec.events[0].Kind != EventNewIncident || rec.events[0].URL != fmt.Sprintf("https://lh.example/incidents/%d", rec.events[0].Incident.ID) {
		t.Fatalf("events: %+v", rec.events)
	}
	id := rec.events[0].Incident.ID
	if code, body := e.do(t, "PATCH", fmt.Sprintf("/api/v1/incidents/%d", id), e.tokens["member"],
		map[string]string{"status": store.StatusResolved, "resolution": store.ResolutionRevoked}); code != 200 {
		t.Fatalf("resolve: %d %s", code, body)
	}
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("r3", secret, "a.env")); code != 201 {
		t.Fatalf("scan: %d %s", code, body)
	}
	if len(rec.events) != 2 || rec.events[1].Kind != EventRegression || rec.events[1].Incident.Status != store.StatusTriggered {
		t.Fatalf("events: %+v", rec.events)
	}
}
