package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/testutil"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func tarGzOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var members []testutil.Member
	for name, content := range files {
		members = append(members, testutil.M(name, content))
	}
	return string(testutil.Gzip(t, "", testutil.Tar(t, members...)))
}

func TestScanDirFormatsSuppressionAndExcludes(t *testing.T) {
	g := testutil.NewGen(2)
	dir := t.TempDir()
	tok, allowed, ignored, excluded, nested := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("gho_")
	notebook := `{
 "cells": [
  {
   "cell_type": "code",
   "source": [
    "import requests\n",
    "headers = {\"X-Postmark-Server-Token\": \"` + g.UUID() + `\"}\n"
   ]
  }
 ]
}
`
	writeFiles(t, dir, map[string]string{
		"src/main.go":          "package main\n\nconst token = \"" + tok + "\"\n",
		"src/allowed.go":       "var t = \"" + allowed + "\" // leakhound:allow test fixture\n",
		"src/ignored.txt":      "GITHUB_TOKEN=" + ignored + "\n",
		"vendor/lib/x.txt":     "GITHUB_TOKEN=" + excluded + "\n",
		"analysis.ipynb":       notebook,
		"release/app.tar.gz":   tarGzOf(t, map[string]string{"app/.env": "GH_TOKEN=" + nested + "\n"}),
		"image.png":            string(testutil.PNG(testutil.Chunk{Type: "IDAT", Data: []byte("GITHUB_TOKEN=" + tok)})), // pixel data
		".leakhound.toml":      "[scan]\nexclude = [\"vendor/\"]\n",
		".leakhoundignore":     "# reviewed: revoked 2024-01-01\n" + fingerprintOf(t, "github-personal-access-token", ignored) + "  # rotated\n",
		"minified/app.min.js":  strings.Repeat("var a=1;", 5000) + "var k=\"" + g.GitHubToken("ghp_") + "\";" + strings.Repeat("var b=2;", 5000),
		"docs/postmark.md":     "Set POSTMARK_SERVER_TOKEN to the token from your server's API Tokens tab.\n",
		"cfg/doc-example.conf": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
	})

	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Path] = f.RuleID
	}
	want := map[string]string{
		"src/main.go":                 "github-personal-access-token",
		"analysis.ipynb":              "postmark-server-token",
		"release/app.tar.gz!app/.env": "github-oauth-token",
		"minified/app.min.js":         "github-personal-access-token",
	}
	if len(got) != len(want) {
		t.Errorf("found %v, want %v", got, want)
	}
	for p, id := range want {
		if got[p] != id {
			t.Errorf("%s: got rule %q, want %q", p, got[p], id)
		}
	}
	// Suppressed: the ignore file's finding and the leakhound:allow line.
	if !strings.Contains(stderr, "1 binary skipped") || !strings.Contains(stderr, "2 suppressed") {
		t.Errorf("stderr does not account for the binary file, the ignored and the allowed finding: %q", stderr)
	}

	// A baseline of this scan hides everything it recorded.
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(baseline, []byte(stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = run(t, "", "scan", "dir", dir, "--baseline", baseline)
	if code != ExitClean || !strings.Contains(stdout, "No secrets found") {
		t.Errorf("with baseline: exit %d\n%s", code, stdout)
	}
	if _, stderr, code := run(t, "", "scan", "dir", dir, "--baseline", filepath.Join(dir, "src/main.go")); code != ExitError || !strings.Contains(stderr, "baseline") {
		t.Errorf("bad baseline: exit %d, %q", code, stderr)
	}

	// --exit-zero still reports.
	stdout, _, code = run(t, "", "scan", "dir", dir, "--exit-zero")
	if code != ExitClean || !strings.Contains(stdout, "GitHub Personal Access Token") {
		t.Errorf("--exit-zero: exit %d\n%s", code, stdout)
	}

	// SARIF contract.
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "sarif")
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != len(want) {
		t.Fatalf("sarif: %s", stdout)
	}
	uris := map[string]int{}
	for _, r := range sarif.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		uris[loc.ArtifactLocation.URI] = loc.Region.StartLine
	}
	if uris["src/main.go"] != 3 || uris["release/app.tar.gz!app/.env"] != 1 || uris["analysis.ipynb"] != 7 {
		t.Errorf("sarif locations: %v", uris)
	}

	// CSV and JSONL carry one row per finding.
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "csv")
	if lines := strings.Count(stdout, "\n"); lines != len(want)+1 {
		t.Errorf("csv has %d lines, want %d:\n%s", lines, len(want)+1, stdout)
	}
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "jsonl")
	if lines := strings.Count(stdout, "\n"); lines != len(want) {
		t.Errorf("jsonl has %d lines, want %d", lines, len(want))
	}

	// --output writes the report to a file, not stdout.
	outFile := filepath.Join(t.TempDir(), "r.json")
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "json", "--output", outFile)
	data, err := os.ReadFile(outFile)
	if err != nil || stdout != "" || len(decodeReport(t, string(data))) != len(want) {
		t.Errorf("--output: stdout %q, file err %v", stdout, err)
	}
}

