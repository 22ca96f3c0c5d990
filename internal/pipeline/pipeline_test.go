package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/rules"
)

// The reviews at Root apply to every Run, Runs from several goroutines
// agree, entries that name nothing are reported, and bad entries are
// warned about rather than fatal; with no Root nothing is read.
func TestReviewsAtTheRootApplyToEveryRun(t *testing.T) {
	catalogue, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	g := testutil.NewGen(47)
	reviewed, fresh := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	root := t.TempDir()
	ignore := "app.env:github-pat:1\nnot an entry\nother.env:github-pat:9\n"
	if err := os.WriteFile(filepath.Join(root, ".gitleaksignore"), []byte(ignore), 0o600); err != nil {
		t.Fatal(err)
	}
	text := "GITHUB_TOKEN=" + reviewed + "\nBACKUP_TOKEN=" + fresh + "\n"

	var warn bytes.Buffer
	p, err := New(context.Background(), Setup{Catalogue: catalogue, Root: root, Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), `"not an entry"`) {
		t.Errorf("the bad entry is not warned about: %q", warn.String())
	}
	var wg sync.WaitGroup
	outcomes := make([]*Outcome, 4)
	for i := range outcomes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := p.Run(context.Background(), &source.Reader{Name: "app.env", R: strings.NewReader(text)}, RunOptions{Workers: 1, ShowSecrets: true})
			if err != nil {
				t.Error(err)
			}
			outcomes[i] = o
		}()
	}
	wg.Wait()
	for i, o := range outcomes {
		if o == nil || len(o.Reported) != 1 || o.Reported[0].RawSecret != fresh || o.Suppressed != 1 {
			t.Fatalf("run %d: %+v", i, o)
		}
		if len(o.Unresolved) != 1 || !strings.HasPrefix(o.Unresolved[0], ".gitleaksignore:3") {
			t.Errorf("run %d: unresolved %v", i, o.Unresolved)
		}
	}

	bare, err := New(context.Background(), Setup{Catalogue: catalogue})
	if err != nil {
		t.Fatal(err)
	}
	o, err := bare.Run(context.Background(), &source.Reader{Name: "app.env", R: strings.NewReader(text)}, RunOptions{Workers: 1})
	if err != nil || len(o.Reported) != 2 || o.Suppressed != 0 {
		t.Errorf("without Root: %v, %d reported, %d suppressed", err, len(o.Reported), o.Suppressed)
	}
}
