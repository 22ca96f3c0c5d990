package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

// fakePostmark answers like Postmark for one live server token.
func fakePostmark(t *testing.T, live string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/server" && r.Header.Get("X-Postmark-Server-Token") == live {
			io.WriteString(w, `{"ID":1}`)
			return
		}
		w.WriteHeader(401)
		io.WriteString(w, `{"ErrorCode":10,"Message":"Bad or missing API token"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestScanValidateAndOnlyValid(t *testing.T) {
	const live, dead = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2", "7c2b9e14-3d5a-4f60-8b1c-2e9d0a4f6b37"
	srv := fakePostmark(t, live)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.env":           "POSTMARK_SERVER_TOKEN=" + live + "\n",
		"b.env":           "POSTMARK_SERVER_TOKEN=" + dead + "\n",
		".leakhound.toml": "[validation]\nhosts = { \"api.postmarkapp.com\" = \"" + srv.URL + "\" }\n",
	})
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--validate")
	if code != ExitFindings {
		t.Fatalf("exit %d %s", code, stderr)
	}
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Path] = f.Validity
		if f.ValidatedAt.IsZero() || f.ValidityReason == "" {
			t.Errorf("%s: no validity time or reason", f.Path)
		}
	}
	if got["a.env"] != "valid" || got["b.env"] != "invalid" {
		t.Errorf("validity %v", got)
	}
	if strings.Contains(stdout, live) || strings.Contains(stderr, live) {
		t.Error("validation put the secret in the output")
	}
	if !strings.Contains(stderr, "checked 2: 1 valid, 1 invalid") {
		t.Errorf("summary: %s", stderr)
	}
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "jsonl", "--only-valid")
	if strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, `"path":"a.env"`) {
		t.Errorf("--only-valid: %s", stdout)
	}
	// Without --validate nothing is sent anywhere and no validity appears.
	stdout, _, _ = run(t, "", "scan", "dir", dir, "--format", "json")
	if strings.Contains(stdout, "validity") {
		t.Error("validity without --validate")
	}
	// Plain http to a non-loopback host is refused before scanning.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[validation]\nhosts = { \"api.postmarkapp.com\" = \"http://192.0.2.7\" }\n"), 0o600)
	if _, stderr, code := run(t, "", "scan", "dir", dir, "--validate", "--config", bad); code != ExitError || !strings.Contains(stderr, "loopback") {
		t.Errorf("non-loopback http override: exit %d %s", code, stderr)
	}
}

func TestValidateCommandReadsStdin(t *testing.T) {
	const live = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"
	srv := fakePostmark(t, live)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[validation]\nhosts = { \"api.postmarkapp.com\" = \""+srv.URL+"\" }\n"), 0o600)
	out, _, code := run(t, live+"\n", "validate", "--rule", "postmark-server-token", "--config", cfg)
	if code != 0 || !strings.HasPrefix(out, "valid") {
		t.Errorf("live: exit %d %q", code, out)
	}
	out, _, code = run(t, "00000000-1111-4222-8333-444444444444\n", "validate", "--rule", "postmark-server-token", "--config", cfg)
	if code != ExitFindings || !strings.HasPrefix(out, "invalid") {
		t.Errorf("dead: exit %d %q", code, out)
	}
	if _, stderr, code := run(t, "", "validate", "--rule", "postmark-server-token", "--config", cfg); code != ExitError || !strings.Contains(stderr, "standard input") {
		t.Errorf("empty stdin: exit %d %q", code, stderr)
	}
	if _, _, code := run(t, live, "validate", "--rule", "generic-password"); code != ExitError {
		t.Errorf("rule without a check: exit %d", code)
	}
}

// TestSiblingRuleKeepsAMilderSeverity: when the check says a finding is
// the sibling rule's (a Postmark "server" token that answers as an
// account token), the finding takes the sibling's name and severity, but
// one the engine judged milder than its rule stays as mild.
func TestSiblingRuleKeepsAMilderSeverity(t *testing.T) {
	const token = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Postmark-Account-Token") == token {
			io.WriteString(w, `{"TotalCount":0,"Servers":[]}`)
			return
		}
		w.WriteHeader(401)
		io.WriteString(w, `{"ErrorCode":10,"Message":"Bad or missing API token"}`)
	}))
	defer srv.Close()
	provs, err := loadCatalogue(StdIO())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*rule.Rule{}
	var all []*rule.Rule
	for _, p := range provs {
		for i := range p.Rules {
			byID[p.Rules[i].ID] = &p.Rules[i]
			all = append(all, &p.Rules[i])
		}
	}
	cfg := &config.Config{}
	cfg.Validation.Hosts = map[string]string{"api.postmarkapp.com": srv.URL}
	checker, err := newChecker(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	server := byID["postmark-server-token"]
	fs := []finding.Finding{
		{RuleID: server.ID, Severity: server.Severity, RawSecret: token},
		{RuleID: server.ID, Severity: "low", RawSecret: token},
	}
	validateFindings(context.Background(), checker, byID, fs)
	account := byID["postmark-account-token"]
	if fs[0].RuleID != account.ID || fs[0].Severity != account.Severity || fs[0].Validity != "valid" {
		t.Errorf("as the rule judged: %+v", fs[0])
	}
	if fs[1].RuleID != account.ID || fs[1].Severity != "low" {
		t.Errorf("milder than its rule: %+v", fs[1])
	}
}
