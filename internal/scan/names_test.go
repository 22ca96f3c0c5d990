package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/testutil"
)

// placesOf lists, per secret, where a scan found it as "path:line:column",
// and how many items the scan counted.
func placesOf(t *testing.T, src Source) (map[string][]string, int64) {
	t.Helper()
	res, err := Run(context.Background(), Options{Engine: newEngine(t), Workers: 2, Expander: source.Expander{MaxDepth: 4}}, src)
	if err != nil || res.Incomplete() {
		t.Fatalf("scan: %v %+v %+v", err, res.Problems, res.Unscanned())
	}
	out := map[string][]string{}
	for _, f := range res.Findings {
		for _, p := range f.AllPlaces() {
			out[f.RawSecret] = append(out[f.RawSecret], fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Column))
		}
		slices.Sort(out[f.RawSecret])
	}
	return out, res.Units
}

// TestTokensUsedAsNames: a token used as a file or folder name, on disk
// and inside archives, is found at that path, line 0, its column counting
// bytes of the path, once per path however many files a folder holds;
// a symbolic link's target is scanned too.
func TestTokensUsedAsNames(t *testing.T) {
	g := testutil.NewGen(3)
	folder, file, member, link := g.GitHubToken("ghp_"), g.AWSKeyID(), g.GitHubToken("gho_"), g.GitHubToken("ghu_")
	dir := t.TempDir()
	for name, content := range map[string]string{
		folder + "/a.txt":        "one\n",
		folder + "/b.txt":        "two\n",
		"keys/" + file + ".json": "{}\n",
	} {
		p := filepath.Join(dir, "tree", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(link, filepath.Join(dir, "tree", "current")); err != nil {
		t.Fatal(err)
	}
	members := []testutil.Member{testutil.M("conf/"+member+"/a.txt", "one\n"), testutil.M("conf/"+member+"/b.txt", "two\n")}
	for name, data := range map[string][]byte{"m.zip": testutil.Zip(t, members...), "m.tar": testutil.Tar(t, members...)} {
		if err := os.WriteFile(filepath.Join(dir, "tree", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, items := placesOf(t, &source.Dir{Paths: []string{filepath.Join(dir, "tree")}, Workers: 2})
	// Five files and a link's target; names are no items.
	if items != 6 {
		t.Errorf("%d items, want 6", items)
	}
	want := map[string][]string{
		folder: {folder + ":0:1"},
		file:   {"keys/" + file + ".json:0:6"},
		member: {"m.tar!conf/" + member + ":0:12", "m.zip!conf/" + member + ":0:12"},
		link:   {"current (link target):1:1"},
	}
	for secret, places := range want {
		if !slices.Equal(got[secret], places) {
			t.Errorf("%s: found at %v, want %v", secret[:4], got[secret], places)
		}
	}
	if len(got) != len(want) {
		t.Errorf("found %d secrets, want %d: %v", len(got), len(want), got)
	}
}

// TestTokensUsedAsNamesInHistory: in git history a name is found at the
// commit that first added its path, a folder's once, and a file renamed
// to a token (the same blob at a new path) too.
func TestTokensUsedAsNamesInHistory(t *testing.T) {
	g := testutil.NewGen(4)
	folder, renamed := g.GitHubToken("ghp_"), g.GitHubToken("gho_")
	r := testutil.NewRepo(t)
	first := r.Write2(map[string]string{folder + "/a.txt": "one\n", "notes.txt": "plain\n"}, "first")
	r.Write2(map[string]string{folder + "/b.txt": "two\n", folder + "/a.txt": "one more\n"}, "second")
	r.Git("mv", "notes.txt", renamed+".txt")
	third := r.Commit("third")
	got, _ := placesOf(t, &source.Git{Repo: r.Dir, Workers: 2})
	want := map[string][]string{folder: {folder + ":0:1"}, renamed: {renamed + ".txt:0:1"}}
	for secret, places := range want {
		if !slices.Equal(got[secret], places) {
			t.Errorf("%s: found at %v, want %v", secret[:4], got[secret], places)
		}
	}
	res, err := Run(context.Background(), Options{Engine: newEngine(t), Workers: 1, Expander: source.Expander{MaxDepth: 4}}, &source.Git{Repo: r.Dir, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if want := map[string]string{folder: first, renamed: third}[f.RawSecret]; f.Commit != want {
			t.Errorf("%s: at commit %s, want %s", f.RawSecret[:4], f.Commit, want)
		}
	}
}
