package mirror

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// ServeGit serves the repositories under root over git's smart HTTP
// protocol with git http-backend behind net/http/cgi, like a real forge.
func serveGit(t *testing.T, root string) *httptest.Server {
	t.Helper()
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("git not available")
	}
	backend := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	h := &cgi.Handler{Path: backend, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(http.StripPrefix("/git", h))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchOverSmartHTTP(t *testing.T) {
	root := t.TempDir()
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"a.txt": "one\n"})
	c1 := r.Commit("one")
	bare := filepath.Join(root, "app.git")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	srv := serveGit(t, root)
	host := strings.TrimPrefix(srv.URL, "http://")
	cache := &Cache{Dir: t.TempDir(), AllowHTTPHosts: []string{host}}
	url := srv.URL + "/git/app.git"
	dir, err := cache.Fetch(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "refs/heads/main")); got != c1 {
		t.Fatalf("mirror main = %s, want %s", got, c1)
	}
	// A new push upstream arrives with the next fetch.
	r.Write(map[string]string{"a.txt": "two\n"})
	c2 := r.Commit("two")
	run(t, r.Dir, "push", "-q", bare, "main")
	if _, err := cache.Fetch(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "refs/heads/main")); got != c2 {
		t.Errorf("after second fetch main = %s, want %s", got, c2)
	}
}

func TestRefusedURLs(t *testing.T) {
	cache := &Cache{Dir: t.TempDir(), AllowHTTPHosts: []string{"git.internal:8080"}}
	for _, u := range []string{
		"file:///etc", "/srv/git/app.git", "ssh://git@example.com/app.git", "git://example.com/app.git",
		"ext::sh -c touch% /tmp/pwned", "http://example.com/app.git", "https://user:pw@example.com/app.git", "-uhttps://x",
	} {
		if _, err := cache.Fetch(context.Background(), u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if _, err := cache.CheckURL("http://git.internal:8080/app.git"); err != nil {
		t.Errorf("allowed http host refused: %v", err)
	}
	if _, err := cache.CheckURL("https://github.com/o/r.git"); err != nil {
		t.Errorf("https refused: %v", err)
	}
	if entries, _ := os.ReadDir(cache.Dir); len(entries) != 0 {
		t.Errorf("refused URLs created mirrors: %v", entries)
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := testutil.GitCmd(dir, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// resolver answers from a table, counting the questions.
type resolver struct {
	answers map[string][]string
	asked   int
}

func (r *resolver) lookup(_ context.Context, host string) ([]netip.Addr, error) {
	r.asked++
	var out []netip.Addr
	for _, a := range r.answers[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no such host %s", host)
	}
	return out, nil
}

// TestPrivateAddressesRefused: a clone URL whose host is, or resolves to,
// a loopback, private, link-local or otherwise non-public address is
// refused unless the host is allowed; public ones pass.
func TestPrivateAddressesRefused(t *testing.T) {
	r := &resolver{answers: map[string][]string{
		"loop.test": {"127.0.0.1"}, "lan.test": {"10.1.2.3"}, "meta.test": {"169.254.169.254"},
		"v6loop.test": {"::1"}, "ula.test": {"fd00::1"}, "cgnat.test": {"100.100.100.200"},
		"mapped.test": {"::ffff:192.168.1.1"}, "mixed.test": {"203.0.113.10", "10.0.0.1"},
		"public.test": {"203.0.113.10"}, "gitlab.internal": {"10.9.9.9"},
	}}
	cache := &Cache{Dir: t.TempDir(), Lookup: r.lookup, AllowPrivateHosts: []string{"gitlab.internal"}}
	ctx := context.Background()
	for _, u := range []string{
		"https://loop.test/a.git", "https://lan.test/a.git", "https://meta.test/a.git", "https://v6loop.test/a.git",
		"https://ula.test/a.git", "https://cgnat.test/a.git", "https://mapped.test/a.git", "https://mixed.test/a.git",
		"https://127.0.0.1/a.git", "https://[::1]/a.git", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/a.git",
	} {
		if _, _, err := cache.Resolve(ctx, u); err == nil || !strings.Contains(err.Error(), "--allow-private-hosts") {
			t.Errorf("%s: %v, want refused", u, err)
		}
		if err := cache.CheckRemote(ctx, u); err == nil {
			t.Errorf("%s passes the webhook check", u)
		}
		if _, err := cache.Fetch(ctx, u); err == nil {
			t.Errorf("%s fetched", u)
		}
	}
	for _, u := range []string{"https://public.test/a.git", "https://gitlab.internal/a.git", "https://203.0.113.7/a.git"} {
		if _, _, err := cache.Resolve(ctx, u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	// A host that does not resolve now is left to the fetch, which
	// resolves again; it is not refused at the webhook.
	if err := cache.CheckRemote(ctx, "https://gone.test/a.git"); err != nil {
		t.Errorf("unresolvable host refused at once: %v", err)
	}
	if _, err := cache.Fetch(ctx, "https://gone.test/a.git"); err == nil || !errors.Is(err, ErrUnresolved) {
		t.Errorf("unresolvable host fetched: %v", err)
	}
	if entries, _ := os.ReadDir(cache.Dir); len(entries) != 0 {
		t.Errorf("refused URLs created mirrors: %v", entries)
	}
}

// bareRepo makes a repository with one commit and a bare copy under a
// new root, served at /git/app.git; it returns the commit and the server.
func bareRepo(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	root := t.TempDir()
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"a.txt": "one\n"})
	c1 := r.Commit("one")
	if out, err := testutil.GitCmd(r.Dir, "clone", "-q", "--bare", r.Dir, filepath.Join(root, "app.git")).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	return c1, serveGit(t, root)
}

// TestFetchPinsTheCheckedAddress: git connects to the address the check
// resolved, not to whatever the name resolves to later. The name here
// exists only in the test's resolver, so the fetch works only if git
// used the pinned address; it is resolved once per fetch.
func TestFetchPinsTheCheckedAddress(t *testing.T) {
	c1, srv := bareRepo(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	r := &resolver{answers: map[string][]string{"forge.invalid": {"127.0.0.1"}}}
	host := fmt.Sprintf("forge.invalid:%d", port)
	cache := &Cache{Dir: t.TempDir(), Lookup: r.lookup, AllowHTTPHosts: []string{host}}
	dir, err := cache.Fetch(context.Background(), "http://"+host+"/git/app.git")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "refs/heads/main")); got != c1 {
		t.Fatalf("mirror main = %s, want %s", got, c1)
	}
	if r.asked != 1 {
		t.Errorf("the host was resolved %d times, want once", r.asked)
	}
}

// TestRedirectsAreNotFollowed: a forge that redirects (to another host,
// or from https to http) would lead git past the address check; git is
// told to treat every redirect as an error.
func TestRedirectsAreNotFollowed(t *testing.T) {
	_, forge := bareRepo(t)
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		forge.Config.Handler.ServeHTTP(w, r)
	}))
	defer target.Close()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer front.Close()
	cache := &Cache{Dir: t.TempDir(), AllowHTTPHosts: []string{strings.TrimPrefix(front.URL, "http://"), strings.TrimPrefix(target.URL, "http://")}}
	_, err := cache.Fetch(context.Background(), front.URL+"/git/app.git")
	if err == nil || !strings.Contains(err.Error(), "302") {
		t.Fatalf("a redirected fetch: %v, want git's refusal of the 302", err)
	}
	if reached.Load() != 0 {
		t.Fatalf("git followed the redirect (%d requests reached its target)", reached.Load())
	}
}