func fingerprintOf(t *testing.T, ruleID, secret string) string {
	t.Helper()
	return finding.Fingerprint(ruleID, secret)
}

func TestScanDirBadInput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/b.txt": "hello\n", "latin1.txt": "caf\xe9 \xff\xfe\n"})
	// A symlink loop and a dangling link: neither is followed or fatal.
	if err := os.Symlink("..", filepath.Join(dir, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/nonexistent/x", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "", "scan", "dir", dir)
	if code != ExitClean {
		t.Errorf("symlinks and invalid UTF-8: exit %d, %s", code, stderr)
	}
	_, stderr, code = run(t, "", "scan", "dir", dir, filepath.Join(dir, "missing"))
	if code != ExitError || !strings.Contains(stderr, "missing") {
		t.Errorf("missing path: exit %d, %q", code, stderr)
	}
}

// TestSkippedContentMakesScanIncomplete: text that was not scanned (over
// the size limit, a damaged archive) makes the scan incomplete in every
// report and exits 2, with or without findings; binary content does not.
func TestSkippedContentMakesScanIncomplete(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":   "hello\n",
		"big.bin": "\x00" + strings.Repeat(noise, 8), // text with a NUL is text (see TestTextWithANulOverTheSizeLimitIsNamed)
	})
	// Complete: the binary file over the limit is a notice only.
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--max-file-size", "1KB", "--format", "json")
	if code != ExitClean || !strings.Contains(stderr, "1 binary skipped") || !strings.Contains(stdout, `"incomplete": false`) || strings.Contains(stdout, "not_scanned") {
		t.Errorf("complete scan: exit %d, %q\n%s", code, stderr, stdout)
	}

	writeFiles(t, dir, map[string]string{"big.txt": strings.Repeat("x", 2048)})
	stdout, stderr, code = run(t, "", "scan", "dir", dir, "--max-file-size", "1KB")
	if code != ExitError || !strings.Contains(stderr, "skipped big.txt: larger than the 1000-byte limit") || !strings.Contains(stderr, "the scan is incomplete: 1 item was not scanned") {
		t.Errorf("oversized text: exit %d, %q", code, stderr)
	}
	if !strings.Contains(stdout, "No secrets found in what was scanned, but the scan is incomplete: 1 item was not scanned") {
		t.Errorf("text report does not say it is incomplete: %q", stdout)
	}
	stdout, _, code = run(t, "", "scan", "dir", dir, "--max-file-size", "1KB", "--format", "sarif")
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Message   struct{ Text string } `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &sarif); err != nil || code != ExitError {
		t.Fatalf("sarif: exit %d, %v", code, err)
	}
	inv := sarif.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "big.txt" ||
		!strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "--max-file-size") {
		t.Errorf("sarif invocation: %s", stdout)
	}

	// A damaged archive makes the scan incomplete too, and findings do not
	// hide a gap: still exit 2, and the text and JSON say so.
	writeFiles(t, dir, map[string]string{
		"broken.zip": "PK\x03\x04 this is not really a zip",
		"b.env":      "GITHUB_TOKEN=" + testutil.NewGen(12).GitHubToken("ghp_") + "\n",
	})
	stdout, stderr, code = run(t, "", "scan", "dir", dir, "--max-file-size", "1KB")
	if code != ExitError || !strings.Contains(stdout, "GitHub Personal Access Token") || !strings.Contains(stdout, "Also, the scan is incomplete: 2 items were not scanned") ||
		!strings.Contains(stderr, "skipped broken.zip: damaged archive") {
		t.Errorf("findings and gaps: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, code = run(t, "", "scan", "dir", dir, "--max-file-size", "1KB", "--format", "json")
	var rep struct {
		Findings   []json.RawMessage               `json:"findings"`
		Incomplete bool                            `json:"incomplete"`
		NotScanned []struct{ Path, Reason string } `json:"not_scanned"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != ExitError {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	gaps := map[string]string{}
	for _, g := range rep.NotScanned {
		gaps[g.Path] = g.Reason
	}
	if !rep.Incomplete || len(rep.Findings) != 1 || len(gaps) != 2 || !strings.Contains(gaps["big.txt"], "--max-file-size") || !strings.Contains(gaps["broken.zip"], "damaged archive") {
		t.Errorf("json report: %s", stdout)
	}
}

