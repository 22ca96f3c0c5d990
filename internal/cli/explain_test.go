package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/playbook"
	"github.com/leakhound/leakhound/internal/testutil"
)

var sectionTitles = []string{"WHAT IT IS", "RISKS OF THE LEAK", "CHECK WHETHER IT WAS USED BY SOMEONE ELSE",
	"REVOKE AND ROTATE", "WHICH SERVICES WILL STOP WORKING", "KEEP IT OUT OF CODE NEXT TIME", "BEST PRACTICES"}

func TestExplainRendersAllSectionsAndSnippets(t *testing.T) {
	for _, id := range []string{"postmark-server-token", "postmark-account-token", "pepipost-api-key"} {
		out, stderr, code := run(t, "", "explain", id)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", id, code, stderr)
		}
		last := -1
		for i, title := range sectionTitles {
			at := strings.Index(out, title)
			if at < 0 || at < last {
				t.Errorf("%s: section %d %q missing or out of order", id, i+1, title)
			}
			last = at
		}
		for _, store := range playbook.Stores {
			if !strings.Contains(out, playbook.StoreName(store)) {
				t.Errorf("%s: no %s snippets", id, store)
			}
		}
		for _, lang := range playbook.Languages {
			if n := strings.Count(out, "--- "+playbook.LanguageName(lang)+" ---"); n != len(playbook.Stores) {
				t.Errorf("%s: %d %s snippets, want %d", id, n, lang, len(playbook.Stores))
			}
		}
	}
	out, _, _ := run(t, "", "explain", "pepipost-api-key", "--format", "markdown")
	if !strings.Contains(out, "## 6. Keep it out of code next time") || !strings.Contains(out, "```python") || !strings.Contains(out, "PEPIPOST_API_KEY") {
		t.Errorf("markdown:\n%s", out[:min(len(out), 2000)])
	}
	out, _, _ = run(t, "", "explain", "postmark-server-token", "--format", "html")
	if !strings.HasPrefix(out, "<!doctype html>") || !strings.Contains(out, "<h2>7. Best practices</h2>") || !strings.Contains(out, "secret in a request header") && !strings.Contains(out, "request header") {
		t.Errorf("html page:\n%s", out[:min(len(out), 500)])
	}
}

func TestExplainInventoryFromReport(t *testing.T) {
	g := testutil.NewGen(5)
	tok := g.UUID()
	r := testutil.NewRepo(t)
	r.Write(map[string]string{"a.env": "POSTMARK_SERVER_TOKEN=" + tok + "\n"})
	c1 := r.Commit("one")
	r.Write(map[string]string{"deploy/b.yaml": "env:\n  POSTMARK_SERVER_TOKEN: " + tok + "\n"})
	r.Commit("two")
	report := filepath.Join(t.TempDir(), "report.json")
	if _, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--output", report); code != ExitFindings {
		t.Fatalf("scan: exit %d %s", code, stderr)
	}
	out, stderr, code := run(t, "", "explain", "postmark-server-token", "--report", report)
	if code != 0 {
		t.Fatalf("explain: exit %d %s", code, stderr)
	}
	if !strings.Contains(out, "2 places") || !strings.Contains(out, "a.env:1 (commit "+c1[:12]) || !strings.Contains(out, "deploy/b.yaml:2") {
		t.Errorf("inventory:\n%s", out)
	}
	if strings.Contains(out, tok) {
		t.Error("explain printed the secret")
	}
	if _, stderr, code := run(t, "", "explain", "postmark-server-token", "--report", filepath.Join(r.Dir, "a.env")); code != ExitError || !strings.Contains(stderr, "--report") {
		t.Errorf("bad report: exit %d %q", code, stderr)
	}
}

func TestExplainErrors(t *testing.T) {
	_, stderr, code := run(t, "", "explain", "postmark-token")
	if code != ExitError || !strings.Contains(stderr, "postmark-server-token") {
		t.Errorf("typo: exit %d, %q", code, stderr)
	}
	if _, _, code := run(t, "", "explain"); code != ExitError {
		t.Errorf("no rule: exit %d", code)
	}
	if _, _, code := run(t, "", "explain", "--all"); code != ExitError {
		t.Errorf("--all without html output: exit %d", code)
	}
}

func TestExplainSite(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "", "explain", "--all", "--format", "html", "--output", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	rules, _ := loadRules(&IO{Getenv: func(string) string { return "" }}, nil)
	for _, r := range rules {
		if !strings.Contains(string(index), `href="rules/`+r.ID+`.html"`) {
			t.Errorf("index does not link %s", r.ID)
		}
		if _, err := os.Stat(filepath.Join(dir, "rules", r.ID+".html")); err != nil {
			t.Errorf("no page for %s", r.ID)
		}
	}
}
