package cli

import (
	"bytes"
	"strings"
	"testing"
)

// run executes the command line in-process with an injected terminal and
// an empty environment.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, stdin, nil, args...)
}

// runWith is run with environment variables; the cache directory is always
// a fresh temporary one.
func runWith(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cache := t.TempDir()
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
