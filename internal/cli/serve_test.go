package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/testutil"
)

// startServe runs `leakhound serve` in-process on a free loopback port and
// returns its URL and database.
func startServe(t *testing.T) (url, dsn string) {
	t.Helper()
	dir := t.TempDir()
	dsn = store.SQLiteURL(dir)
	return startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir}, nil), dsn
}

// startServeWith runs serve with options and environment variables and
// returns its URL.
func startServeWith(t *testing.T, o *serveOptions, env map[string]string) string {
	t.Helper()
	url, _ := startServeCtx(t, context.Background(), o, env)
	return url
}

// waitStopped waits for a server whose context was cancelled to return.
func waitStopped(t *testing.T, stopped <-chan struct{}) {
	t.Helper()
	select {
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// startServeCtx runs serve until ctx (or the test) ends; the channel is
// closed when it has returned.
func startServeCtx(t *testing.T, parent context.Context, o *serveOptions, env map[string]string) (string, <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancel(parent)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	io := &IO{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &syncBuffer{}, Getenv: func(k string) string { return env[k] }}
	stopped := make(chan struct{})
	go func() {
		err := runServe(ctx, io, o, func(addr string) { ready <- addr })
		close(stopped)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr, stopped
	case err := <-done:
		t.Fatalf("serve did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start in 30s")
	}
	return "", nil
}

func TestServeTokenAndReportTo(t *testing.T) {
	url, dsn := startServe(t)
	out, errOut, code := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, store.TokenPrefix) || !strings.Contains(errOut, "shown only this once") {
		t.Fatalf("token create: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := run(t, "", "token", "create", "--db", dsn, "--name", "x", "--role", "root"); code != 2 || !strings.Contains(errOut, "role") {
		t.Fatalf("bad role: %d %q", code, errOut)
	}
	if out, errOut, code := run(t, "correct horse battery\n", "user", "create", "--db", dsn, "--name", "alice", "--role", "admin"); code != 0 || !strings.Contains(out, "alice") {
		t.Fatalf("user create: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := run(t, "short\n", "user", "create", "--db", dsn, "--name", "bob"); code != 2 || !strings.Contains(errOut, "at least") {
		t.Fatalf("short password: %d %q", code, errOut)
	}

	// A real repository with a secret, scanned and reported.
	repo := testutil.NewRepo(t)
	secret := testutil.NewGen(77).GitHubToken("ghp_")
	repo.Write2(map[string]string{"deploy/app.env": "GITHUB_TOKEN=" + secret + "\n"}, "add config")
	repo.Git("remote", "add", "origin", "https://user:hunter2@git.example.test/acme/app.git")
	_, errOut, code = runWith(t, "", map[string]string{"LEAKHOUND_TOKEN": token}, "scan", "git", repo.Dir, "--no-progress", "--report-to", url)
	if code != 1 || !strings.Contains(errOut, "1 new") {
		t.Fatalf("scan git --report-to: %d %q", code, errOut)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil || len(incs) != 1 {
		t.Fatalf("incidents: %+v %v", incs, err)
	}
	occ, _, err := st.Occurrences(context.Background(), incs[0].ID, store.Page{})
	if err != nil || len(occ) != 1 || occ[0].Path != "deploy/app.env" || occ[0].Commit == "" || occ[0].Source != "git" ||
		occ[0].Repository != "https://git.example.test/acme/app.git" {
		t.Fatalf("occurrence: %+v %v", occ, err)
	}
	// Same scan again with --token: same incident, no new occurrence.
	if _, errOut, code := run(t, "", "scan", "git", repo.Dir, "--no-progress", "--report-to", url, "--token", token, "--format", "json"); code != 1 || !strings.Contains(errOut, "0 new") {
		t.Fatalf("second scan: %d %q", code, errOut)
	}
	if incs, _, _ := st.ListIncidents(context.Background(), store.IncidentFilter{}); incs[0].Occurrences != 1 {
		t.Fatalf("occurrences after re-send: %d", incs[0].Occurrences)
	}
	// The database never holds the secret.
	raw, err := os.ReadFile(filepath.Join(strings.TrimPrefix(dsn, "sqlite://")))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(strings.TrimPrefix(dsn, "sqlite://") + "-wal")
	if strings.Contains(string(raw)+string(wal), secret) || strings.Contains(string(raw)+string(wal), "hunter2") {
		t.Fatal("the database holds the secret or the remote's password")
	}

	// Failures to send are exit 2 with a clear message.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--report-to", url, "--token", "lhk_wrong"}, "invalid or revoked token"},
		{[]string{"--report-to", url}, "needs a token"},
		{[]string{"--report-to", "http://leakhound.example.test", "--token", token}, "plain http"},
		{[]string{"--report-to", "http://127.0.0.1:1", "--token", token}, "sending the report"},
	} {
		args := append([]string{"scan", "dir", repo.Dir, "--no-progress"}, tc.args...)
		if _, errOut, code := run(t, "", args...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %d %q, want exit 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	if _, errOut, _ := run(t, "", "scan", "dir", repo.Dir, "--report-to", "http://127.0.0.1:1", "--token", token); strings.Contains(errOut, token) {
		t.Error("an error message shows the token")
	}
}

// syncBuffer is a strings.Builder safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// startServeWithToken runs serve and creates a member token for reports.
func startServeWithToken(t *testing.T) (url, dsn, token string) {
	t.Helper()
	url, dsn = startServe(t)
	out, errOut, code := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
	if code != 0 {
		t.Fatalf("token create: %d %s", code, errOut)
	}
	return url, dsn, strings.TrimSpace(out)
}

// TestReportToStripsUnparsableRemote: a remote whose password does not
// parse as a URL ('%' not followed by hex) still loses it before the
// report leaves, and the server stores and shows the bare address.
func TestReportToStripsUnparsableRemote(t *testing.T) {
	url, dsn, token := startServeWithToken(t)
	repo := testutil.NewRepo(t)
	repo.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + testutil.NewGen(78).GitHubToken("ghp_") + "\n"}, "add config")
	const password = "Sup3r%Secret!Pass"
	repo.Git("remote", "add", "origin", "https://ci:"+password+"@git.example.com/acme/app.git")
	if _, errOut, code := run(t, "", "scan", "git", repo.Dir, "--no-progress", "--report-to", url, "--token", token); code != 1 {
		t.Fatalf("scan git --report-to: %d %q", code, errOut)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, _, err := st.Scans(context.Background(), store.Page{})
	if err != nil || len(scans) != 1 || scans[0].Repository != "https://git.example.com/acme/app.git" {
		t.Fatalf("scans: %+v %v", scans, err)
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	raw, _ := os.ReadFile(path)
	wal, _ := os.ReadFile(path + "-wal")
	if strings.Contains(string(raw)+string(wal), "Sup3r") {
		t.Fatal("the database holds the remote's password")
	}
}

// TestServeChecksThroughValidationHosts: `serve --config` takes a
// .leakhound.toml's [validation] hosts like a scan does, so the server's
// re-checks go to a local server acting as GitHub; each re-check asks it
// again (a token revoked since the first check reads invalid). A file
// whose override is refused stops serve at start-up, secrets kept or not.
func TestServeChecksThroughValidationHosts(t *testing.T) {
	secret := testutil.NewGen(91).GitHubToken("ghp_")
	var mu sync.Mutex
	asked, revoked := 0, false
	vendor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path != "/user" || r.Header.Get("Authorization") != "Bearer "+secret {
			http.Error(w, "unexpected request", http.StatusTeapot)
			return
		}
		asked++
		if revoked {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"login":"octocat"}`))
	}))
	defer vendor.Close()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "server.toml")
	if err := os.WriteFile(cfgPath, []byte("[validation]\nhosts = { \"api.github.com\" = \""+vendor.URL+"\" }\ntimeout = \"5s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dsn := store.SQLiteURL(dir)
	url := startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: dir, configPath: cfgPath},
		map[string]string{"LEAKHOUND_SECRET_KEY": strings.Repeat("ab", 32)})
	out, errOut, code := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
	token := strings.TrimSpace(out)
	if code != 0 {
		t.Fatalf("token create: %d %s", code, errOut)
	}
	scanned := t.TempDir()
	writeFiles(t, scanned, map[string]string{"app.env": "GITHUB_TOKEN=" + secret + "\n"})
	if _, errOut, code := run(t, "", "scan", "dir", scanned, "--no-progress", "--report-to", url, "--token", token); code != ExitFindings {
		t.Fatalf("scan --report-to: %d %s", code, errOut)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil || len(incs) != 1 || !incs[0].SecretStored {
		t.Fatalf("incidents: %+v %v", incs, err)
	}
	recheck := func() store.ValidityCheck {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/incidents/%d/validate", url, incs[0].ID), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v store.ValidityCheck
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("re-check: %d %v", resp.StatusCode, err)
		}
		return v
	}
	if v := recheck(); v.Status != "valid" {
		t.Errorf("first re-check: %+v", v)
	}
	mu.Lock()
	revoked = true
	mu.Unlock()
	if v := recheck(); v.Status != "invalid" {
		t.Errorf("re-check after the token was revoked: %+v (a remembered answer?)", v)
	}
	if asked != 2 {
		t.Errorf("the local GitHub was asked %d times, want 2", asked)
	}

	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[validation]\nhosts = { \"api.github.com\" = \"http://mirror.example.test\" }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{nil, {"LEAKHOUND_SECRET_KEY": strings.Repeat("ab", 32)}} {
		_, errOut, code := runWith(t, "", env, "serve", "--config", bad, "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0", "--workers", "0")
		if code != ExitError || !strings.Contains(errOut, "plain http is only allowed to a loopback address") {
			t.Errorf("serve with a refused override: %d %s", code, errOut)
		}
	}
}

// TestServeConfigSaysWhatItIgnores: a server's --config file that sets
// anything besides [validation] (any scan setting, a rule, an allowlist)
// is read for its [validation] section and the server says the rest is
// not used; a file of [validation] alone draws no remark.
func TestServeConfigSaysWhatItIgnores(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"exclude":   "[scan]\nexclude = [\"vendor/\"]\n",
		"disabled":  "[scan]\ndisabled_rules = [\"generic-password\"]\n",
		"size":      "[scan]\nmax_file_size = \"5MB\"\n",
		"allowlist": "[[allowlists]]\npaths = [\"fixtures/\"]\n",
		"none":      "[validation]\ntimeout = \"5s\"\n",
	} {
		path := filepath.Join(dir, name+".toml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		var errb strings.Builder
		cfg, err := validationConfig(&IO{Err: &errb}, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if said := strings.Contains(errb.String(), "uses only its [validation] section"); said != (name != "none") {
			t.Errorf("%s: remark %q", name, errb.String())
		}
		if name == "none" && cfg.Validation.Timeout != "5s" {
			t.Errorf("validation section not kept: %+v", cfg.Validation)
		}
	}
}
