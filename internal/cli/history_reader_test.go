package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// sameFindingsBothWays scans a history with blobs read in-process and
// through git cat-file, and fails unless the reports are identical, byte
// for byte. It returns the report and the in-process scan's stderr.
func sameFindingsBothWays(t *testing.T, repo string, args ...string) (report, stderr string) {
	t.Helper()
	return sameFindingsBothWaysBy(t, run, repo, args...)
}

// sameFindingsBothWaysBy is sameFindingsBothWays with the scans run by
// scan (run in-process, or runBuilt).
func sameFindingsBothWaysBy(t *testing.T, scan func(t *testing.T, stdin string, args ...string) (string, string, int), repo string, args ...string) (report, stderr string) {
	t.Helper()
	base := append([]string{"scan", "git", repo, "--format", "json", "--verbose", "--min-confidence", "low"}, args...)
	var reports, stderrs [2]string
	var codes [2]int
	for i, reader := range []string{"auto", "git"} {
		reports[i], stderrs[i], codes[i] = scan(t, "", append(base, "--object-reader", reader)...)
		if codes[i] == ExitError && !strings.Contains(stderrs[i], "the scan is incomplete") {
			t.Fatalf("--object-reader %s: exit %d\n%s", reader, codes[i], stderrs[i])
		}
	}
	if codes[0] != codes[1] {
		t.Errorf("exit %d in-process, %d with git cat-file", codes[0], codes[1])
	}
	if !strings.Contains(stderrs[0], "reading objects in-process") {
		t.Fatalf("the in-process reader was not used:\n%s", stderrs[0])
	}
	if !strings.Contains(stderrs[1], "reading objects with git cat-file: --object-reader git") {
		t.Fatalf("git cat-file was not used:\n%s", stderrs[1])
	}
	if reports[0] != reports[1] {
		t.Fatalf("the reports differ:\nin-process:\n%s\ngit cat-file:\n%s", reports[0], reports[1])
	}
	return reports[0], stderrs[0]
}

