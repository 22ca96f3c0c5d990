package source

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// nameOrLink tells the units of names and of links' targets (names.go),
// which tests of what content holds leave out.
func nameOrLink(u Unit) bool {
	return u.Name || strings.HasSuffix(u.Path, linkSuffix)
}

// TestStagedNamesNewPaths: a pre-commit scan names the paths a commit
// adds, with their folders, each once; a path it only modifies was named
// when it was added, and short names (see minTokenRun) are not scanned.
func TestStagedNamesNewPaths(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"old_settings_file.txt": "one\n"}, "first")
	r.Write(map[string]string{"old_settings_file.txt": "two\n", "new_folder_name/first_new_file.txt": "a\n", "new_folder_name/second_new_file.txt": "b\n", "new_folder_name/a.txt": "c\n"})
	r.Git("add", "-A")
	var mu sync.Mutex
	var names []string
	err := (&Staged{Repo: r.Dir, Workers: 2}).Run(context.Background(), &memReport{}, func(_ int, u Unit) {
		if u.Name {
			mu.Lock()
			names = append(names, u.Path+"="+string(u.Data))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	want := []string{"new_folder_name/first_new_file.txt=first_new_file.txt", "new_folder_name/second_new_file.txt=second_new_file.txt", "new_folder_name=new_folder_name"}
	if !slices.Equal(names, want) {
		t.Errorf("named %q, want %q", names, want)
	}
}
