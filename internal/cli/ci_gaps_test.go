package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// pushedAndRemoved is main: c0 -> c1, then a push of c2 (adds a token)
// and c3 (removes it): the token is in the pushed history, not in c3.
type pushedAndRemoved struct {
	dir, c1, c2, c3, token string
}

func newPushedAndRemoved(t *testing.T) pushedAndRemoved {
	r := testutil.NewRepo(t)
	h := pushedAndRemoved{dir: r.Dir, token: testutil.NewGen(1202).GitHubToken("ghp_")}
	r.Write2(map[string]string{"README": "hello\n"}, "c0")
	h.c1 = r.Write2(map[string]string{"a.txt": "a\n"}, "c1")
	h.c2 = r.Write2(map[string]string{"deploy.env": "GITHUB_TOKEN=" + h.token + "\n"}, "c2")
	r.Git("rm", "-q", "deploy.env")
	h.c3 = r.Commit("c3")
	return h
}

// offlineShallowClone clones main one commit deep and points origin at a
// path that does not exist: the clone cannot be deepened.
func offlineShallowClone(t *testing.T, dir string) string {
	clone := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "--depth", "1", "--branch", "main", "file://"+dir, clone)
	mustGit(t, clone, "remote", "set-url", "origin", filepath.Join(t.TempDir(), "gone"))
	return clone
}

// TestScanCIBaseMissingIsNoSilentClean: a push to main whose base commit
// the shallow clone lacks, and cannot fetch, fell back to the merge base
// with origin/main, which is the head itself: nothing was scanned and the
// run passed (exit 0) with the token in a pushed commit. The head's
// history is scanned instead; cut short by the shallow boundary, as it is
// with no default branch at all, it is incomplete: exit 2, saying why.
func TestScanCIBaseMissingIsNoSilentClean(t *testing.T) {
	h := newPushedAndRemoved(t)
	event := filepath.Join(t.TempDir(), "event.json")
	data, _ := json.Marshal(map[string]string{"before": h.c1, "after": h.c3})
	if err := os.WriteFile(event, data, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": h.c3, "GITHUB_EVENT_PATH": event}

	clone := offlineShallowClone(t, h.dir)
	_, stderr, code := runEnv(t, env, "scan", "ci", clone)
	if code != ExitError || !strings.Contains(stderr, "shallow clone's boundary") || !strings.Contains(stderr, h.c1[:12]) {
		t.Errorf("head on origin/main, base missing: exit %d\n%s", code, stderr)
	}

	// No default branch to fall back on: the head's history, cut short.
	mustGit(t, clone, "branch", "-q", "-m", "main", "work")
	for _, ref := range []string{"refs/remotes/origin/main", "refs/remotes/origin/HEAD"} {
		gitRun(clone, nil, "update-ref", "-d", ref)
	}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", clone)
	if code != ExitError || !strings.Contains(stderr, "shallow clone's boundary") || !strings.Contains(stdout, "incomplete") {
		t.Errorf("whole history of a shallow head: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestScanCIWithoutBaseOnTheDefaultBranch: CircleCI (like Bitbucket and
// Azure pushes) names no previous commit, so a build of main compared the
// head with origin/main, itself: every push to main passed unscanned
// (exit 0). The head's whole history is scanned now, and --base narrows
// it to the run's commits; a tag of a commit main has brings nothing new
// and passes.
func TestScanCIWithoutBaseOnTheDefaultBranch(t *testing.T) {
	h := newPushedAndRemoved(t)
	clone := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "file://"+h.dir, clone)
	env := map[string]string{"CIRCLECI": "true", "CIRCLE_SHA1": h.c3, "CIRCLE_BRANCH": "main"}

	for _, args := range [][]string{nil, {"--base", h.c1}} {
		stdout, stderr, code := runEnv(t, env, append([]string{"scan", "ci", clone, "--format", "json", "--show-secrets"}, args...)...)
		if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != h.token || fs[0].Commit != h.c2 {
			t.Errorf("%v: exit %d, findings %+v\n%s", args, code, fs, stderr)
		}
	}
	env["CIRCLE_TAG"] = "v1.0.0"
	if _, stderr, code := runEnv(t, env, "scan", "ci", clone); code != ExitClean {
		t.Errorf("a tag of a commit on main: exit %d\n%s", code, stderr)
	}
}

// TestScanCINewBranchInACheckoutOneCommitDeep: actions/checkout fetches
// only the pushed commit, one deep. A new branch (no previous commit) had
// no default branch to compare with, so the scan read the head's files
// and passed (exit 0) a token added and removed by an earlier commit of
// the branch. The clone is now deepened until the head meets the default
// branch, and the branch's own commits are scanned.
func TestScanCINewBranchInACheckoutOneCommitDeep(t *testing.T) {
	h := newPushedAndRemoved(t)
	up := testutil.OpenRepo(t, h.dir)
	up.Git("checkout", "-q", "-b", "feature", h.c1)
	up.Git("cherry-pick", h.c2, h.c3)
	tip := up.Write2(map[string]string{"b.txt": "b\n"}, "c4")
	up.Git("checkout", "-q", "main")
	up.Git("reset", "-q", "--hard", h.c1)

	// What actions/checkout runs for a push of refs/heads/feature.
	clone := t.TempDir()
	mustGit(t, clone, "init", "-q")
	mustGit(t, clone, "remote", "add", "origin", "file://"+h.dir)
	mustGit(t, clone, "fetch", "-q", "--depth=1", "origin", "+"+tip+":refs/remotes/origin/feature")
	mustGit(t, clone, "checkout", "-q", tip)

	event := filepath.Join(t.TempDir(), "event.json")
	data, _ := json.Marshal(map[string]any{"before": strings.Repeat("0", 40), "after": tip, "created": true})
	if err := os.WriteFile(event, data, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/feature", "GITHUB_SHA": tip, "GITHUB_EVENT_PATH": event}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", clone, "--format", "json", "--show-secrets")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != h.token {
		t.Errorf("exit %d, findings %+v\n%s", code, fs, stderr)
	}
	if !strings.Contains(stderr, "from the merge base with origin/main") {
		t.Errorf("the range is not the branch's own commits:\n%s", stderr)
	}
}

// TestScanCIFetchesTheTargetBranch: Bitbucket (like Jenkins, Travis,
// Azure and Drone) clones only the branch it builds, so a pull request's
// target, origin/main, was never in the clone: deepening could not bring
// it, and the scan fell back to the branch's whole history, reporting a
// token main has held for long (or, with that history cut short, passing
// the run's own commits unread). The target is now fetched by name and
// the pull request's own commits are scanned.
func TestScanCIFetchesTheTargetBranch(t *testing.T) {
	g := testutil.NewGen(1204)
	old, added := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	up := testutil.NewRepo(t)
	up.Write2(map[string]string{"old.env": "GITHUB_TOKEN=" + old + "\n"}, "accepted long ago")
	up.Write2(map[string]string{"README": "hello\n"}, "c1")
	up.Git("checkout", "-q", "-b", "feature")
	up.Write2(map[string]string{"new.env": "GITHUB_TOKEN=" + added + "\n"}, "c2")
	up.Git("rm", "-q", "new.env")
	up.Commit("c3")
	tip := up.Write2(map[string]string{"b.txt": "b\n"}, "c4")
	up.Git("checkout", "-q", "main")

	clone := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+up.Dir, clone)
	env := map[string]string{"BITBUCKET_BUILD_NUMBER": "9", "BITBUCKET_COMMIT": tip, "BITBUCKET_PR_DESTINATION_BRANCH": "main"}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", clone, "--format", "json", "--show-secrets")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != added {
		t.Errorf("exit %d, findings %+v\n%s", code, fs, stderr)
	}
}

// TestScanCIJenkinsStartsAfterTheLastSuccess: Jenkins' GIT_PREVIOUS_COMMIT
// is the last build's commit, whatever its result. With no successful
// build yet, it served as the base: the build after one that failed on a
// token started past the commit holding it, and passed (exit 0) once the
// file was deleted. Only GIT_PREVIOUS_SUCCESSFUL_COMMIT is a base.
func TestScanCIJenkinsStartsAfterTheLastSuccess(t *testing.T) {
	h := newPushedAndRemoved(t)
	env := map[string]string{"JENKINS_URL": "http://ci", "GIT_COMMIT": h.c3, "GIT_PREVIOUS_COMMIT": h.c2}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", h.dir, "--format", "json", "--show-secrets")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != h.token {
		t.Errorf("previous build failed: exit %d, findings %+v\n%s", code, fs, stderr)
	}
	env["GIT_PREVIOUS_SUCCESSFUL_COMMIT"] = h.c2
	if _, stderr, code := runEnv(t, env, "scan", "ci", h.dir); code != ExitClean {
		t.Errorf("after a successful build of c2: exit %d\n%s", code, stderr)
	}
}