// TestHistoryReadersAgree: the in-process reader finds what git cat-file
// finds, on histories that exercise what history scans must get right.
func TestHistoryReadersAgree(t *testing.T) {
	g := testutil.NewGen(91)
	r := testutil.NewRepo(t)
	tok, moved, split, deep := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	aws := g.AWSKeyID()
	lines := make([]string, 800)
	for i := range lines {
		lines[i] = fmt.Sprintf("const value%d = %q", i, g.String(testutil.Base62, 40))
	}
	text := func() string { return strings.Join(lines, "\n") + "\n" }
	r.Write2(map[string]string{"src/big.go": text(), "config/app.env": "GITHUB_TOKEN=" + tok + "\n", "logo.png": "\x89PNG\r\n\x1a\n\x00\x00" + g.String(testutil.Base62, 3000)}, "start")
	// A secret split across two edits: half in one commit, the rest in
	// the next, so only the second version holds it.
	lines[100] = `token := "` + split[:20]
	r.Write2(map[string]string{"src/big.go": text()}, "half")
	lines[100] = `token := "` + split + `"`
	r.Write2(map[string]string{"src/big.go": text()}, "whole")
	r.Git("mv", "config/app.env", "config/renamed.env")
	r.Commit("rename")
	r.Write2(map[string]string{"a.txt": "AWS_ACCESS_KEY_ID=" + aws + "\nKEY=" + moved + "\n"}, "secret in a")
	r.Write2(map[string]string{"a.txt": "nothing here now\n", "b.txt": "moved: KEY=" + moved + "\n"}, "secret moved from a to b")
	bad := r.Write2(map[string]string{"src/big.go": strings.Replace(text(), "value7 ", "value7 /* "+g.GitHubToken("ghp_")+" */ ", 1)}, "a mistake")
	r.Git("revert", "--no-edit", bad)
	// A long run of small edits of one large file, packed with deep delta
	// chains: the secret sits in a version deep in a chain.
	for v := range 90 {
		lines[g.IntN(len(lines))] = fmt.Sprintf("const edited%d = %q", v, g.String(testutil.Base62, 30))
		if v == 45 {
			lines[400] = "password := \"" + deep + "\""
		}
		r.Import(map[string]string{"src/big.go": text(), "data.bin": "\x00\x01\x02" + strconv.Itoa(v) + text()[:500]}, "edit "+strconv.Itoa(v))
	}
	r.Git("gc", "--aggressive", "-q")
	r.Git("repack", "-a", "-d", "-f", "-q", "--depth=60", "--window=250")
	// Loose objects beside the pack.
	r.Write2(map[string]string{"late.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "after the repack")

	report, _ := sameFindingsBothWays(t, r.Dir)
	for _, s := range []string{"config/app.env", "config/renamed.env", "a.txt", "b.txt", "src/big.go", "late.env"} {
		if !strings.Contains(report, `"`+s+`"`) {
			t.Errorf("no finding at %s: the histories do not test what they should\n%s", s, report)
		}
	}
	// Versions read through a small size limit go the same way: over it,
	// whole or as a delta, they are named and skipped by both.
	sameFindingsBothWays(t, r.Dir, "--max-file-size", "20000", "--workers", "1")
}

// runBuilt is run with the built command (testutil.Binary) in a process of
// its own: an environment of PATH alone and a fresh cache directory.
func runBuilt(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(testutil.Binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LEAKHOUND_CACHE_DIR=" + t.TempDir()}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestHistoryReadersAgreeOnThisRepository scans the project's own
// history, at the commit under test, both ways. The scans run in the built
// command, without the race detector: the project's whole history under it
// took two minutes, and TestHistoryReadersAgree runs both readers under it
// in-process on a history made to exercise them.
func TestHistoryReadersAgreeOnThisRepository(t *testing.T) {
	top, err := testutil.GitCmd(".", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not run from a git checkout")
	}
	head, err := testutil.GitCmd(".", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	// A fixed commit: other branches of the repository may move meanwhile.
	report, _ := sameFindingsBothWaysBy(t, runBuilt, strings.TrimSpace(string(top)), "--branch", strings.TrimSpace(string(head)))
	if !strings.Contains(report, `"findings"`) {
		t.Fatalf("no report:\n%s", report)
	}
}

// TestHistoryReaderFallsBack: layouts the in-process reader does not
// handle are read by git, and --verbose says why.
func TestHistoryReaderFallsBack(t *testing.T) {
	g := testutil.NewGen(92)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "one")
	r.Git("repack", "-a", "-d", "-q")
	idxs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("packs: %v", idxs)
	}
	os.Remove(idxs[0])
	r.Git("index-pack", "--index-version=1", "-o", idxs[0], strings.TrimSuffix(idxs[0], ".idx")+".pack")
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--verbose", "--object-reader", "auto")
	if code != ExitFindings || !strings.Contains(stdout, "app.env") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "reading objects with git cat-file: unsupported repository layout") || !strings.Contains(stderr, "version 1 pack index") {
		t.Errorf("--verbose does not say why git reads:\n%s", stderr)
	}

	r2 := testutil.NewRepo(t)
	r2.Write2(map[string]string{"a.txt": "one\n", "b.txt": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "one")
	r2.Git("replace", r2.Git("rev-parse", "HEAD:a.txt"), r2.Git("rev-parse", "HEAD:b.txt"))
	_, stderr, _ = run(t, "", "scan", "git", r2.Dir, "--verbose", "--object-reader", "auto")
	if !strings.Contains(stderr, "reading objects with git cat-file: the repository has replace refs") {
		t.Errorf("replace refs: %s", stderr)
	}
	_, stderr, code = run(t, "", "scan", "git", r2.Dir, "--object-reader", "fast")
	if code != ExitError || !strings.Contains(stderr, `unknown object reader "fast"`) {
		t.Errorf("a bad --object-reader: exit %d\n%s", code, stderr)
	}
}

// TestPreReceiveReadsTheQuarantine: a push large enough to arrive as a
// pack is read in-process from git's quarantine directory
// (GIT_OBJECT_DIRECTORY, with the repository's own objects as an
// alternate), and its secret refuses the push.
func TestPreReceiveReadsTheQuarantine(t *testing.T) {
	g := testutil.NewGen(93)
	bin := testutil.Binary(t)
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustGit(t, t.TempDir(), "init", "-q", "--bare", remote)
	r := testutil.NewRepo(t)
	mustGit(t, r.Dir, "remote", "add", "origin", remote)
	r.Write2(map[string]string{"README": "hello\n"}, "initial")
	mustGit(t, r.Dir, "push", "-q", "origin", "main")
	files := map[string]string{"deep/app.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}
	for i := range 300 { // past receive.unpackLimit (100): kept as a pack
		files["many/"+strconv.Itoa(i)+".txt"] = "file " + strconv.Itoa(i) + "\n"
	}
	r.Import(files, "many files and a token")
	hook := filepath.Join(remote, "hooks", "pre-receive")
	if err := os.WriteFile(hook, []byte("#!/bin/sh\nexec '"+bin+"' scan pre-receive --no-progress --verbose --object-reader auto\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, ok := gitRun(r.Dir, nil, "push", "origin", "main")
	if ok || !strings.Contains(out, "github-personal-access-token") || !strings.Contains(out, "deep/app.env") {
		t.Fatalf("the push was not refused for its secret:\n%s", out)
	}
	if !strings.Contains(out, "reading objects in-process: 1 pack(s) and loose objects, with 1 alternate object directory") {
		t.Errorf("the quarantine was not read in-process:\n%s", out)
	}
}
