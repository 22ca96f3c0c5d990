package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitCorruptPackSaysWhatGitSaid damages one blob inside a pack: the
// scan exits 2 with git's own explanation, not with "context canceled" or
// a bare EOF from the reader it stopped.
func TestScanGitCorruptPackSaysWhatGitSaid(t *testing.T) {
	g := testutil.NewGen(41)
	r := testutil.NewRepo(t)
	files := map[string]string{"a/damaged.txt": g.String(testutil.Base62, 4000) + "\n"}
	// Many blobs after the damaged one: the listing is still going when
	// git dies, as in a real history, so stopping it must not be what
	// the user is told.
	for i := range 7000 {
		files["z/"+strconv.Itoa(i)+".txt"] = "line " + strconv.Itoa(i) + "\n"
	}
	r.Import(files, "data")
	r.Git("repack", "-a", "-d", "-q")
	oid := r.Git("rev-parse", "HEAD:a/damaged.txt")
	packs, err := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v %v", packs, err)
	}
	// verify-pack -v: "oid type size size-in-pack offset" per object.
	var offset, size int64 = -1, 0
	for _, line := range strings.Split(r.Git("verify-pack", "-v", strings.TrimSuffix(packs[0], ".pack")+".idx"), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && f[0] == oid {
			size, _ = strconv.ParseInt(f[3], 10, 64)
			offset, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if offset < 0 || size < 100 {
		t.Fatalf("blob %s not found whole in the pack (offset %d, size %d)", oid, offset, size)
	}
	pack, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	pack[offset+size/2] ^= 0xff // inside the blob's deflate stream
	if err := os.Chmod(packs[0], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(packs[0], pack, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, workers := range []string{"1", "4"} {
		_, stderr, code := run(t, "", "scan", "git", r.Dir, "--workers", workers)
		if code != ExitError {
			t.Errorf("--workers %s: exit %d, want %d\n%s", workers, code, ExitError, stderr)
		}
		if !strings.Contains(stderr, "is corrupt") || !strings.Contains(stderr, "git cat-file failed") {
			t.Errorf("--workers %s: git's message is not passed through:\n%s", workers, stderr)
		}
		if strings.Contains(stderr, "context canceled") || strings.Contains(stderr, "EOF") {
			t.Errorf("--workers %s: the cause is hidden by its consequence:\n%s", workers, stderr)
		}
	}
}

// cloneOf clones repo through a file:// URL (so --depth and --filter are
// honoured as over a network) with extra clone arguments.
func cloneOf(t *testing.T, repo string, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	cmd := testutil.GitCmd(".", append(append([]string{"clone", "-q"}, args...), "file://"+repo, dir)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git clone %v: %v\n%s", args, err, out)
	}
	return dir
}

// TestScanGitShallowClone: a shallow clone's history is cut short; the scan
// says so on stderr, in every report that has room for it and to a
// server, and --fail-on-shallow makes it an error. A range that stays
// above the boundary is complete and says nothing.
func TestScanGitShallowClone(t *testing.T) {
	g := testutil.NewGen(42)
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n"}, "one")
	r.Write2(map[string]string{"a.txt": "two\n"}, "two")
	boundary := r.Write2(map[string]string{"a.txt": "three\n"}, "three")
	last := r.Write2(map[string]string{"a.txt": "four\n"}, "four")

	full := cloneOf(t, r.Dir)
	stdout, stderr, code := run(t, "", "scan", "git", full, "--format", "json", "--fail-on-shallow")
	if code != ExitFindings || strings.Contains(stdout, "shallow") || strings.Contains(stderr, "hallow") {
		t.Errorf("full clone: exit %d, shallow mentioned\n%s%s", code, stdout, stderr)
	}

	shallow := cloneOf(t, r.Dir, "--depth", "2")
	stdout, stderr, code = run(t, "", "scan", "git", shallow, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("shallow clone: exit %d, want %d (findings; shallow alone is a warning)\n%s", code, ExitFindings, stderr)
	}
	if !strings.Contains(stderr, "warning: Shallow clone") || !strings.Contains(stderr, boundary[:12]) {
		t.Errorf("no warning naming the boundary commit %s on stderr:\n%s", boundary[:12], stderr)
	}
	var js struct {
		Shallow         bool     `json:"shallow"`
		ShallowBoundary []string `json:"shallow_boundary"`
	}
	if err := json.Unmarshal([]byte(stdout), &js); err != nil || !js.Shallow || len(js.ShallowBoundary) != 1 || js.ShallowBoundary[0] != boundary {
		t.Errorf("JSON report: shallow %v boundary %v (%v), want true [%s]", js.Shallow, js.ShallowBoundary, err, boundary)
	}
	// The boundary commit shows the whole tree as added: the token is
	// attributed to it, which is why the report must say so.
	if fs := decodeReport(t, stdout); len(fs) != 1 || fs[0].Commit != boundary {
		t.Errorf("findings %+v", fs)
	}
	stdout, _, _ = run(t, "", "scan", "git", shallow, "--format", "sarif")
	var sarif struct {
		Runs []struct {
			Properties map[string]any `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &sarif); err != nil || len(sarif.Runs) != 1 || sarif.Runs[0].Properties["shallow"] != true {
		t.Errorf("SARIF run properties: %+v (%v)", sarif.Runs, err)
	}
	stdout, _, _ = run(t, "", "scan", "git", shallow)
	if !strings.Contains(stdout, "Shallow clone: the history stops at commit "+boundary[:12]) {
		t.Errorf("text report does not say the clone is shallow:\n%s", stdout)
	}

	stdout, stderr, code = run(t, "", "scan", "git", shallow, "--format", "json", "--fail-on-shallow")
	if code != ExitError || !strings.Contains(stderr, "--fail-on-shallow") || len(decodeReport(t, stdout)) != 1 {
		t.Errorf("--fail-on-shallow: exit %d, want %d with the report still written\n%s%s", code, ExitError, stdout, stderr)
	}
	_, stderr, code = run(t, "", "scan", "git", shallow, "--range", boundary+".."+last, "--fail-on-shallow")
	if code != ExitClean || strings.Contains(stderr, "hallow") {
		t.Errorf("range above the boundary: exit %d\n%s", code, stderr)
	}
}

// missingObjects lists what a partial clone lacks, by git's own account.
func missingObjects(t *testing.T, repo string) []string {
	t.Helper()
	out, err := testutil.GitCmd(repo, "rev-list", "--all", "--objects", "--missing=print").Output()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, line := range strings.Split(string(out), "\n") {
		if oid, ok := strings.CutPrefix(line, "?"); ok {
			missing = append(missing, oid)
		}
	}
	sort.Strings(missing)
	return missing
}

// TestScanGitPartialClone: a clone made with --filter lacks objects. The
// scan fetches none of them: every blob it lacks is named and the scan is
// incomplete (exit 2), with the findings of what is there; a clone that
// lacks trees cannot be listed and says so.
func TestScanGitPartialClone(t *testing.T) {
	g := testutil.NewGen(43)
	r := testutil.NewRepo(t)
	old, current := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	r.Write2(map[string]string{"old.env": "GITHUB_TOKEN=" + old + "\n", "a.txt": "one\n"}, "one")
	r.Git("rm", "-q", "old.env")
	r.Write2(map[string]string{"a.txt": "two\n"}, "two")
	head := r.Write2(map[string]string{"app.env": "GITHUB_TOKEN=" + current + "\n"}, "three")
	r.Git("config", "uploadpack.allowFilter", "true")

	blobless := cloneOf(t, r.Dir, "--filter=blob:none")
	missing := missingObjects(t, blobless)
	if len(missing) != 2 { // old.env and the first a.txt
		t.Fatalf("the clone lacks %v, want 2 blobs", missing)
	}
	stdout, stderr, code := run(t, "", "scan", "git", blobless, "--format", "json")
	if code != ExitError || !strings.Contains(stderr, "scan is incomplete") {
		t.Errorf("partial clone: exit %d, want %d (incomplete)\n%s", code, ExitError, stderr)
	}
	if n := strings.Count(stderr, "is not in this partial clone"); n != len(missing) {
		t.Errorf("%d blobs named as missing, want %d:\n%s", n, len(missing), stderr)
	}
	for _, oid := range missing {
		if !strings.Contains(stderr, "blob "+oid) {
			t.Errorf("missing blob %s not named:\n%s", oid, stderr)
		}
	}
	if fs := decodeReport(t, stdout); len(fs) != 1 || fs[0].Path != "app.env" || fs[0].Commit != head {
		t.Errorf("findings of what the clone has: %+v", fs)
	}
	if after := missingObjects(t, blobless); strings.Join(after, " ") != strings.Join(missing, " ") {
		t.Errorf("the scan fetched objects: missing before %v, after %v", missing, after)
	}

	treeless := cloneOf(t, r.Dir, "--bare", "--filter=tree:0")
	before := missingObjects(t, treeless)
	_, stderr, code = run(t, "", "scan", "git", treeless)
	if code != ExitError || !strings.Contains(stderr, "partial clone") || !strings.Contains(stderr, "could not fetch") {
		t.Errorf("treeless clone: exit %d, want %d naming the partial clone and git's message\n%s", code, ExitError, stderr)
	}
	if after := missingObjects(t, treeless); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("the scan fetched objects: missing before %v, after %v", before, after)
	}
}
