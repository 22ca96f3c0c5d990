package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/server/notify"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/webhook"
)

// forgeWith serves one bare repository (made from a repo with a secret)
// over smart HTTP; delay, when set, holds requests that long.
func forgeWith(t *testing.T, delay *atomic.Int64) (srv *httptest.Server, before, after string) {
	return forgeCommitting(t, delay, map[string]string{"mail.env": "POSTMARK_SERVER_TOKEN=" + testutil.NewGen(91).UUID() + "\n"})
}

// forgeCommitting is forgeWith whose second commit adds files.
func forgeCommitting(t *testing.T, delay *atomic.Int64, files map[string]string) (srv *httptest.Server, before, after string) {
	t.Helper()
	root := t.TempDir()
	r := testutil.NewRepo(t)
	before = r.Write2(map[string]string{"README": "hi\n"}, "initial")
	after = r.Write2(files, "secret")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, filepath.Join(root, "app.git")).CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	exe, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("git not available")
	}
	backend := &cgi.Handler{Path: filepath.Join(strings.TrimSpace(string(exe)), "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if delay != nil {
			time.Sleep(time.Duration(delay.Load()))
		}
		backend.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv, before, after
}

func githubDelivery(t *testing.T, url, secret, delivery, cloneURL, before, after string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"ref": "refs/heads/main", "before": before, "after": after,
		"repository": map[string]string{"full_name": "octo/app", "clone_url": cloneURL, "html_url": "https://github.test/octo/app"}})
	req, _ := http.NewRequest("POST", url+"/webhooks/github", bytes.NewReader(body))
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-GitHub-Delivery", delivery)
	req.Header.Set("X-Hub-Signature-256", webhook.Sign(body, secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func incidentsIn(t *testing.T, dsn string) []store.Incident {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return incs
}

func waitIncidents(t *testing.T, dsn string, want int, within time.Duration) []store.Incident {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		incs := incidentsIn(t, dsn)
		if len(incs) >= want || time.Now().After(deadline) {
			return incs
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestServeReceivesPushWebhooks runs `serve` with in-process workers: a
// signed GitHub push becomes an incident; unsigned deliveries and file://
// clone URLs are refused; /metrics shows the queue.
func TestServeReceivesPushWebhooks(t *testing.T) {
	forge, before, after := forgeWith(t, nil)
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	env := map[string]string{"LEAKHOUND_GITHUB_WEBHOOK_SECRET": "hook-secret"}
	url := startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir,
		queue: queueOptions{workers: 2, allowHTTPHosts: []string{strings.TrimPrefix(forge.URL, "http://")}}}, env)

	if code := githubDelivery(t, url, "hook-secret", "d-1", forge.URL+"/app.git", before, after); code != http.StatusAccepted {
		t.Fatalf("delivery: %d", code)
	}
	if code := githubDelivery(t, url, "wrong", "d-2", forge.URL+"/app.git", before, after); code != http.StatusUnauthorized {
		t.Errorf("badly signed delivery: %d", code)
	}
	if code := githubDelivery(t, url, "hook-secret", "d-3", "file:///etc", before, after); code != http.StatusBadRequest {
		t.Errorf("file:// clone URL: %d", code)
	}
	incs := waitIncidents(t, dsn, 1, 60*time.Second)
	if len(incs) != 1 || incs[0].RuleID != "postmark-server-token" {
		t.Fatalf("incidents: %+v", incs)
	}
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"leakhound_queue_depth ", `leakhound_webhooks_total{platform="github",outcome="accepted"} 1`,
		`leakhound_webhooks_total{platform="github",outcome="unauthorized"} 1`, `leakhound_jobs_total{kind="scan_push"} 1`, "leakhound_webhook_seconds_bucket"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

// TestPushScanKeepsKeyPairs: a push scanned by the server's workers records
// an AWS secret access key and a Twilio auth token with their other parts
// (the access key id, the Account SID) kept encrypted, as --report-to
// does, and no incident for the SID, an identifier found only to be that
// part.
func TestPushScanKeepsKeyPairs(t *testing.T) {
	g := testutil.NewGen(92)
	forge, before, after := forgeCommitting(t, nil, map[string]string{
		"deploy/aws.ini": "aws_access_key_id = " + g.AWSKeyID() + "\naws_secret_access_key = " + g.AWSSecret() + "\n",
		"twilio.env":     "TWILIO_ACCOUNT_SID=AC" + g.String(testutil.Hex, 32) + "\nTWILIO_AUTH_TOKEN=" + g.String(testutil.Hex, 32) + "\n",
	})
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	env := map[string]string{"LEAKHOUND_GITHUB_WEBHOOK_SECRET": "hook-secret", "LEAKHOUND_SECRET_KEY": strings.Repeat("ab", 32)}
	url := startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir,
		queue: queueOptions{workers: 1, allowHTTPHosts: []string{strings.TrimPrefix(forge.URL, "http://")}}}, env)
	if code := githubDelivery(t, url, "hook-secret", "d-pairs", forge.URL+"/app.git", before, after); code != http.StatusAccepted {
		t.Fatalf("delivery: %d", code)
	}
	got := map[string]store.Incident{}
	for _, inc := range waitIncidents(t, dsn, 3, 60*time.Second) {
		got[inc.RuleID] = inc
	}
	if len(got) != 3 || !got["aws-secret-access-key"].PairStored || !got["twilio-auth-token"].PairStored || got["aws-access-key-id"].PairStored {
		t.Errorf("incidents: %+v", got)
	}
}

// TestWorkerKilledMidJobIsRetried: a separate worker process is killed
// with SIGKILL while it fetches a push; another worker takes the job over
// and the incident is recorded once.
func TestWorkerKilledMidJobIsRetried(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the queue's stuck-job rescuer")
	}
	var delay atomic.Int64
	delay.Store(int64(20 * time.Second))
	forge, before, after := forgeWith(t, &delay)
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	env := []string{"LEAKHOUND_SERVER_KEY=" + strings.Repeat("k", 40)}
	ctx := context.Background()
	q, err := jobs.Open(ctx, dsn, 0, jobs.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close(ctx)
	if _, err := q.Enqueue(ctx, jobs.ScanPush{Platform: "github", DeliveryID: "d-1", Repository: "octo/app",
		CloneURL: forge.URL + "/app.git", Ref: "refs/heads/main", Before: before, After: after}); err != nil {
		t.Fatal(err)
	}
	worker := func() *exec.Cmd {
		cmd := exec.Command(testutil.Binary(t), "worker", "--db", dsn, "--data-dir", dir, "--workers", "1",
			"--allow-http-hosts", strings.TrimPrefix(forge.URL, "http://"), "--rescue-after", "4s")
		cmd.Env = append(os.Environ(), env...)
		var log bytes.Buffer
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	first := worker()
	waitRunning(t, strings.TrimPrefix(dsn, "sqlite://"))
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	delay.Store(0)
	worker()
	incs := waitIncidents(t, dsn, 1, 120*time.Second)
	if len(incs) != 1 || incs[0].Occurrences != 1 {
		t.Fatalf("after the rescue: %+v", incs)
	}
}

// waitRunning waits until a job is running (a worker has taken it).
func waitRunning(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM river_job WHERE state = 'running'`).Scan(&n); err == nil && n > 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no worker took the job")
}

func TestMonitorAddQueuesEveryRepository(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer org-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		page := r.URL.Query().Get("page")
		var repos []map[string]string
		if page == "" {
			w.Header().Set("Link", `<http://`+r.Host+r.URL.Path+`?page=2>; rel="next"`)
			repos = []map[string]string{{"full_name": "acme/a", "clone_url": "https://github.test/acme/a.git"}, {"full_name": "acme/b", "clone_url": "https://github.test/acme/b.git"}}
		} else {
			repos = []map[string]string{{"full_name": "acme/c", "clone_url": "https://github.test/acme/c.git"}}
		}
		json.NewEncoder(w).Encode(repos)
	}))
	defer api.Close()
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	env := map[string]string{"ORG_TOKEN": "org-token"}
	out, stderr, code := runWith(t, "", env, "monitor", "add", "github", "--org", "acme", "--token-env", "ORG_TOKEN", "--api-url", api.URL, "--db", dsn)
	if code != 0 || !strings.Contains(out, "3 repositories, 3 scans queued") {
		t.Fatalf("exit %d %q %q", code, out, stderr)
	}
	// Onboarding twice queues nothing new while the first scans are known.
	if out, _, _ := runWith(t, "", env, "monitor", "add", "github", "--org", "acme", "--token-env", "ORG_TOKEN", "--api-url", api.URL, "--db", dsn); !strings.Contains(out, "0 scans queued") {
		t.Errorf("second onboarding: %q", out)
	}
	if _, stderr, code := runWith(t, "", nil, "monitor", "add", "github", "--org", "acme", "--token-env", "ORG_TOKEN", "--api-url", api.URL, "--db", dsn); code != ExitError || !strings.Contains(stderr, "ORG_TOKEN is empty") {
		t.Errorf("missing token: %d %q", code, stderr)
	}
}

