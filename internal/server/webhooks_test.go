package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/netip"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/mirror"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/webhook"
)

// pushEnv is a forge serving one repository over smart HTTP, a server on
// SQLite, a queue with two workers, and the webhook receiver.
type pushEnv struct {
	forge    *httptest.Server
	receiver *httptest.Server
	store    store.Store
	queue    *jobs.Queue
	repo     *testutil.Repo
	bare     string
}

func newPushEnv(t *testing.T) *pushEnv {
	t.Helper()
	ctx := context.Background()
	root := t.TempDir()
	e := &pushEnv{repo: testutil.NewRepo(t), bare: filepath.Join(root, "app.git")}
	e.repo.Write(map[string]string{"README": "hello\n"})
	e.repo.Commit("initial")
	if out, err := testutil.GitCmd(e.repo.Dir, "clone", "-q", "--bare", e.repo.Dir, e.bare).CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	exe, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("git not available")
	}
	e.forge = httptest.NewServer(&cgi.Handler{Path: filepath.Join(strings.TrimSpace(string(exe)), "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}})
	t.Cleanup(e.forge.Close)

	dsn := filepath.Join(t.TempDir(), "leakhound.db")
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.store = st
	byID := testRules(t)
	engine := testEngine(t)
	srv, err := New(Config{Store: st, Keys: Keys{Fingerprint: bytes.Repeat([]byte{7}, 32)}, Rules: byID})
	if err != nil {
		t.Fatal(err)
	}
	cache := &mirror.Cache{Dir: t.TempDir(), AllowHTTPHosts: []string{strings.TrimPrefix(e.forge.URL, "http://")}}
	e.queue, err = jobs.Open(ctx, dsn, 2, jobs.Deps{
		Mirror: cache,
		Scan: func(ctx context.Context, repo string, revs []string) ([]finding.Finding, error) {
			return scan.History(ctx, engine, repo, revs, 1)
		},
		Record: srv.Record,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.queue.Close(context.Background()) })
	rc := &Receiver{GitHubSecret: "hooksecret", Enqueue: func(ctx context.Context, j jobs.ScanPush) (bool, error) { return e.queue.Enqueue(ctx, j) }, CheckURL: cache.CheckRemote}
	e.receiver = httptest.NewServer(rc.Handler())
	t.Cleanup(e.receiver.Close)
	return e
}

// push commits files, pushes them to the forge and returns before, after.
func (e *pushEnv) push(t *testing.T, files map[string]string) (string, string) {
	t.Helper()
	before := e.repo.Git("rev-parse", "HEAD")
	e.repo.Write(files)
	after := e.repo.Commit("change")
	if out, err := testutil.GitCmd(e.repo.Dir, "push", "-q", e.bare, "main").CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	return before, after
}

func (e *pushEnv) deliver(t *testing.T, delivery, before, after string) int {
	t.Helper()
	code, _ := postPush(t, e.receiver.URL, delivery, e.forge.URL+"/app.git", before, after)
	return code
}

// postPush delivers a signed GitHub push of cloneURL and returns the
// answer.
func postPush(t *testing.T, receiver, delivery, cloneURL, before, after string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"ref": "refs/heads/main", "before": before, "after": after,
		"repository": map[string]string{"full_name": "octo/app", "clone_url": cloneURL, "html_url": "https://github.test/octo/app"}})
	req, _ := http.NewRequest("POST", receiver+"/webhooks/github", bytes.NewReader(body))
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-GitHub-Delivery", delivery)
	req.Header.Set("X-Hub-Signature-256", webhook.Sign(body, "hooksecret"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(answer)
}

func TestPushWebhookToIncident(t *testing.T) {
	e := newPushEnv(t)
	events, stop := e.queue.Subscribe()
	defer stop()
	g := testutil.NewGen(41)
	before, after := e.push(t, map[string]string{"mail.env": "POSTMARK_SERVER_TOKEN=" + g.UUID() + "\n"})

	start := time.Now()
	if code := e.deliver(t, "delivery-1", before, after); code != http.StatusAccepted {
		t.Fatalf("delivery answered %d", code)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the receiver took %s to answer", took)
	}
	if code := e.deliver(t, "delivery-1", before, after); code != http.StatusAccepted {
		t.Fatalf("redelivery answered %d", code)
	}
	waitJobs(t, events, 1)
	incidents, n, err := e.store.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || incidents[0].RuleID != "postmark-server-token" {
		t.Fatalf("incidents: %d %+v", n, incidents)
	}
	occ, total, err := e.store.Occurrences(context.Background(), incidents[0].ID, store.Page{Limit: 10})
	if err != nil || total != 1 || occ[0].Commit != after || occ[0].Path != "mail.env" {
		t.Errorf("occurrences: %d %+v %v", total, occ, err)
	}

	// Unsigned and wrongly signed deliveries are refused.
	req, _ := http.NewRequest("POST", e.receiver.URL+"/webhooks/github", strings.NewReader(`{}`))
	req.Header.Set("X-GitHub-Event", "push")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned delivery: %v %v", resp.StatusCode, err)
	}
}

// TestWebhookBurst sends many deliveries at once (loopback only, bounded):
// every push is scanned once, none lost, none duplicated.
func TestWebhookBurst(t *testing.T) {
	e := newPushEnv(t)
	events, stop := e.queue.Subscribe()
	defer stop()
	const pushes = 40
	const deliveriesPerPush = 25 // 1,000 deliveries: each push redelivered
	g := testutil.NewGen(42)
	type push struct{ before, after string }
	var ps []push
	for i := 0; i < pushes; i++ {
		b, a := e.push(t, map[string]string{fmt.Sprintf("svc%d.env", i): "POSTMARK_SERVER_TOKEN=" + g.UUID() + "\n"})
		ps = append(ps, push{b, a})
	}
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := 0; i < pushes*deliveriesPerPush; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := ps[i%pushes]
			if code := e.deliver(t, fmt.Sprintf("d-%d", i%pushes), p.before, p.after); code != http.StatusAccepted {
				t.Errorf("delivery %d answered %d", i, code)
			}
		}()
	}
	wg.Wait()
	received := time.Since(start)
	waitJobs(t, events, pushes)
	t.Logf("%d deliveries received in %s (%.0f/s); %d pushes scanned in %s with 2 workers",
		pushes*deliveriesPerPush, received, float64(pushes*deliveriesPerPush)/received.Seconds(), pushes, time.Since(start))
	_, n, err := e.store.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil || n != pushes {
		t.Errorf("%d incidents, want %d (%v)", n, pushes, err)
	}
}

