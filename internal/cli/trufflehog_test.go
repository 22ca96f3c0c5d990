package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// truffleHogConfig is a custom detectors config in the shape of
// TruffleHog's docs/custom_detector.md: a named regex whose first group is
// the token, a keyword, a verify webhook, and the exclude_words filter.
const truffleHogConfig = `detectors:
  - name: HogTokenDetector
    keywords:
      - hog
    regex:
      token: '[^A-Za-z0-9+\/]{0,1}([A-Za-z0-9+\/]{40})[^A-Za-z0-9+\/]{0,1}'
    verify:
      - endpoint: http://localhost:8000/
        unsafe: true
        headers:
          - "Authorization: super secret authorization header"
    exclude_words:
      - EXAMPLE
`

// A team's TruffleHog setup (custom detectors, --exclude-paths,
// --include-paths, --exclude-detectors) imported with config import
// trufflehog: the custom detector fires, excluded paths and detectors stay
// quiet, only the included paths are scanned.
func TestTruffleHogDecisionsHold(t *testing.T) {
	g := testutil.NewGen(73)
	dir := t.TempDir()
	hog := func() string { return g.String(testutil.Base62, 40) }
	write(t, dir, "th/config.yaml", truffleHogConfig)
	write(t, dir, "th/exclude.txt", "# fixtures and samples\n(.*/)?test/fixtures/\n.*\\.sample$\n")
	write(t, dir, "th/include.txt", "^src/\n^lib\n")
	for name, content := range map[string]string{
		"src/app.txt":                "hog token: " + hog() + "\n",
		"src/test/fixtures/data.txt": "hog token: " + hog() + "\n",
		"src/conf.sample":            "hog token: " + hog() + "\n",
		"src/doc.txt":                "hog token: EXAMPLE" + g.String(testutil.Base62, 33) + "\n",
		"docs/readme.txt":            "hog token: " + hog() + "\n", // not included
		"libs/x.txt":                 "hog token: " + hog() + "\n", // ^lib includes libs/
		"lib/aws.txt":                "deploy key id " + g.AWSKeyID() + "\n",
		"src/gh.env":                 "GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n",
	} {
		write(t, dir, name, content)
	}
	_, stderr, code := run(t, "", "config", "import", "trufflehog", filepath.Join(dir, "th", "config.yaml"),
		"--exclude-paths", filepath.Join(dir, "th", "exclude.txt"), "--include-paths", filepath.Join(dir, "th", "include.txt"),
		"--exclude-detectors", "AWS,Contoso", "-o", filepath.Join(dir, ".leakhound.toml"))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		`not exact: line 2: detector "HogTokenDetector": its verify webhook is not carried over`,
		`not exact: --exclude-detectors "Contoso": names no leakhound rule`,
		`note: --exclude-detectors "AWS": disables aws-access-key-id`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the import does not say %q:\n%s", want, stderr)
		}
	}
	got, _ := scanPlaces(t, dir, ExitFindings)
	want := []string{
		"github-personal-access-token src/gh.env",
		"trufflehog-hogtokendetector libs/x.txt",
		"trufflehog-hogtokendetector src/app.txt",
	}
	if !slices.Equal(got, want) {
		t.Errorf("reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An exclude-paths file given as FILE is read as one; an include regex
// that is not a plain prefix is left out with a note (everything is
// scanned), never narrowed wrongly.
func TestTruffleHogPathsFileAlone(t *testing.T) {
	g := testutil.NewGen(74)
	dir := t.TempDir()
	write(t, dir, "exclude-patterns.txt", "^vendor/\n")
	write(t, dir, "include.txt", "\\.go$\n")
	write(t, dir, "vendor/a.env", "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n")
	write(t, dir, "app/a.env", "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n")
	_, stderr, code := run(t, "", "config", "import", "trufflehog", filepath.Join(dir, "exclude-patterns.txt"), "--include-paths", filepath.Join(dir, "include.txt"))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `"\\.go$" is not a plain path prefix`) {
		t.Errorf("the include regex is not named:\n%s", stderr)
	}
	if got, _ := scanPlaces(t, dir, ExitFindings); !slices.Equal(got, []string{"github-personal-access-token app/a.env"}) {
		t.Errorf("reported %v", got)
	}
}

// Files TruffleHog would reject stop the import with the line at fault.
func TestTruffleHogBadInput(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "unknown.yaml", "detectors:\n  - name: X\n    keywords: [xyz]\n    regex:\n      a: 'x_[0-9]+'\n    colour: red\n")
	write(t, dir, "noregex.yaml", "detectors:\n  - name: X\n    keywords: [xyz]\n")
	write(t, dir, "badregex.yaml", "detectors:\n  - name: X\n    keywords: [xyz]\n    regex:\n      a: 'x_(['\n")
	write(t, dir, "paths.txt", "^ok/\nbad(\n")
	for file, want := range map[string]string{
		"unknown.yaml":  `field colour not found`,
		"noregex.yaml":  "line 2: detector \"X\" has no regex",
		"badregex.yaml": "line 2: detector \"X\": regex \"a\"",
		"paths.txt":     "paths.txt:2: \"bad(\" is not a regular expression",
	} {
		importFails(t, "trufflehog", filepath.Join(dir, file), want)
	}
}
