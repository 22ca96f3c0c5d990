package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitCorruptPackSaysWhatGitSaid damages one blob inside a pack: the
// scan exits 2 naming the damage (git's own explanation when git reads),
// not with "context canceled" or a bare EOF from the reader it stopped.
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

	// Read in-process, the damage is named where it is; read by git, in
	// git's words.
	says := map[string]string{"auto": "object " + oid + " is corrupt: " + filepath.Base(packs[0]) + " at offset " + strconv.FormatInt(offset, 10), "git": "git cat-file failed"}
	for _, reader := range []string{"auto", "git"} {
		for _, workers := range []string{"1", "4"} {
			_, stderr, code := run(t, "", "scan", "git", r.Dir, "--workers", workers, "--object-reader", reader)
			if code != ExitError {
				t.Errorf("%s, --workers %s: exit %d, want %d\n%s", reader, workers, code, ExitError, stderr)
			}
			if !strings.Contains(stderr, "is corrupt") || !strings.Contains(stderr, says[reader]) {
				t.Errorf("%s, --workers %s: the damage is not named (%q):\n%s", reader, workers, says[reader], stderr)
			}
			if strings.Contains(stderr, "context canceled") || strings.Contains(stderr, "EOF") {
				t.Errorf("%s, --workers %s: the cause is hidden by its consequence:\n%s", reader, workers, stderr)
			}
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

// TestHistoryReportsEveryPlaceOfASecret: the same blob at several paths
// (copied, renamed, first seen at an excluded path) and the same secret in
// other files are one finding per secret with every path and the commit
// that put it there, oldest first; formats with a row or result per place
// have one per place, and the incident server records each place as an
// occurrence.
func TestHistoryReportsEveryPlaceOfASecret(t *testing.T) {
	g := testutil.NewGen(44)
	r := testutil.NewRepo(t)
	tok, vendored, zipped := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	lib := "GITHUB_TOKEN=" + vendored + "\n"
	bundle := zipOf(t, map[string]string{"inner/creds.txt": "token: " + zipped + "\n"})
	c1 := r.Write2(map[string]string{"config/app.env": env, "vendor/lib.env": lib, "bundle/a.zip": bundle}, "one")
	c2 := r.Write2(map[string]string{"deploy/app.env": env, "app/lib.env": lib, "dist/a.zip": bundle}, "copies")
	if err := os.Mkdir(filepath.Join(r.Dir, "settings"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.Git("mv", "config/app.env", "settings/app.env")
	c3 := r.Commit("rename")
	c4 := r.Write2(map[string]string{"other.txt": "# notes\nold GITHUB_TOKEN=" + tok + "\n"}, "the same secret in another file")
	r.Write2(map[string]string{"deploy/app.env": "# deploy\n" + env}, "edit: the same path again, not a new place")
	cfg := filepath.Join(t.TempDir(), "leakhound.toml")
	if err := os.WriteFile(cfg, []byte("[scan]\nexclude = [\"vendor/\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	type place struct {
		path, commit string
		line         int
	}
	want := map[string][]place{
		tok:      {{"config/app.env", c1, 1}, {"deploy/app.env", c2, 1}, {"settings/app.env", c3, 1}, {"other.txt", c4, 2}},
		vendored: {{"app/lib.env", c2, 1}},
		zipped:   {{"bundle/a.zip!inner/creds.txt", c1, 1}, {"dist/a.zip!inner/creds.txt", c2, 1}},
	}
	fingerprints := map[string]string{}
	for secret := range want {
		fingerprints[fingerprintOf(t, "github-personal-access-token", secret)] = secret
	}

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--config", cfg, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fs := decodeFindings(t, stdout)
	if len(fs) != len(want) {
		t.Errorf("%d findings, want one per secret (%d)", len(fs), len(want))
	}
	for _, f := range fs {
		secret, ok := fingerprints[f.Fingerprint]
		if !ok {
			t.Errorf("unexpected finding %+v", f)
			continue
		}
		var got []place
		for _, p := range f.Places {
			got = append(got, place{p.Path, p.Commit, p.Line})
			if p.Author != "Test Author" || p.Date.IsZero() {
				t.Errorf("%s: author %q date %v", p.Path, p.Author, p.Date)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want[secret]) {
			t.Errorf("places of %s...\n got %v\nwant %v", secret[:8], got, want[secret])
		}
		if f.Location != f.Places[0] {
			t.Errorf("the finding's own location %+v is not its first place", f.Location)
		}
	}

	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--config", cfg)
	for _, p := range want[tok] {
		if !strings.Contains(stdout, fmt.Sprintf("%s:%d:", p.path, p.line)) {
			t.Errorf("text report lacks %s:\n%s", p.path, stdout)
		}
	}
	if !strings.Contains(stdout, "it appears in 4 places") || !strings.Contains(stdout, "3 secrets in 7 places") {
		t.Errorf("text report counts:\n%s", stdout)
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--config", cfg, "--format", "csv")
	if rows := strings.Split(strings.TrimSpace(stdout), "\n"); len(rows) != 1+7 {
		t.Errorf("csv: %d rows, want a header and one per place:\n%s", len(rows), stdout)
	}
	stdout, _, _ = run(t, "", "scan", "git", r.Dir, "--config", cfg, "--format", "sarif")
	if n := strings.Count(stdout, `"ruleId"`); n != 7 {
		t.Errorf("sarif: %d results, want one per place", n)
	}

	// A baseline records every place: nothing is new on a second scan.
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if _, _, code := run(t, "", "scan", "git", r.Dir, "--config", cfg, "--format", "json", "--output", baseline); code != ExitFindings {
		t.Fatalf("writing the baseline: exit %d", code)
	}
	if _, stderr, code := run(t, "", "scan", "git", r.Dir, "--config", cfg, "--baseline", baseline); code != ExitClean || !strings.Contains(stderr, "7 suppressed") {
		t.Errorf("with its own baseline: exit %d\n%s", code, stderr)
	}

	// The incident server records each place as an occurrence.
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			url := startServeWith(t, &serveOptions{listen: "127.0.0.1:0", dsn: dsn, dataDir: t.TempDir()}, nil)
			token, _, _ := run(t, "", "token", "create", "--db", dsn, "--name", "ci", "--role", "member")
			if _, stderr, code := runWith(t, "", map[string]string{"LEAKHOUND_TOKEN": strings.TrimSpace(token)},
				"scan", "git", r.Dir, "--config", cfg, "--report-to", url); code != ExitFindings {
				t.Fatalf("scan --report-to: exit %d\n%s", code, stderr)
			}
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{Page: store.Page{Limit: 10}})
			if err != nil || len(incs) != len(want) {
				t.Fatalf("incidents %+v %v", incs, err)
			}
			var got, all []string
			for _, inc := range incs {
				occs, _, err := st.Occurrences(context.Background(), inc.ID, store.Page{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var places []string
				for _, o := range occs {
					places = append(places, fmt.Sprintf("%s@%s:%d", o.Path, o.Commit[:7], o.Line))
				}
				sort.Strings(places)
				got = append(got, strings.Join(places, " "))
			}
			for _, ps := range want {
				var places []string
				for _, p := range ps {
					places = append(places, fmt.Sprintf("%s@%s:%d", p.path, p.commit[:7], p.line))
				}
				sort.Strings(places)
				all = append(all, strings.Join(places, " "))
			}
			sort.Strings(got)
			sort.Strings(all)
			if strings.Join(got, "\n") != strings.Join(all, "\n") {
				t.Errorf("occurrences per incident\n got %v\nwant %v", got, all)
			}
		})
	}
}

// TestHistoryScansACopyAsItsPathSays: how a file is scanned depends on its
// path (a test folder lowers the confidence, a localisation file holds
// words, not credentials), so a blob copied to a path scanned otherwise is
// read and scanned there, not given the findings of its first path.
func TestHistoryScansACopyAsItsPathSays(t *testing.T) {
	g := testutil.NewGen(45)
	r := testutil.NewRepo(t)
	conf := "db:\n  password: \"" + g.String(testutil.Base62, 10) + "#" + g.String(testutil.Base62, 5) + "\"\n"
	c1 := r.Write2(map[string]string{"app/config.yaml": conf}, "one")
	c2 := r.Write2(map[string]string{"tests/config.yaml": conf, "deploy/config.yaml": conf}, "copies")
	r.Write2(map[string]string{"i18n/config.yaml": conf}, "a copy where values are words")

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--min-confidence", "low")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fs := decodeFindings(t, stdout)
	if len(fs) != 1 {
		t.Fatalf("findings %+v, want one secret", fs)
	}
	var got []string
	for _, p := range fs[0].Places {
		got = append(got, fmt.Sprintf("%s@%s:%s", p.Path, p.Commit[:7], p.Confidence))
	}
	want := []string{"app/config.yaml@" + c1[:7] + ":high", "deploy/config.yaml@" + c2[:7] + ":high", "tests/config.yaml@" + c2[:7] + ":medium"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("places\n got %v\nwant %v", got, want)
	}
}

// TestScanGitUnreachable: a token in a stash that was dropped is in no
// ref or reflog: scan git reports clean, and with --unreachable finds it
// (in the stash's commit); the flag refuses a selection of commits.
func TestScanGitUnreachable(t *testing.T) {
	tok := testutil.NewGen(77).GitHubToken("ghp_")
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "one\n"}, "first")
	r.Write(map[string]string{"a.txt": "one\nGITHUB_TOKEN=" + tok + "\n"})
	r.Git("stash", "-q")
	r.Git("stash", "drop", "-q")
	if _, stderr, code := run(t, "", "scan", "git", r.Dir); code != ExitClean {
		t.Fatalf("without --unreachable: exit %d, want %d\n%s", code, ExitClean, stderr)
	}
	stdout, stderr, code := run(t, "", "scan", "git", "--unreachable", "--format", "json", r.Dir)
	if code != ExitFindings || !strings.Contains(stdout, `"path": "a.txt"`) {
		t.Errorf("--unreachable: exit %d, want %d at a.txt\n%s\n%s", code, ExitFindings, stdout, stderr)
	}
	if _, stderr, code := run(t, "", "scan", "git", "--unreachable", "--branch", "main", r.Dir); code != ExitError || !strings.Contains(stderr, "does not go with") {
		t.Errorf("--unreachable --branch: exit %d\n%s", code, stderr)
	}
}
