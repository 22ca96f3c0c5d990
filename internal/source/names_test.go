package source

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"

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

// TestImageLayerNames: a layer's file and folder names are scanned once
// each, with the layer they are in, and a link's target as text.
func TestImageLayerNames(t *testing.T) {
	layer := layerOf(t, tarBytes(t,
		entry{name: "srv/"}, entry{name: "srv/deploy_credentials/"},
		entry{name: "srv/deploy_credentials/first_key_file.json", content: "{}"},
		entry{name: "srv/deploy_credentials/second_key.json", content: "{}"},
		entry{name: "etc/current_token_link", link: "/srv/deploy_credentials/first_key_file.json"},
	))
	img := testutil.Image(t, []v1.Layer{layer}, []string{"COPY srv /srv"}, nil)
	lp := filepath.Join(t.TempDir(), "layout")
	p, err := layout.Write(lp, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var names []string
	if err := (&Image{Targets: []string{lp}, Workers: 2}).Run(context.Background(), &memReport{}, func(_ int, u Unit) {
		mu.Lock()
		defer mu.Unlock()
		if nameOrLink(u) {
			names = append(names, fmt.Sprintf("%s=%s@%d", u.Path, u.Data, u.Image.Layer))
		}
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	want := []string{
		"etc/current_token_link (link target)=/srv/deploy_credentials/first_key_file.json@1",
		"etc/current_token_link=current_token_link@1",
		"srv/deploy_credentials/first_key_file.json=first_key_file.json@1",
		"srv/deploy_credentials/second_key.json=second_key.json@1",
		"srv/deploy_credentials=deploy_credentials@1",
	}
	if !slices.Equal(names, want) {
		t.Errorf("named\n%q\nwant\n%q", names, want)
	}
}

// TestRefNames: a branch or tag named with a token is scanned at the
// ref, once; revisions that are no ref's name are not.
func TestRefNames(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "one\n"}, "first")
	r.Git("branch", "fix/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")
	r.Git("tag", "release_2024_0001")
	var mu sync.Mutex
	var names []string
	if err := (&Git{Repo: r.Dir, Workers: 2}).Run(context.Background(), &memReport{}, func(_ int, u Unit) {
		if u.Name && strings.HasPrefix(u.Path, "refs/") {
			mu.Lock()
			names = append(names, u.Path+"="+string(u.Data))
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	want := []string{"refs/heads/fix/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=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", "refs/tags/release_2024_0001=release_2024_0001"}
	if !slices.Equal(names, want) {
		t.Errorf("named %q, want %q", names, want)
	}
}
