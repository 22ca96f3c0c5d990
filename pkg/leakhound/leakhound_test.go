package leakhound_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/pkg/leakhound"
)

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := leakhound.New(leakhound.Options{MinConfidence: "sure"}); err == nil {
		t.Error("an unknown confidence was accepted")
	}
	if _, err := leakhound.New(leakhound.Options{Config: filepath.Join(t.TempDir(), "missing.toml")}); err == nil {
		t.Error("a missing config was accepted")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, ".leakhound.toml")
	if err := os.WriteFile(bad, []byte("[scan]\nno_such_key = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := leakhound.New(leakhound.Options{Config: bad}); err == nil || !strings.Contains(err.Error(), "no_such_key") {
		t.Errorf("a config with an unknown key: %v", err)
	}
}

// A gitleaks config is translated as the command translates it, and a
// file over the size limit makes the scan incomplete, with the other
// findings.
func TestScanDirWithGitleaksConfigAndAGap(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "ci.gitleaks.toml")
	if err := os.WriteFile(cfg, []byte("[[rules]]\nid = \"corp-key\"\nregex = '''corpkey_([a-z0-9]{16})'''\nkeywords = [\"corpkey_\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := leakhound.New(leakhound.Options{Config: cfg, RevealSecrets: true, MaxFileSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x corpkey_0123456789abcdef y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat("text over the size limit\n", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	findings, err := s.ScanDir(context.Background(), dir)
	var incomplete *leakhound.IncompleteError
	if !errors.As(err, &incomplete) || len(incomplete.Gaps) != 1 || incomplete.Gaps[0].Path != "big.txt" {
		t.Fatalf("err = %v", err)
	}
	if len(findings) != 1 || findings[0].RuleID != "corp-key" || findings[0].Secret != "0123456789abcdef" {
		t.Errorf("findings %+v", findings)
	}
}

// One Scanner serves many goroutines.
func TestScannerIsSafeForConcurrentUse(t *testing.T) {
	s, err := leakhound.New(leakhound.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs, err := s.ScanReader(context.Background(), "x.env", strings.NewReader("GITHUB_TOKEN="+token+"\n"))
			if err != nil || len(fs) != 1 {
				errs <- "a concurrent scan went wrong"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Options.Root applies the reviews kept at a project's root as the
// command applies them: here a detect-secrets baseline, so only the secret
// added after it is reported; without Root it is not read.
func TestRootAppliesADetectSecretsBaseline(t *testing.T) {
	dir := t.TempDir()
	g := testutil.NewGen(43)
	old, added := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	sum := sha1.Sum([]byte(old))
	baseline := `{"version": "1.5.0", "plugins_used": [{"name": "GitHubTokenDetector"}], "filters_used": [],
  "results": {"settings.env": [{"type": "GitHub Token", "filename": "settings.env", "hashed_secret": "` + hex.EncodeToString(sum[:]) + `", "is_verified": false, "line_number": 1}]}}`
	for name, content := range map[string]string{
		".secrets.baseline": baseline,
		"settings.env":      "GITHUB_TOKEN=" + old + "\nBACKUP_TOKEN=" + added + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		root string
		want int
	}{{dir, 1}, {"", 2}} {
		s, err := leakhound.New(leakhound.Options{Root: tc.root, RevealSecrets: true})
		if err != nil {
			t.Fatal(err)
		}
		fs, err := s.ScanDir(context.Background(), dir)
		if err != nil || len(fs) != tc.want {
			t.Fatalf("Root %q: %v, %d findings, want %d", tc.root, err, len(fs), tc.want)
		}
		if tc.root != "" && fs[0].Secret != added {
			t.Errorf("Root %q: reported %s, want the secret added after the baseline", tc.root, fs[0].Preview)
		}
	}
}

// A target that could not be scanned is an error, never an empty result.
func TestUnscannableTargetsAreErrors(t *testing.T) {
	s, err := leakhound.New(leakhound.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var incomplete *leakhound.IncompleteError
	if _, err := s.ScanDir(ctx, filepath.Join(t.TempDir(), "missing")); !errors.As(err, &incomplete) {
		t.Errorf("a missing folder: %v", err)
	}
	if _, err := s.ScanGit(ctx, t.TempDir(), leakhound.GitOptions{}); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("a folder that is not a repository: %v", err)
	}
	if _, err := s.ScanGit(ctx, t.TempDir(), leakhound.GitOptions{Revisions: []string{"--output=/tmp/x"}}); err == nil {
		t.Error("a revision that reads as an option was accepted")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.ScanDir(cancelled, t.TempDir()); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v", err)
	}
	if _, err := s.ScanDir(ctx); err == nil {
		t.Error("ScanDir with no path returned no error")
	}
}

// TestCacheDirKeepsTheCatalogue: with CacheDir, the checked catalogue is
// written there once and the next Scanner reads it, finding the same.
func TestCacheDirKeepsTheCatalogue(t *testing.T) {
	dir := t.TempDir()
	tok := testutil.NewGen(5).GitHubToken("ghp_")
	for i := range 2 {
		s, err := leakhound.New(leakhound.Options{CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		cached, _ := filepath.Glob(filepath.Join(dir, "catalogue-*.gob"))
		if len(cached) != 1 {
			t.Fatalf("scanner %d: cache files %v", i, cached)
		}
		fs, err := s.ScanReader(context.Background(), "app.env", strings.NewReader("GITHUB_TOKEN="+tok+"\n"))
		if err != nil || len(fs) != 1 || fs[0].RuleID != "github-personal-access-token" {
			t.Fatalf("scanner %d: %+v %v", i, fs, err)
		}
	}
}
