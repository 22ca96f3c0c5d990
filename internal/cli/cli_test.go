package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/pipeline"
)

// run executes the command line in-process with an injected terminal and
// an empty environment.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, stdin, nil, args...)
}

// runWith is run with environment variables; the cache directory is a
// fresh temporary one unless env names one, and holds the parsed rule
// catalogue from the start.
func runWith(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cache := env["LEAKHOUND_CACHE_DIR"]
	if cache == "" {
		cache = t.TempDir()
	}
	seedCatalogue(cache)
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "LEAKHOUND_CACHE_DIR" {
			return cache
		}
		return ""
	}
	code = Main(args, &IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, Getenv: getenv})
	return out.String(), errb.String(), code
}

// catalogue is the rule catalogue's cache file and the keyword automaton
// of the default rules, made once per test binary and copied into each
// command's cache directory: parsing and checking the YAML and building
// the automaton again for every command takes seconds under the race
// detector, and each command still has its own record of the last scan.
// The cache is only an optimisation; without it a command makes both.
var catalogue struct {
	once  sync.Once
	files map[string][]byte // by name in the cache directory
}

func seedCatalogue(dir string) {
	catalogue.once.Do(func() {
		tmp, err := os.MkdirTemp("", "leakhound-catalogue-")
		if err != nil {
			return
		}
		defer os.RemoveAll(tmp)
		providers, err := pipeline.BuiltinCatalogue(tmp, true)
		if err != nil {
			return
		}
		// A pipeline of the default config, as a scan without one makes,
		// leaves its engine's automaton in the cache.
		if _, err := pipeline.New(context.Background(), pipeline.Setup{Catalogue: providers, CacheDir: tmp}); err != nil {
			return
		}
		catalogue.files = map[string][]byte{}
		for _, pattern := range []string{"catalogue-*.gob", "automaton-*.bin"} {
			names, _ := filepath.Glob(filepath.Join(tmp, pattern))
			for _, name := range names {
				if data, err := os.ReadFile(name); err == nil {
					catalogue.files[filepath.Base(name)] = data
				}
			}
		}
	})
	for name, data := range catalogue.files {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil && os.MkdirAll(dir, 0o700) == nil {
			_ = os.WriteFile(path, data, 0o600)
		}
	}
}

func TestBadFlagsExitTwo(t *testing.T) {
	cases := [][]string{
		{"scan", "dir"},
		{"scan", "dir", ".", "--format", "xml"},
		{"scan", "git", ".", "--branch", "--upload-pack=evil"},
		{"scan", "git", ".", "--range", "main"},
		{"scan", "stdin", "--no-such-flag"},
		{"nonsense"},
		{"rules", "list", "--format", "yaml"},
	}
	for _, args := range cases {
		_, stderr, code := run(t, "", args...)
		if code != ExitError {
			t.Errorf("%v: exit %d, want %d", args, code, ExitError)
		}
		if !strings.Contains(stderr, "leakhound:") {
			t.Errorf("%v: no error message on stderr: %q", args, stderr)
		}
	}
}

func TestVersionAndRulesList(t *testing.T) {
	out, _, code := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "leakhound ") || !strings.Contains(out, " rules)") {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	out, _, code = run(t, "", "rules", "list")
	if code != 0 || !strings.Contains(out, "postmark-server-token") || !strings.Contains(out, "pepipost-api-key") {
		t.Fatalf("rules list: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "", "rules", "list", "--format", "json")
	if code != 0 || !strings.Contains(out, `"id": "postmark-account-token"`) {
		t.Fatalf("rules list json: exit %d\n%s", code, out)
	}
	if strings.Contains(out, `"examples":`) || strings.Contains(out, `"negative_examples":`) {
		t.Error("json rule list leaks example credentials")
	}
}