func TestScanStdinAndConfig(t *testing.T) {
	g := testutil.NewGen(3)
	tok := g.GitHubToken("ghp_")
	stdout, _, code := run(t, "GITHUB_TOKEN="+tok+"\n", "scan", "stdin", "--format", "jsonl")
	if code != ExitFindings || !strings.Contains(stdout, `"path":"stdin"`) {
		t.Errorf("stdin: exit %d, %s", code, stdout)
	}
	_, _, code = run(t, "nothing here\n", "scan", "stdin")
	if code != ExitClean {
		t.Errorf("clean stdin: exit %d", code)
	}

	dir := t.TempDir()
	cfg := filepath.Join(dir, "custom.toml")
	writeFiles(t, dir, map[string]string{"custom.toml": `
[scan]
disabled_rules = ["github-personal-access-token"]

[[rules]]
provider = "acme"
id = "acme-internal-token"
name = "Acme internal token"
severity = "high"
keywords = ["acme_int_"]
pattern = '\b(?P<secret>acme_int_[a-z0-9]{24})\b'
examples = ["ACME=acme_int_q8z2m4x7c1v9b3n6l0k5j8h2"]
negative_examples = ["ACME=acme_int_short"]
`})
	in := "GITHUB_TOKEN=" + tok + "\nACME=acme_int_" + g.String("abcdefghijklmnopqrstuvwxyz0123456789", 24) + "\n"
	stdout, stderr, code := run(t, in, "scan", "stdin", "--config", cfg, "--format", "jsonl")
	if code != ExitFindings || !strings.Contains(stdout, "acme-internal-token") || strings.Contains(stdout, "github-personal") {
		t.Errorf("custom config: exit %d\n%s%s", code, stdout, stderr)
	}
	writeFiles(t, dir, map[string]string{"bad.toml": "[scan]\nexclud = [\"x\"]\n"})
	if _, stderr, code := run(t, "", "scan", "stdin", "--config", filepath.Join(dir, "bad.toml")); code != ExitError || !strings.Contains(stderr, "exclud") {
		t.Errorf("unknown config key: exit %d, %q", code, stderr)
	}
	writeFiles(t, dir, map[string]string{"badrule.toml": `
[[rules]]
provider = "acme"
id = "acme-internal-token"
name = "Acme"
severity = "high"
keywords = ["acme_int_"]
pattern = '\b(?P<secret>acme_int_[a-z0-9]{24})\b'
examples = ["ACME=acme_int_TOOSHORT"]
negative_examples = ["x"]
`})
	if _, stderr, code := run(t, "", "scan", "stdin", "--config", filepath.Join(dir, "badrule.toml")); code != ExitError || !strings.Contains(stderr, "example not found") {
		t.Errorf("custom rule with failing example: exit %d, %q", code, stderr)
	}
	if _, _, code := run(t, "", "scan", "stdin", "--config", filepath.Join(dir, "nope.toml")); code != ExitError {
		t.Errorf("missing --config file: exit %d", code)
	}
}

