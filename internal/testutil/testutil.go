// Package testutil builds real git repositories and synthetic credentials
// for tests. Credentials are generated at run time so the repository holds
// no literal secret (leakhound scans its own history).
package testutil

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
)

// Gen makes deterministic random credentials.
type Gen struct{ r *rand.Rand }

// NewGen returns a generator seeded for repeatable tests.
func NewGen(seed uint64) *Gen { return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

// String returns n random characters from alphabet.
func (g *Gen) String(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	Hex    = "0123456789abcdef"
)

// IntN returns a random int in [0, n).
func (g *Gen) IntN(n int) int { return g.r.IntN(n) }

// UUID returns a random lowercase UUID.
func (g *Gen) UUID() string {
	h := g.String(Hex, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// GitHubToken returns a classic token with a valid checksum.
func (g *Gen) GitHubToken(prefix string) string {
	random := g.String(Base62, 30)
	return prefix + random + rule.Base62CRC32([]byte(random))
}

// AWSKeyID returns an access key id.
func (g *Gen) AWSKeyID() string { return "AKIA" + g.String("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) }

// AWSSecret returns a secret access key.
func (g *Gen) AWSSecret() string { return g.String(Base62+"+/", 40) }

// Repo is a git repository in a temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
	n   int
}

// NewRepo runs git init in a new temporary directory.
func NewRepo(t testing.TB) *Repo {
	t.Helper()
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	return r
}

// OpenRepo is a repository made elsewhere (a clone), to run git in.
func OpenRepo(t testing.TB, dir string) *Repo { return &Repo{t: t, Dir: dir} }

// Git runs git in the repository and returns its trimmed output.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	out, err := GitCmd(r.Dir, args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// GitCmd is a git command with a fixed identity and no user config.
func GitCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test Author", "-c", "user.email=author@example.test", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	return cmd
}

// Write creates or replaces files (path -> content).
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.Dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit stages everything and commits with a message; it returns the hash.
func (r *Repo) Commit(msg string) string {
	r.t.Helper()
	r.n++
	r.Git("add", "-A")
	date := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(r.n) * 24 * time.Hour).Format(time.RFC3339)
	cmd := GitCmd(r.Dir, "commit", "-q", "--allow-empty", "-m", msg)
	cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git commit: %v\n%s", err, out)
	}
	return r.Git("rev-parse", "HEAD")
}

// Write2 writes files and commits them, returning the commit hash.
func (r *Repo) Write2(files map[string]string, msg string) string {
	r.t.Helper()
	r.Write(files)
	return r.Commit(msg)
}

// Import commits files on top of the current branch with git fast-import,
// without writing them to the work tree (which is left as it was): many
// files cost no file system calls. Names must not hold a newline. It
// returns the commit hash.
func (r *Repo) Import(files map[string]string, msg string) string {
	r.t.Helper()
	r.n++
	branch := r.Git("symbolic-ref", "HEAD")
	when := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(r.n) * 24 * time.Hour).Unix()
	var b strings.Builder
	fmt.Fprintf(&b, "commit %s\nauthor Test Author <author@example.test> %d +0000\ncommitter Test Author <author@example.test> %d +0000\ndata %d\n%s\n",
		branch, when, when, len(msg), msg)
	if parent := GitCmd(r.Dir, "rev-parse", "-q", "--verify", "HEAD"); parent.Run() == nil {
		fmt.Fprintf(&b, "from %s^0\n", branch)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", name, len(files[name]), files[name])
	}
	cmd := GitCmd(r.Dir, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	return r.Git("rev-parse", "HEAD")
}

// Binary builds the leakhound command once per test process and returns
// its path, for tests that need a real executable (git hooks run it).
// -trimpath leaves the directory out of the build cache's keys, so the
// compiled packages serve any checkout of the same source: the pre-commit
// test's build from a fresh clone (BuildFlags) finds them in the cache.
func Binary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "leakhound-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "leakhound")
		out, err := exec.Command("go", "build", BuildFlags, "-o", binaryPath, "github.com/leakhound/leakhound/cmd/leakhound").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// BuildFlags are the flags Binary builds with; a test that has another tool
// build leakhound (in GOFLAGS) passes them too, to share the cache.
const BuildFlags = "-trimpath"

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)
