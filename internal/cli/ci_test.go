package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// runEnv runs the command line with the given environment variables.
func runEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, "", env, args...)
}

// ciHistory is main: c0 (secret A) -> c1 (clean), then a feature branch
// with c2 (clean) -> c3 (secret B). origin/main points at c1.
type ciHistory struct {
	dir              string
	c0, c1, c2, c3   string
	secretA, secretB string
}

func newCIHistory(t *testing.T) ciHistory {
	g := testutil.NewGen(21)
	r := testutil.NewRepo(t)
	h := ciHistory{dir: r.Dir, secretA: g.GitHubToken("ghp_"), secretB: g.GitHubToken("ghp_")}
	h.c0 = r.Write2(map[string]string{"old.env": "GITHUB_TOKEN=" + h.secretA + "\n"}, "old secret")
	h.c1 = r.Write2(map[string]string{"README": "hi\n"}, "clean")
	r.Git("update-ref", "refs/remotes/origin/main", h.c1)
	r.Git("checkout", "-q", "-b", "feature")
	h.c2 = r.Write2(map[string]string{"a.txt": "a\n"}, "feature clean")
	h.c3 = r.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + h.secretB + "\n"}, "feature secret")
	return h
}

func TestScanCIEachSystemScansExactlyTheRange(t *testing.T) {
	h := newCIHistory(t)
	event := func(v any) string {
		p := filepath.Join(t.TempDir(), "event.json")
		data, _ := json.Marshal(v)
		os.WriteFile(p, data, 0o600)
		return p
	}
	cases := map[string]map[string]string{
		"github push": {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": h.c3,
			"GITHUB_EVENT_PATH": event(map[string]any{"before": h.c1, "after": h.c3})},
		"github pull_request": {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_SHA": h.c3,
			"GITHUB_EVENT_PATH": event(map[string]any{"pull_request": map[string]any{"base": map[string]string{"sha": h.c1}, "head": map[string]string{"sha": h.c3}}})},
		"github new branch": {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
			"GITHUB_EVENT_PATH": event(map[string]any{"before": strings.Repeat("0", 40), "after": h.c3, "created": true})},
		"github force push": {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
			"GITHUB_EVENT_PATH": event(map[string]any{"before": strings.Repeat("ab", 20), "after": h.c3, "forced": true})},
		"gitlab push":          {"GITLAB_CI": "true", "CI_COMMIT_SHA": h.c3, "CI_COMMIT_BEFORE_SHA": h.c1},
		"gitlab merge request": {"GITLAB_CI": "true", "CI_COMMIT_SHA": h.c3, "CI_COMMIT_BEFORE_SHA": strings.Repeat("0", 40), "CI_MERGE_REQUEST_DIFF_BASE_SHA": h.c1},
		"circleci":             {"CIRCLECI": "true", "CIRCLE_SHA1": h.c3},
		"travis":               {"TRAVIS": "true", "TRAVIS_COMMIT": h.c3, "TRAVIS_COMMIT_RANGE": h.c1 + "..." + h.c3},
		"jenkins":              {"JENKINS_URL": "http://ci", "GIT_COMMIT": h.c3, "GIT_PREVIOUS_SUCCESSFUL_COMMIT": h.c1},
		"jenkins pull request": {"JENKINS_URL": "http://ci", "GIT_COMMIT": h.c3, "CHANGE_TARGET": "main"},
		"bitbucket":            {"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_COMMIT": h.c3, "BITBUCKET_PR_DESTINATION_BRANCH": "main"},
		"azure":                {"TF_BUILD": "True", "BUILD_SOURCEVERSION": h.c3, "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main"},
		"drone":                {"DRONE": "true", "DRONE_BUILD_EVENT": "push", "DRONE_COMMIT_AFTER": h.c3, "DRONE_COMMIT_BEFORE": h.c1},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := runEnv(t, env, "scan", "ci", h.dir, "--format", "json", "--show-secrets")
			if code != ExitFindings {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			fs := decodeReport(t, stdout)
			if len(fs) != 1 || fs[0].Secret != h.secretB || fs[0].Commit != h.c3 {
				t.Errorf("want only the feature's secret in %s, got %+v", h.c3[:7], fs)
			}
			if !strings.Contains(stderr, "leakhound: scanning ") {
				t.Errorf("the range scanned is not reported: %s", stderr)
			}
		})
	}
	if _, stderr, code := runEnv(t, map[string]string{}, "scan", "ci", h.dir); code != ExitError || !strings.Contains(stderr, "no CI system") {
		t.Errorf("outside CI: exit %d %q", code, stderr)
	}
}

func TestScanCIDeepensAShallowClone(t *testing.T) {
	h := newCIHistory(t)
	clone := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+h.dir, clone)
	if out := mustGit(t, clone, "rev-parse", "--is-shallow-repository"); out != "true" {
		t.Fatalf("clone is not shallow: %s", out)
	}
	env := map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": h.c3, "CI_COMMIT_BEFORE_SHA": h.c1}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", clone, "--format", "json")
	if code != ExitFindings || !strings.Contains(stderr, "deepened") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if fs := decodeReport(t, stdout); len(fs) != 1 || fs[0].Commit != h.c3 {
		t.Errorf("findings %+v", fs)
	}
}
