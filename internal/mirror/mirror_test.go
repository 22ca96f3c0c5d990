package mirror

import (
	"context"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