// TestIgnoreLastFound: a false positive is marked with a reason from the
// last scan's findings, and the next scan is clean; no --no-verify needed.
func TestIgnoreLastFound(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"fixtures/test.env": "GITHUB_TOKEN=" + testutil.NewGen(61).GitHubToken("ghp_") + "\n"})
	cache := t.TempDir()
	env := map[string]string{"LEAKHOUND_CACHE_DIR": cache}
	if _, _, code := runWith(t, "", env, "scan", "dir", dir); code != ExitFindings {
		t.Fatalf("first scan: exit %d", code)
	}
	out, stderr, code := runWith(t, "", env, "ignore", "--last-found", "--reason", "test fixture, never a real key")
	if code != 0 || !strings.Contains(out, "added 1 fingerprint") {
		t.Fatalf("ignore: %d %q %q", code, out, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".leakhoundignore"))
	if err != nil || !strings.Contains(string(data), "github-personal-access-token at fixtures/test.env:1: test fixture, never a real key") {
		t.Fatalf("ignore file: %q %v", data, err)
	}
	if _, stderr, code := runWith(t, "", env, "scan", "dir", dir); code != ExitClean || !strings.Contains(stderr, "1 suppressed") {
		t.Errorf("after ignore: exit %d %s", code, stderr)
	}
	// Marking again adds nothing; a malformed fingerprint is refused.
	if out, _, _ := runWith(t, "", env, "ignore", "--last-found"); !strings.Contains(out, "nothing to ignore") && !strings.Contains(out, "added 0") {
		t.Errorf("second ignore: %q", out)
	}
	if _, stderr, code := runWith(t, "", env, "ignore", "not-a-fingerprint", "--root", dir); code != ExitError || !strings.Contains(stderr, "fingerprint") {
		t.Errorf("bad fingerprint: %d %q", code, stderr)
	}
}

// TestProgressOnlyOnATerminal: the progress line goes to stderr when it is
// a terminal, and never into the report.
func TestProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	var big strings.Builder
	for i := 0; i < 3000; i++ {
		big.WriteString("some ordinary configuration line number " + strconv.Itoa(i) + "\n")
	}
	for i := 0; i < 40; i++ {
		writeFiles(t, dir, map[string]string{"f" + strconv.Itoa(i) + ".txt": big.String()})
	}
	var out, errb bytes.Buffer
	slow := func(k string) string { return "" }
	code := Main([]string{"scan", "dir", dir, "--workers", "1"}, &IO{In: strings.NewReader(""), Out: &out, Err: &errb, ErrIsTTY: true, Getenv: slow})
	if code != ExitClean || strings.Contains(out.String(), "scanning:") {
		t.Fatalf("exit %d, report %q", code, out.String())
	}
	// The line is drawn a few times a second; a short scan may finish
	// first, but the final clear is always written.
	if !strings.Contains(errb.String(), "\r\033[K") {
		t.Errorf("no progress output on a terminal: %q", errb.String())
	}
	errb.Reset()
	Main([]string{"scan", "dir", dir}, &IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: slow})
	if strings.Contains(errb.String(), "\r") {
		t.Error("progress output without a terminal")
	}
}

