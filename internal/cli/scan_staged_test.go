package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestStagedLinesAreTheBlobsOwn: a pre-commit scan keeps findings on the
// lines the index adds, read from git diff. git diff runs a path's
// textconv filter by default, and the filter's output is not the file:
// with one that put five lines before it, the added line's number was
// off by five, the token's line was not "added" and the scan passed
// (exit 0). The diff is now of the blobs themselves, and neither the
// filter nor an fsmonitor hook, commands from the repository's config
// that git diff runs, is run by a scan.
func TestStagedLinesAreTheBlobsOwn(t *testing.T) {
	tok := testutil.NewGen(441).GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	ran := filepath.Join(t.TempDir(), "ran")
	conv := filepath.Join(t.TempDir(), "conv.sh")
	script := "#!/bin/sh\ntouch '" + ran + "'\nprintf 'a\\nb\\nc\\nd\\ne\\n'\ncat \"$1\"\n"
	if err := os.WriteFile(conv, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "diff.pad.textconv", conv)
	r.Write2(map[string]string{".gitattributes": "*.env diff=pad\n", "app.env": "DEBUG=1\n"}, "first")
	r.Write(map[string]string{"app.env": "DEBUG=1\nGITHUB_TOKEN=" + tok + "\n"})
	r.Git("add", "app.env")
	r.Git("config", "core.fsmonitor", conv)
	if err := os.Remove(ran); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "scan", "staged", r.Dir, "--format", "json")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Line != 2 {
		t.Errorf("exit %d, findings %+v\n%s", code, fs, stderr)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("a command from the repository's config was run")
	}
	if !strings.Contains(r.Git("-c", "core.fsmonitor=false", "diff", "--cached", "-U0"), "@@ -6,0 +7 @@") {
		t.Fatal("the filter is not in effect for git diff: the test proves nothing")
	}
}

// TestStagedIgnoresDiffSettings: the user's diff settings do not change
// what a pre-commit scan reads. With diff.relative, a scan started in a
// subfolder saw only that folder's changes (exit 0 with a token staged
// elsewhere); with diff.interHunkContext, unchanged lines between two
// changes counted as added.
func TestStagedIgnoresDiffSettings(t *testing.T) {
	g := testutil.NewGen(442)
	tok, old := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"docs/README": "hello\n", "app.env": "A=1\nGITHUB_TOKEN=" + old + "\nB=2\n"}, "first")
	r.Git("config", "diff.relative", "true")
	r.Git("config", "diff.interHunkContext", "5")
	r.Write(map[string]string{"config/app.env": "GITHUB_TOKEN=" + tok + "\n", "app.env": "A=10\nGITHUB_TOKEN=" + old + "\nB=20\n"})
	r.Git("add", "config/app.env", "app.env")
	stdout, stderr, code := run(t, "", "scan", "staged", filepath.Join(r.Dir, "docs"), "--format", "json", "--show-secrets")
	fs := decodeReport(t, stdout)
	if code != ExitFindings || len(fs) != 1 || fs[0].Secret != tok || fs[0].Path != "config/app.env" {
		t.Errorf("exit %d, findings %+v\n%s", code, fs, stderr)
	}
}

// TestStagedIntentToAdd: `git add --intent-to-add` stages the empty blob,
// which git knows without storing it: read in-process it is empty, not a
// missing object that makes the scan incomplete.
func TestStagedIntentToAdd(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "first")
	r.Git("repack", "-a", "-d", "-q")
	r.Write(map[string]string{"later.env": "GITHUB_TOKEN=" + testutil.NewGen(443).GitHubToken("ghp_") + "\n"})
	r.Git("add", "--intent-to-add", "later.env")
	if _, stderr, code := run(t, "", "scan", "staged", r.Dir); code != ExitClean {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestStagedOddPathsInOneDiff: the raw records and the patch come from one
// git diff; every staged file is found with its added line, whatever its
// name (a colon first, a quote, a tab, a space, non-ASCII, a name that
// reads as a patch header), and a file whose changes are only deletions
// reports nothing.
func TestStagedOddPathsInOneDiff(t *testing.T) {
	g := testutil.NewGen(443)
	names := []string{":lead.env", "quo\"te.env", "tab\there.env", "sp ace.env", "ünï.env", "diff --git a b.env", "plain.env"}
	old := g.GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	first := map[string]string{"gone.env": "A=1\nGITHUB_TOKEN=" + old + "\n"}
	for _, n := range names {
		first[n] = "A=1\n"
	}
	r.Write2(first, "first")
	want := map[string]string{}
	next := map[string]string{"gone.env": "A=1\n"}
	for _, n := range names {
		tok := g.GitHubToken("ghp_")
		want[n] = tok
		next[n] = "A=1\nB=2\nGITHUB_TOKEN=" + tok + "\n"
	}
	r.Write(next)
	r.Git("add", "-A")
	stdout, stderr, code := run(t, "", "scan", "staged", r.Dir, "--format", "json", "--show-secrets")
	fs := decodeReport(t, stdout)
	if code != ExitFindings || len(fs) != len(names) {
		t.Fatalf("exit %d, %d findings, want %d\n%s", code, len(fs), len(names), stderr)
	}
	for _, f := range fs {
		if want[f.Path] != f.Secret || f.Line != 3 {
			t.Errorf("found %q at %s:%d", f.Secret, f.Path, f.Line)
		}
	}
}

// TestStagedModeChangeAddsNothing: a file whose mode alone changes (chmod
// +x) has no hunk in the diff, which read as "every line is new": a secret
// committed before was reported again. Its blob is the one committed, so
// it adds no line; a changed blob still does.
func TestStagedModeChangeAddsNothing(t *testing.T) {
	g := testutil.NewGen(1203)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"run.sh": "#!/bin/sh\nGITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "first")
	r.Git("update-index", "--chmod=+x", "run.sh")
	if stdout, stderr, code := run(t, "", "scan", "staged", r.Dir, "--format", "json"); code != ExitClean {
		t.Errorf("mode change: exit %d, findings %+v\n%s", code, decodeReport(t, stdout), stderr)
	}
	r.Write(map[string]string{"run.sh": "#!/bin/sh\nGITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"})
	r.Git("add", "run.sh")
	if _, stderr, code := run(t, "", "scan", "staged", r.Dir); code != ExitFindings {
		t.Errorf("mode and content changed: exit %d\n%s", code, stderr)
	}
}