func waitJobs(t *testing.T, events <-chan *river.Event, n int) {
	t.Helper()
	deadline := time.After(120 * time.Second)
	for done := 0; done < n; {
		select {
		case ev := <-events:
			if ev.Kind == river.EventKindJobCompleted {
				done++
			} else if ev.Job.Attempt >= ev.Job.MaxAttempts {
				t.Fatalf("job failed for good: %v", ev.Job.Errors)
			}
		case <-deadline:
			t.Fatalf("timed out: %d of %d jobs done", done, n)
		}
	}
}

// TestRefusedCloneURLLogsNoPassword: a delivery whose clone URL carries
// credentials is refused, and neither the log line nor the answer repeats
// the password, whether or not the URL parses.
func TestRefusedCloneURLLogsNoPassword(t *testing.T) {
	var logged bytes.Buffer
	cache := &mirror.Cache{Dir: t.TempDir()}
	queued := 0
	rc := &Receiver{GitHubSecret: "hooksecret", Log: slog.New(slog.NewTextHandler(&logged, nil)),
		CheckURL: cache.CheckRemote,
		Enqueue:  func(context.Context, jobs.ScanPush) (bool, error) { queued++; return false, nil }}
	srv := httptest.NewServer(rc.Handler())
	defer srv.Close()
	for i, clone := range []string{"https://user:pw-hunter2@git.example.test/octo/app.git", "https://ci:Sup3r%Secret!Pass@git.example.test/octo/app.git"} {
		code, answer := postPush(t, srv.URL, fmt.Sprintf("d-%d", i), clone, strings.Repeat("1", 40), strings.Repeat("2", 40))
		if code != http.StatusBadRequest {
			t.Errorf("%s: answered %d, want 400", clone, code)
		}
		for _, secret := range []string{"hunter2", "Sup3r"} {
			if strings.Contains(answer, secret) {
				t.Errorf("the answer holds the password: %s", answer)
			}
		}
	}
	if queued != 0 {
		t.Errorf("%d pushes queued", queued)
	}
	if !strings.Contains(logged.String(), "git.example.test/octo/app.git") {
		t.Fatalf("no log line names the refused URL: %s", logged.String())
	}
	for _, secret := range []string{"hunter2", "Sup3r"} {
		if strings.Contains(logged.String(), secret) {
			t.Errorf("the log holds the password: %s", logged.String())
		}
	}
}

