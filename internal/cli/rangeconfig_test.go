package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/report"
	"github.com/leakhound/leakhound/internal/testutil"
)

// configSourceOf reads a JSON report's config_source.
func configSourceOf(t *testing.T, stdout string) *report.ConfigSource {
	t.Helper()
	var r struct {
		ConfigSource *report.ConfigSource `json:"config_source"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, stdout)
	}
	return r.ConfigSource
}

// githubPR is the environment of a GitHub pull request from base to head.
func githubPR(t *testing.T, base, head string) map[string]string {
	p := filepath.Join(t.TempDir(), "event.json")
	data, _ := json.Marshal(map[string]any{"pull_request": map[string]any{"base": map[string]string{"sha": base}, "head": map[string]string{"sha": head}}})
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_SHA": head, "GITHUB_EVENT_PATH": p}
}

// A change that adds a secret and, in the same commits, a way to hide it
// (an exclude, an allowlist, an ignore entry, a baseline entry) fails its
// own check: the files apply as they are at the change's base. With
// --trust-config-changes they apply as the change leaves them, as before;
// scan dir of the checkout still reads them.
func TestRangeScanReadsConfigAtItsBase(t *testing.T) {
	hides := map[string]func(secret, fingerprint string) map[string]string{
		"exclude": func(string, string) map[string]string {
			return map[string]string{".leakhound.toml": "[scan]\nexclude = [\"new.env\"]\n"}
		},
		"allowlist": func(secret, _ string) map[string]string {
			return map[string]string{".leakhound.toml": fmt.Sprintf("[[allowlists]]\nregexes = ['%s']\n", secret)}
		},
		"gitleaks allowlist": func(secret, _ string) map[string]string {
			return map[string]string{".gitleaks.toml": fmt.Sprintf("[extend]\nuseDefault = true\n[allowlist]\nregexes = ['%s']\n", secret)}
		},
		"ignore fingerprint": func(_, fp string) map[string]string {
			return map[string]string{".leakhoundignore": fp + " # reviewed\n"}
		},
		"detect-secrets baseline": func(secret, _ string) map[string]string {
			return map[string]string{".secrets.baseline": fmt.Sprintf(`{"version": "1.5.0", "plugins_used": [{"name": "GitHubTokenDetector"}], "filters_used": [],
  "results": {"new.env": [{"type": "GitHub Token", "filename": "new.env", "hashed_secret": %q, "is_verified": false, "line_number": 1}]}}`, detectSecretsHash(secret))}
		},
	}
	for name, hide := range hides {
		t.Run(name, func(t *testing.T) {
			g := testutil.NewGen(61)
			r := testutil.NewRepo(t)
			secret := g.GitHubToken("ghp_")
			base := r.Write2(map[string]string{"README": "hi\n"}, "clean")
			withSecret := r.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + secret + "\n"}, "secret")
			stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+withSecret, "--format", "json")
			fs := decodeReport(t, stdout)
			if code != ExitFindings || len(fs) != 1 {
				t.Fatalf("the secret alone: exit %d, %d findings\n%s", code, len(fs), stderr)
			}
			files := hide(secret, fs[0].Fingerprint)
			tip := r.Write2(files, "hide it")
			var changed string
			for f := range files {
				changed = f
			}
			// The hiding works where it is meant to: the developer's own scan.
			if _, stderr, code := run(t, "", "scan", "dir", r.Dir); code != ExitClean {
				t.Fatalf("scan dir: the change's own %s does not hide the secret (exit %d)\n%s", changed, code, stderr)
			}

			for _, args := range [][]string{
				{"scan", "git", r.Dir, "--range", base + ".." + tip},
				{"scan", "ci", r.Dir},
			} {
				env := githubPR(t, base, tip)
				stdout, stderr, code := runEnv(t, env, append(args, "--format", "json")...)
				if code != ExitFindings {
					t.Fatalf("%s: a change hiding its own secret passes (exit %d)\n%s", args[1], code, stderr)
				}
				if !strings.Contains(stderr, "this change modifies "+changed) || !strings.Contains(stderr, base[:12]) {
					t.Errorf("%s: stderr does not name the changed %s and the base:\n%s", args[1], changed, stderr)
				}
				cs := configSourceOf(t, stdout)
				if cs == nil || cs.Base != base || !slices.Equal(cs.Changed, []string{changed}) || cs.ChangesApplied {
					t.Errorf("%s: config_source = %+v, want base %s, changed [%s]", args[1], cs, base, changed)
				}
				stdout, stderr, code = runEnv(t, env, append(args, "--format", "json", "--trust-config-changes")...)
				if code != ExitClean {
					t.Fatalf("%s --trust-config-changes: exit %d\n%s", args[1], code, stderr)
				}
				if cs := configSourceOf(t, stdout); cs == nil || !cs.ChangesApplied || !slices.Equal(cs.Changed, []string{changed}) {
					t.Errorf("%s --trust-config-changes: config_source = %+v", args[1], cs)
				}
			}
		})
	}
}

// The base's own files still apply, and a change to them without a
// secret only brings the notice.
func TestRangeScanConfigChangeAloneIsANotice(t *testing.T) {
	g := testutil.NewGen(62)
	r := testutil.NewRepo(t)
	secret := g.GitHubToken("ghp_")
	base := r.Write2(map[string]string{".leakhound.toml": "[scan]\nexclude = [\"fixtures/**\"]\n"}, "config")
	tip := r.Write2(map[string]string{
		"fixtures/a.env":  "GITHUB_TOKEN=" + secret + "\n",
		".leakhound.toml": "[scan]\nexclude = [\"fixtures/**\", \"docs/**\"]\n",
	}, "fixture, and docs excluded too")
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+tip, "--format", "sarif")
	if code != ExitClean {
		t.Fatalf("exit %d: the base's exclude should apply\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "this change modifies .leakhound.toml") {
		t.Errorf("no notice of the changed config:\n%s", stderr)
	}
	var sarif struct {
		Runs []struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("bad SARIF: %v\n%s", err, stdout)
	}
	var cs report.ConfigSource
	if err := json.Unmarshal(sarif.Runs[0].Properties["config_source"], &cs); err != nil || cs.Base != base || !slices.Equal(cs.Changed, []string{".leakhound.toml"}) {
		t.Errorf("SARIF run properties lack the changed config: %+v (%v)", cs, err)
	}
}

// A change with no base at all (a new history, no default branch) is
// checked with the built-in rules only, and says so.
func TestRangeScanWithoutBase(t *testing.T) {
	g := testutil.NewGen(63)
	r := testutil.NewRepo(t)
	r.Git("branch", "-m", "work")
	secret := g.GitHubToken("ghp_")
	tip := r.Write2(map[string]string{
		"new.env":         "GITHUB_TOKEN=" + secret + "\n",
		".leakhound.toml": "[scan]\nexclude = [\"new.env\"]\n",
	}, "secret and its exclude")
	_, stderr, code := runEnv(t, map[string]string{"CIRCLECI": "true", "CIRCLE_SHA1": tip}, "scan", "ci", r.Dir)
	if code != ExitFindings {
		t.Fatalf("exit %d: the new history's own exclude applied\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "this change adds .leakhound.toml") || !strings.Contains(stderr, "no base commit") {
		t.Errorf("stderr does not say there is no base:\n%s", stderr)
	}
}

// A server refuses a push that adds a secret with its own exclude, to an
// existing branch and as a new branch (whose base is the server's HEAD).
func TestPreReceiveReadsConfigAtTheOldValue(t *testing.T) {
	g := testutil.NewGen(64)
	bin := testutil.Binary(t)
	r, remote := cloneOfGuardedServer(t)
	hook := filepath.Join(remote, "hooks", "pre-receive")
	r.Write2(map[string]string{
		"new.env":         "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n",
		".leakhound.toml": "[scan]\nexclude = [\"new.env\"]\n",
	}, "secret and its exclude")
	for _, ref := range []string{"main", "main:refs/heads/other"} {
		out, ok := gitRun(r.Dir, nil, "push", "origin", ref)
		if ok || !strings.Contains(out, "this change modifies .leakhound.toml") {
			t.Errorf("push %s with a secret and its own exclude was not refused:\n%s", ref, out)
		}
	}
	// The client's pre-push hook is the pusher's own check: it applies the
	// change's exclude (and says so), and the server still refuses.
	if out, code := runBinary(t, r.Dir, nil, "hook", "install", "--pre-push"); code != 0 {
		t.Fatalf("install: %s", out)
	}
	for _, ref := range []string{"main", "main:refs/heads/other"} {
		out, ok := gitRun(r.Dir, nil, "push", "origin", ref)
		if ok || !strings.Contains(out, "its own versions apply") || !strings.Contains(out, "remote: leakhound") {
			t.Errorf("push %s: pre-push did not apply the change's own exclude, or the server did not refuse:\n%s", ref, out)
		}
	}
	os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress --trust-config-changes\n"), 0o755)
	if out, ok := gitRun(r.Dir, nil, "push", "--no-verify", "origin", "main"); !ok {
		t.Errorf("with --trust-config-changes the push is refused:\n%s", out)
	}

	// The first push to an empty server has no base: no file applies.
	empty := filepath.Join(t.TempDir(), "empty.git")
	mustGit(t, t.TempDir(), "init", "-q", "--bare", "-b", "main", empty)
	os.WriteFile(filepath.Join(empty, "hooks", "pre-receive"), []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress\n"), 0o755)
	out, ok := gitRun(r.Dir, nil, "push", "--no-verify", empty, "main")
	if ok || !strings.Contains(out, "this change adds .leakhound.toml") || !strings.Contains(out, "no base commit") {
		t.Errorf("first push with a secret and its own exclude was not refused, or no base was not said:\n%s", out)
	}
}

// A file the base's config names (a gitleaks [extend] path) is read at
// the base too: a change to it is named and does not apply.
func TestRangeScanReadsExtendedConfigAtItsBase(t *testing.T) {
	g := testutil.NewGen(65)
	r := testutil.NewRepo(t)
	secret := g.GitHubToken("ghp_")
	base := r.Write2(map[string]string{
		".gitleaks.toml":        "[extend]\npath = \"ci/gitleaks-base.toml\"\n",
		"ci/gitleaks-base.toml": "[extend]\nuseDefault = true\n",
	}, "gitleaks config in two files")
	tip := r.Write2(map[string]string{
		"new.env":               "GITHUB_TOKEN=" + secret + "\n",
		"ci/gitleaks-base.toml": fmt.Sprintf("[extend]\nuseDefault = true\n[allowlist]\nregexes = ['%s']\n", secret),
	}, "secret, allowed in the extended config")
	if _, stderr, code := run(t, "", "scan", "dir", r.Dir); code != ExitClean {
		t.Fatalf("scan dir: the extended config's allowlist does not apply (exit %d)\n%s", code, stderr)
	}
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+tip, "--format", "json")
	if code != ExitFindings || !strings.Contains(stderr, "this change modifies ci/gitleaks-base.toml") {
		t.Fatalf("exit %d: the change's own extended config applied\n%s", code, stderr)
	}
	if cs := configSourceOf(t, stdout); cs == nil || !slices.Equal(cs.Changed, []string{"ci/gitleaks-base.toml"}) {
		t.Errorf("config_source = %+v", cs)
	}
	if _, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+tip, "--trust-config-changes"); code != ExitClean {
		t.Errorf("--trust-config-changes: exit %d\n%s", code, stderr)
	}
}

// A broken config at the base is an error naming it at that commit.
func TestRangeScanBrokenBaseConfigIsNamedAtItsCommit(t *testing.T) {
	r := testutil.NewRepo(t)
	base := r.Write2(map[string]string{".leakhound.toml": "[scan]\nnot_a_key = 1\n"}, "broken config")
	tip := r.Write2(map[string]string{".leakhound.toml": "[scan]\n"}, "fixed")
	_, stderr, code := run(t, "", "scan", "git", r.Dir, "--range", base+".."+tip)
	if code != ExitError || !strings.Contains(stderr, base[:12]+":.leakhound.toml") || strings.Contains(stderr, "leakhound-base-") {
		t.Errorf("exit %d, want 2 naming %s:.leakhound.toml\n%s", code, base[:12], stderr)
	}
}

// cloneOfGuardedServer returns a repository that pushed its first commit
// (main) to a new bare repository, whose pre-receive hook then runs
// leakhound's; and that repository.
func cloneOfGuardedServer(t *testing.T) (*testutil.Repo, string) {
	t.Helper()
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustGit(t, t.TempDir(), "init", "-q", "--bare", "-b", "main", remote)
	r := testutil.NewRepo(t)
	mustGit(t, r.Dir, "remote", "add", "origin", remote)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	if out, ok := gitRun(r.Dir, nil, "push", "-q", "origin", "main"); !ok {
		t.Fatalf("clean push refused:\n%s", out)
	}
	hook := "#!/bin/sh\nexec '" + testutil.Binary(t) + "' scan pre-receive --no-progress\n"
	if err := os.WriteFile(filepath.Join(remote, "hooks", "pre-receive"), []byte(hook), 0o755); err != nil {
		t.Fatal(err)
	}
	return r, remote
}
