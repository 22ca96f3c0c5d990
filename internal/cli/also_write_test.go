package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestAlsoWriteGivesOneScanManyReports: --also-write writes the same
// scan's report in more formats (the GitHub Action needs annotations and
// SARIF, and scanned twice for them), each file with every finding, and a
// bad FORMAT=FILE fails before anything is scanned.
func TestAlsoWriteGivesOneScanManyReports(t *testing.T) {
	g := testutil.NewGen(88)
	dir := t.TempDir()
	write(t, dir, "a.env", "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n")
	write(t, dir, "b.env", "GITHUB_TOKEN="+g.GitHubToken("ghp_")+"\n")
	out := t.TempDir()
	sarifPath, csvPath := filepath.Join(out, "r.sarif"), filepath.Join(out, "r.csv")
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--also-write", "sarif="+sarifPath, "--also-write", "csv="+csvPath)
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if fs := decodeFindings(t, stdout); len(fs) != 2 {
		t.Fatalf("main report: %d findings", len(fs))
	}
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("SARIF file: %v\n%s", err, data)
	}
	csv, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 3 || strings.Contains(string(csv), "\x1b[") {
		t.Fatalf("CSV file, want a header and two rows, no colour:\n%s", csv)
	}
	for _, bad := range []string{"sarif", "sarif=", "yaml=r.yaml", "json=-"} {
		_, stderr, code := run(t, "", "scan", "dir", filepath.Join(dir, "missing"), "--also-write", bad)
		if code != ExitError || !strings.Contains(stderr, "--also-write") {
			t.Errorf("--also-write %q: exit %d\n%s", bad, code, stderr)
		}
	}
	_, stderr, code = run(t, "", "scan", "dir", dir, "--also-write", "sarif="+filepath.Join(out, "no", "such", "dir.sarif"))
	if code != ExitError || !strings.Contains(stderr, "opening --also-write file") {
		t.Errorf("an unwritable file: exit %d\n%s", code, stderr)
	}
}
