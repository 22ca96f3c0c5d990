package jobs

import (
	"context"
	"errors"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/mirror"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
)

// forge serves bare repositories under root over git's smart HTTP.
func forge(t *testing.T, root string) *httptest.Server {
	t.Helper()
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("git not available")
	}
	h := &cgi.Handler{Path: filepath.Join(strings.TrimSpace(string(out)), "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

type recorder struct {
	mu      sync.Mutex
	results []Result
	fail    int // fail this many calls first
}

func (r *recorder) record(_ context.Context, res Result) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("database unavailable")
	}
	r.results = append(r.results, res)
	return nil
}

// scanSecrets is a stand-in scanner: it lists the files the commits
// added that contain "SECRET", enough to check which commits a job scans.
func scanSecrets(ctx context.Context, repo string, revs []string) ([]finding.Finding, error) {
	args := append([]string{"-C", repo, "log", "--format=%H", "--name-only", "--diff-filter=AM"}, revs...)
	out, err := exec.CommandContext(ctx, "git", append(args, "--")...).Output()
	if err != nil {
		return nil, err
	}
	var fs []finding.Finding
	commit := ""
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case len(line) == 40:
			commit = line
		case strings.HasPrefix(line, "secret"):
			fs = append(fs, finding.Finding{Location: finding.Location{Path: line, Commit: commit}})
		}
	}
	return fs, nil
}

func TestScanPushJobs(t *testing.T) {
	root := t.TempDir()
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"old-secret.txt": "x\n"})
	c1 := r.Commit("before the push")
	bare := filepath.Join(root, "app.git")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	r.Write(map[string]string{"secret-new.txt": "y\n"})
	c2 := r.Commit("the push")
	if out, err := testutil.GitCmd(r.Dir, "push", "-q", bare, "main").CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	srv := forge(t, root)
	rec := &recorder{fail: 1}
	var statuses []string
	deps := Deps{
		Mirror: &mirror.Cache{Dir: t.TempDir(), AllowHTTPHosts: []string{strings.TrimPrefix(srv.URL, "http://")}},
		Scan:   scanSecrets, Record: rec.record,
		PostStatus: func(_ context.Context, p ScanPush, n int) error {
			statuses = append(statuses, p.After[:7]+":"+strconv.Itoa(n))
			return nil
		},
	}
	ctx := context.Background()
	q, err := Open(ctx, filepath.Join(t.TempDir(), "db.sqlite"), 2, deps)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close(ctx)
	events, stop := q.Subscribe()
	defer stop()

	push := ScanPush{Platform: "github", DeliveryID: "d-1", Repository: "o/app", CloneURL: srv.URL + "/app.git",
		Ref: "refs/heads/main", Before: c1, After: c2}
	if skipped, err := q.Enqueue(ctx, push); err != nil || skipped {
		t.Fatalf("enqueue: %v skipped=%v", err, skipped)
	}
	if skipped, err := q.Enqueue(ctx, push); err != nil || !skipped {
		t.Fatalf("a redelivered webhook was enqueued again: %v skipped=%v", err, skipped)
	}
	waitFor(t, events, river.EventKindJobCompleted)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	// The first attempt failed to record; the retry succeeded.
	if len(rec.results) != 1 {
		t.Fatalf("results %+v", rec.results)
	}
	res := rec.results[0]
	if len(res.Findings) != 1 || res.Findings[0].Path != "secret-new.txt" || res.Findings[0].Commit != c2 || res.ReportID != "push:github:d-1:refs/heads/main" {
		t.Errorf("push scanned the wrong commits: %+v", res)
	}
	// The status is posted once, after the result is recorded.
	if len(statuses) != 1 || statuses[0] != c2[:7]+":1" {
		t.Errorf("commit statuses %v", statuses)
	}
}

func waitFor(t *testing.T, events <-chan *river.Event, kind river.EventKind) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return
			}
			if ev.Kind == river.EventKindJobFailed && ev.Job.Attempt >= ev.Job.MaxAttempts {
				t.Fatalf("job failed for good: %v", ev.Job.Errors)
			}
		case <-deadline:
			t.Fatal("timed out waiting for the job")
		}
	}
}

// TestNotifyGoesOnlyToAProcessWithTheWebhook: a worker process started
// without the webhook takes scan jobs but never an event (before, it took
// it and cancelled it: the event was lost), and a server running no scan
// workers (serve --workers 0) still delivers its events.
func TestNotifyGoesOnlyToAProcessWithTheWebhook(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		worker, err := Open(ctx, dsn, 2, Deps{}) // no webhook configured here
		if err != nil {
			t.Fatal(err)
		}
		defer worker.Close(ctx)
		workerEvents, stopWorker := worker.Subscribe()
		defer stopWorker()
		var mu sync.Mutex
		var delivered []string
		server, err := Open(ctx, dsn, 0, Deps{Deliver: func(_ context.Context, event, delivery string, body []byte) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			delivered = append(delivered, event+":"+delivery+":"+string(body))
			return false, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer server.Close(ctx)
		serverEvents, stopServer := server.Subscribe()
		defer stopServer()
		for i := range 3 { // queued by either process
			q := []*Queue{worker, server}[i%2]
			if _, err := q.Enqueue(ctx, Notify{Event: "incident.new", Delivery: "d-" + strconv.Itoa(i), Body: []byte("{}")}); err != nil {
				t.Fatal(err)
			}
		}
		for range 3 {
			waitFor(t, serverEvents, river.EventKindJobCompleted)
		}
		mu.Lock()
		got := len(delivered)
		mu.Unlock()
		if got != 3 {
			t.Errorf("delivered %d events, want 3: %v", got, delivered)
		}
		select {
		case ev := <-workerEvents:
			t.Errorf("the worker without a webhook worked a %s job: %s", ev.Job.Kind, ev.Kind)
		default:
		}
	})
}

// TestOldNotifyJobMovesToItsQueue: an event queued in the default queue
// (before events had their own) that a worker without a webhook takes is
// moved to the notify queue, with its delivery id, instead of being
// snoozed there for ever; a process with the webhook then delivers it.
func TestOldNotifyJobMovesToItsQueue(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		worker, err := Open(ctx, dsn, 1, Deps{}) // no webhook configured here
		if err != nil {
			t.Fatal(err)
		}
		defer worker.Close(ctx)
		workerEvents, stopWorker := worker.Subscribe()
		defer stopWorker()
		old := Notify{Event: "incident.new", Delivery: "d-old", Body: []byte(`{"id":1}`)}
		if _, err := worker.client.Insert(ctx, old, &river.InsertOpts{Queue: river.QueueDefault, MaxAttempts: 12}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, workerEvents, river.EventKindJobCompleted)
		var queue, state string
		if err := worker.db.QueryRowContext(ctx, `SELECT queue, state FROM river_job WHERE kind = 'notify' AND state <> 'completed'`).Scan(&queue, &state); err != nil {
			t.Fatalf("the moved event: %v", err)
		}
		if queue != NotifyQueue || state != "available" {
			t.Fatalf("moved event in queue %q, state %q", queue, state)
		}
		delivered := make(chan string, 2)
		server, err := Open(ctx, dsn, 0, Deps{Deliver: func(_ context.Context, event, delivery string, body []byte) (bool, error) {
			delivered <- event + ":" + delivery + ":" + string(body)
			return false, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer server.Close(ctx)
		select {
		case got := <-delivered:
			if got != `incident.new:d-old:{"id":1}` {
				t.Fatalf("delivered %q", got)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the moved event was never delivered")
		}
	})
}