// TestWebhookRefusesPrivateCloneURLs: a signed push whose clone URL
// resolves to the server's own network (loopback, private, link-local:
// the cloud metadata service) is refused with 400 and not queued, unless
// the host is allowed.
func TestWebhookRefusesPrivateCloneURLs(t *testing.T) {
	answers := map[string]string{"metadata.test": "169.254.169.254", "lan.test": "10.0.0.5", "loop.test": "127.0.0.1",
		"forge.test": "203.0.113.10", "gitlab.internal": "10.0.0.6"}
	cache := &mirror.Cache{Dir: t.TempDir(), AllowPrivateHosts: []string{"gitlab.internal"},
		Lookup: func(_ context.Context, host string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr(answers[host])}, nil
		}}
	var queued []string
	rc := &Receiver{GitHubSecret: "hooksecret", CheckURL: cache.CheckRemote,
		Enqueue: func(_ context.Context, j jobs.ScanPush) (bool, error) {
			queued = append(queued, j.CloneURL)
			return false, nil
		}}
	srv := httptest.NewServer(rc.Handler())
	defer srv.Close()
	for i, clone := range []string{"https://metadata.test/latest/meta-data", "https://lan.test/octo/app.git", "https://loop.test/octo/app.git",
		"https://127.0.0.1:8443/octo/app.git", "https://[::1]/octo/app.git", "https://169.254.169.254/latest/meta-data"} {
		if code, answer := postPush(t, srv.URL, fmt.Sprintf("p-%d", i), clone, strings.Repeat("1", 40), strings.Repeat("2", 40)); code != http.StatusBadRequest ||
			!strings.Contains(answer, "private network") {
			t.Errorf("%s: %d %s, want 400", clone, code, answer)
		}
	}
	for i, clone := range []string{"https://forge.test/octo/app.git", "https://gitlab.internal/octo/app.git"} {
		if code, answer := postPush(t, srv.URL, fmt.Sprintf("ok-%d", i), clone, strings.Repeat("1", 40), strings.Repeat("2", 40)); code != http.StatusAccepted {
			t.Errorf("%s: %d %s, want 202", clone, code, answer)
		}
	}
	if len(queued) != 2 {
		t.Fatalf("queued %v, want the two allowed pushes only", queued)
	}
}

// TestReplayedWebhookIsOneJob: the same signed body delivered again under
// a new delivery id (the id is a header the signature does not cover) is
// not queued again.
func TestReplayedWebhookIsOneJob(t *testing.T) {
	e := newPushEnv(t)
	events, stop := e.queue.Subscribe()
	defer stop()
	before, after := e.push(t, map[string]string{"mail.env": "POSTMARK_SERVER_TOKEN=" + testutil.NewGen(43).UUID() + "\n"})
	clone := e.forge.URL + "/app.git"
	for i, want := range []string{`{"queued":1}`, `{"queued":0}`, `{"queued":0}`} {
		if code, answer := postPush(t, e.receiver.URL, fmt.Sprintf("replay-%d", i), clone, before, after); code != http.StatusAccepted || answer != want {
			t.Fatalf("delivery %d: %d %s, want %s", i, code, answer, want)
		}
	}
	waitJobs(t, events, 1)
	if _, n, _ := e.store.Scans(context.Background(), store.Page{}); n != 1 {
		t.Fatalf("%d scans recorded, want 1", n)
	}
}