// TestPushBurstWithWorkerProcesses queues 200 push deliveries (40 pushes,
// each delivered 5 times, as platforms redeliver) and lets two separate
// `leakhound worker` processes share them on one database: every push is
// scanned once, no incident lost or duplicated. It runs on every backend:
// SQLite always, PostgreSQL when make test starts one, both on one forge
// (the workers only read it).
func TestPushBurstWithWorkerProcesses(t *testing.T) {
	// Every redelivery after the first is the same insert, skipped as a
	// duplicate: 5 test that as 25 did, at a fifth of the inserts (a
	// minute on SQLite under the race detector).
	const pushes, redeliveries = 40, 5
	root := t.TempDir()
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hi\n"}, "initial")
	bare := filepath.Join(root, "app.git")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	g := testutil.NewGen(93)
	type push struct{ before, after string }
	var ps []push
	for i := 0; i < pushes; i++ {
		before := r.Git("rev-parse", "HEAD")
		after := r.Write2(map[string]string{"svc" + strconv.Itoa(i) + ".env": "POSTMARK_SERVER_TOKEN=" + g.UUID() + "\n"}, "svc")
		ps = append(ps, push{before, after})
	}
	if out, err := testutil.GitCmd(r.Dir, "push", "-q", bare, "main").CombinedOutput(); err != nil {
		t.Fatalf("%s", out)
	}
	exe, _ := exec.Command("git", "--exec-path").Output()
	forge := httptest.NewServer(&cgi.Handler{Path: filepath.Join(strings.TrimSpace(string(exe)), "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}})
	defer forge.Close()

	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			dir := t.TempDir()
			ctx := context.Background()
			storetest.Open(t, dsn) // migrate the store's schema once, before the workers race to
			q, err := jobs.Open(ctx, dsn, 0, jobs.Deps{})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close(ctx)
			start := time.Now()
			for i := 0; i < pushes*redeliveries; i++ {
				p := ps[i%pushes]
				if _, err := q.Enqueue(ctx, jobs.ScanPush{Platform: "github", DeliveryID: "d-" + strconv.Itoa(i%pushes), Repository: "octo/app",
					CloneURL: forge.URL + "/app.git", Ref: "refs/heads/main", Before: p.before, After: p.after}); err != nil {
					t.Fatal(err)
				}
			}
			queued := time.Since(start)
			for w := 0; w < 2; w++ {
				cmd := exec.Command(testutil.Binary(t), "worker", "--db", dsn, "--data-dir", dir, "--workers", "2",
					"--mirrors", filepath.Join(dir, "mirrors-"+strconv.Itoa(w)), "--allow-http-hosts", strings.TrimPrefix(forge.URL, "http://"))
				cmd.Env = append(os.Environ(), "LEAKHOUND_SERVER_KEY="+strings.Repeat("k", 40))
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
			}
			incs := waitIncidents(t, dsn, pushes, 180*time.Second)
			t.Logf("%s: %d deliveries queued in %s (%.0f/s); %d pushes scanned by 2 worker processes in %s",
				b.Name, pushes*redeliveries, queued, float64(pushes*redeliveries)/queued.Seconds(), pushes, time.Since(start))
			if len(incs) != pushes {
				t.Fatalf("%d incidents, want %d", len(incs), pushes)
			}
			for _, inc := range incs {
				if inc.Occurrences != 1 {
					t.Errorf("incident %d has %d occurrences, want 1", inc.ID, inc.Occurrences)
				}
			}
		})
	}
}

