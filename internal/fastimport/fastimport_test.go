package fastimport

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommitsRenamesDeletesAndBranches(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := filepath.Join(t.TempDir(), "r.git")
	fw, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := fw.Commit(Commit{Ref: "refs/heads/main", Message: "add", Time: 1700000000, Ops: []Op{
		{Path: "conf/a file.txt", Content: []byte("one\n")},
		{Path: "b.txt", Content: []byte("two\n")},
	}})
	fw.Commit(Commit{Ref: "refs/heads/main", Message: "move and drop", Time: 1700000060, Ops: []Op{
		{Path: "conf/renamed.txt", RenameFrom: "conf/a file.txt"},
		{Path: "b.txt", Delete: true},
	}})
	side := fw.Commit(Commit{Ref: "refs/heads/side", From: first, Message: "side", Time: 1700000120, Ops: []Op{{Path: "c.txt", Content: []byte("three\n")}}})
	marks, err := fw.Close()
	if err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := git("ls-tree", "-r", "--name-only", "main"); got != "conf/renamed.txt" {
		t.Errorf("main holds %q", got)
	}
	if got := git("show", marks[first]+":conf/a file.txt"); got != "one" {
		t.Errorf("first commit: %q", got)
	}
	if got := git("rev-parse", "side"); got != marks[side] {
		t.Errorf("side is %s, mark says %s", got, marks[side])
	}
	if got := git("rev-parse", "side^"); got != marks[first] {
		t.Errorf("side's parent is %s, want %s", got, marks[first])
	}
	if _, err := New(dir); err == nil {
		t.Error("New wrote over an existing directory")
	}
}