// TestArchiveMembersAfterTheLimitAreScanned: the size limit is per member.
// A tarball whose members add up to more than the limit, with one member
// over it, is read to its end: the one over the limit is named, the
// secret in the last member is found.
func TestArchiveMembersAfterTheLimitAreScanned(t *testing.T) {
	dir := t.TempDir()
	line := "an ordinary line of text, nothing secret in it at all\n"
	part := strings.Repeat(line, (400<<10)/len(line))
	tok := testutil.NewGen(41).GitHubToken("ghp_")
	var members []testutil.Member
	for i := range 4 {
		members = append(members, testutil.M("data/part"+strconv.Itoa(i)+".txt", part))
	}
	members = append(members, testutil.M("data/huge.txt", strings.Repeat(line, (1100<<10)/len(line))), testutil.M("creds.txt", "GITHUB_TOKEN="+tok+"\n"))
	writeFiles(t, dir, map[string]string{"backup.tgz": string(testutil.Gzip(t, "", testutil.Tar(t, members...)))})

	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--max-file-size", "1MB", "--format", "json")
	fs := decodeReport(t, stdout)
	if len(fs) != 1 || fs[0].Path != "backup.tgz!creds.txt" || fs[0].Line != 1 {
		t.Errorf("findings %+v\n%s", fs, stderr)
	}
	if code != ExitError || !strings.Contains(stderr, "skipped backup.tgz!data/huge.txt: larger than the 1000000-byte limit") || strings.Contains(stderr, "damaged") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestWideTextFiles: files in UTF-16 (as PowerShell and regedit write
// them, with or without a byte order mark) and UTF-32 are decoded and
// scanned, findings at their line; before, they were called binary.
func TestWideTextFiles(t *testing.T) {
	dir := t.TempDir()
	g := testutil.NewGen(91)
	text := func() string { return "# settings\r\n\r\n$env:GITHUB_TOKEN = \"" + g.GitHubToken("ghp_") + "\"\r\n" }
	toUTF16 := func(s string, order binary.AppendByteOrder, bom bool) string {
		var out []byte
		if bom {
			out = order.AppendUint16(out, 0xFEFF)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			out = order.AppendUint16(out, u)
		}
		return string(out)
	}
	toUTF32 := func(s string) string {
		out := binary.BigEndian.AppendUint32(nil, 0xFEFF)
		for _, r := range s {
			out = binary.BigEndian.AppendUint32(out, uint32(r))
		}
		return string(out)
	}
	writeFiles(t, dir, map[string]string{
		"profile.ps1": toUTF16(text(), binary.LittleEndian, true),
		"export.reg":  toUTF16(text(), binary.LittleEndian, false),
		"be.txt":      toUTF16(text(), binary.BigEndian, true),
		"wide32.txt":  toUTF32(text()),
	})
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	lines := map[string]int{}
	for _, f := range decodeReport(t, stdout) {
		lines[f.Path] = f.Line
	}
	if code != ExitFindings || len(lines) != 4 || strings.Contains(stderr, "binary skipped") {
		t.Errorf("exit %d, found %v\n%s", code, lines, stderr)
	}
	for p, l := range lines {
		if l != 3 {
			t.Errorf("%s: line %d, want 3", p, l)
		}
	}
}

// TestScanDirReadsSubmoduleConfigs: a submodule's repository lives in
// the superproject's .git/modules/NAME, whose config holds its remote
// URL, credentials and all; so may a worktree's own config.worktree.
// scan dir read the superproject's config only and reported clean. Each
// submodule's config is read, nested ones and names with slashes too,
// and each worktree's config.worktree; the rest of .git is not. Scanned
// alone, a submodule or linked worktree names its repository's folder,
// outside the scanned paths, whose config is not read.
func TestScanDirReadsSubmoduleConfigs(t *testing.T) {
	g := testutil.NewGen(613)
	tok, nestedTok, worktreeTok, linkedTok := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	inner := testutil.NewRepo(t)
	inner.Write2(map[string]string{"y.txt": "y\n"}, "inner")
	lib := testutil.NewRepo(t)
	lib.Write2(map[string]string{"x.txt": "x\n"}, "lib")
	lib.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.Dir, "third_party/inner")
	lib.Git("commit", "-q", "-m", "add inner")
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"README": "hello\n"}, "first")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.Dir, "libs/lib")
	r.Git("-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init", "--recursive")
	r.Git("-C", "libs/lib", "remote", "set-url", "origin", "https://deploy:"+tok+"@git.corp.lan/lib.git")
	r.Git("-C", "libs/lib/third_party/inner", "remote", "set-url", "origin", "https://ci:"+nestedTok+"@git.corp.lan/inner.git")
	r.Git("config", "extensions.worktreeConfig", "true")
	linked := filepath.Join(t.TempDir(), "linked")
	r.Git("worktree", "add", "-q", linked)
	r.Git("config", "--worktree", "remote.mirror.url", "https://ci:"+worktreeTok+"@git.corp.lan/mirror.git")
	r.Git("-C", linked, "config", "--worktree", "remote.backup.url", "https://ci:"+linkedTok+"@git.corp.lan/backup.git")

	stdout, stderr, code := run(t, "", "scan", "dir", r.Dir, "--format", "json", "--show-secrets")
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Secret] = f.Path
	}
	want := map[string]string{
		tok:         ".git/modules/libs/lib/config",
		nestedTok:   ".git/modules/libs/lib/modules/third_party/inner/config",
		worktreeTok: ".git/config.worktree",
		linkedTok:   ".git/worktrees/linked/config.worktree",
	}
	if code != ExitFindings || !maps.Equal(got, want) || strings.Contains(stderr, "outside the scanned paths") {
		t.Errorf("exit %d, found %v; want %v\n%s", code, got, want, stderr)
	}

	// A submodule or linked worktree scanned alone: its repository's
	// config is outside the scanned paths, and named, not read.
	for _, alone := range []string{filepath.Join(r.Dir, "libs", "lib"), linked} {
		stdout, stderr, code := run(t, "", "scan", "dir", alone, "--format", "json")
		if code != ExitClean || len(decodeReport(t, stdout)) != 0 ||
			!strings.Contains(stderr, ".git: the repository of this working tree, ") || !strings.Contains(stderr, "is outside the scanned paths: its config (remote URLs) is not read") {
			t.Errorf("%s alone: exit %d\n%s", alone, code, stderr)
		}
	}
}

// TestReportKeepsPathsThatAreNotUTF8: JSON shows a path's invalid bytes as
// U+FFFD, so a file named in Latin-1 could not be told from the report;
// path_base64 holds its bytes, and a baseline of the report suppresses
// the finding at that very path.
func TestReportKeepsPathsThatAreNotUTF8(t *testing.T) {
	dir := t.TempDir()
	name := "caf\xe9.env"
	tok := testutil.NewGen(444).GitHubToken("ghp_")
	if err := os.WriteFile(filepath.Join(dir, name), []byte("GITHUB_TOKEN="+tok+"\n"), 0o600); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	fs := decodeReport(t, stdout)
	if code != ExitFindings || len(fs) != 1 {
		t.Fatalf("exit %d, %d findings\n%s", code, len(fs), stderr)
	}
	raw, err := base64.StdEncoding.DecodeString(fs[0].PathBase64)
	if err != nil || string(raw) != name {
		t.Errorf("path_base64 %q decodes to %q (%v), want %q", fs[0].PathBase64, raw, err, name)
	}
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(baseline, []byte(stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "", "scan", "dir", dir, "--baseline", baseline); code != ExitClean {
		t.Errorf("with its own report as baseline: exit %d\n%s", code, stderr)
	}
}