// TestNotificationsSurviveARestart: the webhook receiver is down when a new
// incident is reported, and the server stops before it comes back; after a
// restart the event is delivered, signed, once.
func TestNotificationsSurviveARestart(t *testing.T) {
	var up atomic.Bool
	var got atomic.Int32
	var deliveries sync.Map
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify([]byte("notify-secret"), r.Header.Get(notify.HeaderTimestamp), r.Header.Get(notify.HeaderSignature), body) {
			t.Errorf("bad signature")
		}
		if _, dup := deliveries.LoadOrStore(r.Header.Get(notify.HeaderDelivery), true); !dup {
			got.Add(1)
		}
	}))
	defer hook.Close()
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	env := map[string]string{"LEAKHOUND_WEBHOOK_SECRET": "notify-secret"}
	opts := func() *serveOptions {
		return &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir, webhookURL: hook.URL, webhookFormat: "json", queue: queueOptions{workers: 1}}
	}
	token, _, code := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
	if code != 0 {
		t.Fatal("token create failed")
	}
	token = strings.TrimSpace(token)

	ctx, stop := context.WithCancel(context.Background())
	url, stopped := startServeCtx(t, ctx, opts(), env)
	repo := testutil.NewRepo(t)
	repo.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + testutil.NewGen(95).GitHubToken("ghp_") + "\n"}, "secret")
	if _, stderr, code := runWith(t, "", map[string]string{"LEAKHOUND_TOKEN": token}, "scan", "git", repo.Dir, "--report-to", url); code != ExitFindings {
		t.Fatalf("report: %d %s", code, stderr)
	}
	time.Sleep(1500 * time.Millisecond) // a few failed attempts while the receiver is down
	stop()
	waitStopped(t, stopped)

	up.Store(true)
	startServeWith(t, opts(), env)
	deadline := time.Now().Add(60 * time.Second)
	for got.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if got.Load() != 1 {
		t.Fatalf("%d distinct deliveries after the restart, want 1", got.Load())
	}
}

// TestReportToSaysWhatWasScanned: a CI scan reported to the server is
// recorded as such, with the range it covered.
func TestReportToSaysWhatWasScanned(t *testing.T) {
	dir := t.TempDir()
	dsn := store.SQLiteURL(dir)
	url := startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir}, nil)
	token, _, _ := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
	h := newCIHistory(t)
	env := map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": h.c3, "CI_COMMIT_BEFORE_SHA": h.c1, "LEAKHOUND_TOKEN": strings.TrimSpace(token)}
	if _, stderr, code := runWith(t, "", env, "scan", "ci", h.dir, "--report-to", url); code != ExitFindings {
		t.Fatalf("scan ci: %d %s", code, stderr)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, _, err := st.Scans(context.Background(), store.Page{Limit: 10})
	if err != nil || len(scans) != 1 || scans[0].Source != "ci" || !strings.Contains(scans[0].CommitRange, h.c1[:12]+".."+h.c3[:12]) {
		t.Fatalf("scans: %+v %v", scans, err)
	}
}
