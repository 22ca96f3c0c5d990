package leakhound_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/leakhound/leakhound/pkg/leakhound"
)

// The token is split so that a scan of this repository does not report
// the example itself.
var token = "ghp_" + "ISwaRwhPOmkKRjPdPHF1tnYT5NRD734GFzCF"

// another is a second token of the same kind.
var another = "ghp_" + "dNz9bsWi796BCMFPGi7r8W92fXF1pS11Xz6r"

func ExampleScanner_ScanReader() {
	s, err := leakhound.New(leakhound.Options{})
	if err != nil {
		log.Fatal(err)
	}
	text := "# deploy settings\nGITHUB_TOKEN=" + token + "\n"
	findings, err := s.ScanReader(context.Background(), "deploy.env", strings.NewReader(text))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		p := f.Places[0]
		fmt.Printf("%s %s at %s:%d:%d (%s), secret %q\n", f.Severity, f.RuleID, p.Path, p.Line, p.Column, p.Confidence, f.Secret)
	}
	// Output:
	// critical github-personal-access-token at deploy.env:2:14 (high), secret ""
}

func ExampleScanner_ScanDir() {
	dir, err := os.MkdirTemp("", "leakhound-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"config/app.env":   "GITHUB_TOKEN=" + token + "\n",
		"scripts/ci.sh":    "export GITHUB_TOKEN=" + token + "\n",
		"docs/readme.md":   "Set GITHUB_TOKEN=${GITHUB_TOKEN} in your shell.\n",
		"config/app.local": "# leakhound:allow\nGITHUB_TOKEN=" + token + " # leakhound:allow\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	// RevealSecrets puts the secret in Finding.Secret, for a caller that
	// rotates it; by default only the Preview is there.
	s, err := leakhound.New(leakhound.Options{RevealSecrets: true})
	if err != nil {
		log.Fatal(err)
	}
	findings, err := s.ScanDir(context.Background(), dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		fmt.Println(f.RuleID, f.Preview, f.Secret == token)
		for _, p := range f.Places {
			fmt.Printf("  %s:%d\n", p.Path, p.Line)
		}
	}
	// Output:
	// github-personal-access-token ghp_**** true
	//   config/app.env:1
	//   scripts/ci.sh:1
}

func ExampleScanner_ScanGit() {
	repo, err := os.MkdirTemp("", "leakhound-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(repo)
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.test", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	// A token committed, then removed: it stays in the history.
	if err := os.WriteFile(filepath.Join(repo, "app.env"), []byte("GITHUB_TOKEN="+token+"\n"), 0o600); err != nil {
		log.Fatal(err)
	}
	git("add", "app.env")
	git("commit", "-q", "-m", "add settings")
	git("rm", "-q", "app.env")
	git("commit", "-q", "-m", "remove settings")

	s, err := leakhound.New(leakhound.Options{})
	if err != nil {
		log.Fatal(err)
	}
	findings, err := s.ScanGit(context.Background(), repo, leakhound.GitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		p := f.Places[0]
		fmt.Printf("%s in %s:%d, committed by %s\n", f.RuleID, p.Path, p.Line, p.Author)
	}
	// Output:
	// github-personal-access-token in app.env:1, committed by Dev
}

// A scan that could not read part of its target says so: the findings of
// the rest come with an *IncompleteError.
func ExampleIncompleteError() {
	s, err := leakhound.New(leakhound.Options{MaxFileSize: 64})
	if err != nil {
		log.Fatal(err)
	}
	long := strings.Repeat("# a long comment line\n", 10) + "GITHUB_TOKEN=" + token + "\n"
	_, err = s.ScanReader(context.Background(), "big.env", strings.NewReader(long))
	var incomplete *leakhound.IncompleteError
	if errors.As(err, &incomplete) {
		fmt.Println(len(incomplete.Gaps), "part not scanned:", incomplete.Gaps[0].Path)
	}
	// Output:
	// 1 part not scanned: big.env
}

// A config written for the command serves the library too: here a custom
// rule and an allowlist.
func ExampleOptions_config() {
	dir, err := os.MkdirTemp("", "leakhound-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	config := `
[[rules]]
provider = "acme"
id = "acme-internal-token"
name = "Acme internal token"
severity = "high"
keywords = ["acme_int_"]
pattern = '\b(?P<secret>acme_int_[a-z0-9]{24})\b'

[[allowlists]]
rules = ["acme-internal-token"]
stopwords = ["sandbox"]
`
	path := filepath.Join(dir, ".leakhound.toml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		log.Fatal(err)
	}
	s, err := leakhound.New(leakhound.Options{Config: path})
	if err != nil {
		log.Fatal(err)
	}
	text := "ACME=acme_int_q8z2m4x7c1v9b3n6l0k5j8h2\nACME_TEST=acme_int_sandbox7c1v9b3n6l0k5j8\n"
	findings, err := s.ScanReader(context.Background(), "app.env", strings.NewReader(text))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		fmt.Println(f.RuleID, f.Places[0].Line)
	}
	// Output:
	// acme-internal-token 1
}

// A project that switched from gitleaks keeps its reviews: with Root set,
// its .gitleaksignore (and .gitleaks.toml, .secrets.baseline) apply as the
// leakhound command applies them, so only the secret no one reviewed is
// reported.
func ExampleOptions_root() {
	project, err := os.MkdirTemp("", "leakhound-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(project)
	files := map[string]string{
		"fixtures/app.env": "GITHUB_TOKEN=" + token + "\n",
		"deploy/app.env":   "GITHUB_TOKEN=" + another + "\n",
		// gitleaks' fingerprint of the first: file:rule:line.
		".gitleaksignore": "fixtures/app.env:github-pat:1\n",
	}
	for name, content := range files {
		path := filepath.Join(project, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	s, err := leakhound.New(leakhound.Options{Root: project})
	if err != nil {
		log.Fatal(err)
	}
	findings, err := s.ScanDir(context.Background(), project)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		fmt.Println(f.RuleID, f.Places[0].Path)
	}
	// Output:
	// github-personal-access-token deploy/app.env
}