// TestScanCIDeepensForAMergedBranch: a push of a merge commit holds the
// merged branch's commits, older than the shallow clone reaches although
// the push's base is there. The scan stopped at the clone's boundary with
// a note and passed (exit 0) a token an early commit of that branch added
// and a later one removed. The clone is now deepened until the range is
// whole.
func TestScanCIDeepensForAMergedBranch(t *testing.T) {
	h := newPushedAndRemoved(t) // c2 adds the token on main, c3 removes it
	up := testutil.OpenRepo(t, h.dir)
	up.Git("checkout", "-q", "-b", "side", h.c3)
	for _, name := range []string{"s1", "s2", "s3"} {
		up.Write2(map[string]string{name + ".txt": name + "\n"}, name)
	}
	up.Git("checkout", "-q", "-B", "main", h.c1)
	before := up.Write2(map[string]string{"m.txt": "m\n"}, "main moves on")
	up.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	merge := up.Git("rev-parse", "HEAD")

	clone := filepath.Join(t.TempDir(), "clone")
	mustGit(t, t.TempDir(), "clone", "-q", "--depth", "2", "--branch", "main", "file://"+h.dir, clone)
	env := map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": merge, "CI_COMMIT_BEFORE_SHA": before}
	stdout, stderr, code := runEnv(t, env, "scan", "ci", clone, "--format", "json", "--show-secrets")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Secret != h.token {
		t.Errorf("exit %d, findings %+v\n%s", code, fs, stderr)
	}
}
