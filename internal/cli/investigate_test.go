package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// fakePostmarkHistory answers like Postmark for one live server token:
// its server, streams and outbound messages, where a month of the shop's
// own mail precedes the leak (2024-01-02, the test repository's first
// commit) and an unknown sender appears after it.
func fakePostmarkHistory(t *testing.T, live string) *httptest.Server {
	var msgs []map[string]any
	for d := 1; d <= 40; d++ {
		msgs = append(msgs, map[string]any{"From": "hello@shop.example", "Recipients": []string{"a@customer.example"}, "Tag": "welcome",
			"MessageStream": "outbound", "ReceivedAt": fmt.Sprintf("2023-12-%02dT10:00:00-05:00", min(d, 31))})
	}
	for d := 3; d <= 6; d++ {
		msgs = append(msgs, map[string]any{"From": "ceo@shop-example.evil", "Recipients": []string{"x@bank.example"}, "Tag": "welcome",
			"MessageStream": "outbound", "ReceivedAt": fmt.Sprintf("2024-01-%02dT03:00:00-05:00", d)})
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Postmark-Server-Token") != live {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"ErrorCode":10,"Message":"Bad or missing API token"}`)
			return
		}
		var body any
		switch r.URL.Path {
		case "/server":
			body = map[string]any{"ID": 7, "Name": "Shop production", "DeliveryType": "Live"}
		case "/message-streams":
			body = map[string]any{"TotalCount": 1, "MessageStreams": []any{map[string]any{"ID": "outbound", "MessageStreamType": "Transactional"}}}
		case "/messages/outbound":
			if r.URL.Query().Get("fromdate") == "" {
				t.Errorf("no fromdate in %s", r.URL)
			}
			body = map[string]any{"TotalCount": len(msgs), "Messages": msgs}
		default:
			w.WriteHeader(404)
			return
		}
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestInvestigateCommand(t *testing.T) {
	live := testutil.NewGen(16).UUID()
	srv := fakePostmarkHistory(t, live)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[validation]\nhosts = { \"api.postmarkapp.com\" = \""+srv.URL+"\" }\n"), 0o600)

	repo := testutil.NewRepo(t)
	repo.Write(map[string]string{"app.env": "POSTMARK_SERVER_TOKEN=" + live + "\n"})
	repo.Commit("config")
	report := filepath.Join(dir, "report.json")
	if _, stderr, code := run(t, "", "scan", "git", repo.Dir, "--format", "json", "--output", report); code != ExitFindings {
		t.Fatalf("scan: exit %d %s", code, stderr)
	}

	out, stderr, code := run(t, live+"\n", "investigate", "postmark-server-token", "--finding-from", report, "--config", cfg, "--format", "markdown")
	if code != ExitFindings {
		t.Fatalf("unusual sender: exit %d, want %d\n%s%s", code, ExitFindings, out, stderr)
	}
	for _, want := range []string{"## Investigation: Postmark", "Leaked since 2024-01-02", "server: Shop production", "UNUSUAL", "`ceo@shop-example.evil`", "4 event(s) since the leak; 38 before it"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+stderr, live) {
		t.Error("the secret reached the output")
	}

	// The sender given as known is no longer unusual.
	out, stderr, code = run(t, live+"\n", "investigate", "postmark-server-token", "--since", "2024-01-02", "--known-actor", "@shop-example.evil", "--config", cfg, "--format", "json")
	if code != 0 {
		t.Fatalf("known sender: exit %d\n%s%s", code, out, stderr)
	}
	var rep struct {
		Activity struct {
			SinceLeak int   `json:"since_leak"`
			Unusual   []any `json:"unusual"`
		} `json:"activity"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Activity.SinceLeak != 4 || len(rep.Activity.Unusual) != 0 {
		t.Errorf("json: %v %+v\n%s", err, rep, out)
	}

	for _, c := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"dead key", "00000000-1111-4222-8333-444444444444\n", []string{"postmark-server-token", "--since", "2024-01-02"}, "key is not valid"},
		{"unknown rule", live + "\n", []string{"postmark-sever-token", "--since", "2024-01-02"}, "no rule"},
		{"no investigation", "whsec_x\n", []string{"stripe-webhook-secret", "--since", "2024-01-02"}, "no investigation for stripe-webhook-secret"},
		{"no date", live + "\n", []string{"postmark-server-token"}, "--since DATE or --finding-from"},
		{"bad date", live + "\n", []string{"postmark-server-token", "--since", "last week"}, "is not YYYY-MM-DD"},
		{"no secret", "", []string{"postmark-server-token", "--since", "2024-01-02"}, "no secret on standard input"},
		{"secret not in report", "11111111-2222-4333-8444-555555555555\n", []string{"postmark-server-token", "--finding-from", report}, "has no postmark-server-token finding of this secret"},
	} {
		_, stderr, code := run(t, c.stdin, append(append([]string{"investigate"}, c.args...), "--config", cfg)...)
		if code != ExitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d %q, want %d and %q", c.name, code, stderr, ExitError, c.want)
		}
	}
}

func TestExplainPointsToInvestigate(t *testing.T) {
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	out, _, code := run(t, "", "explain", "postmark-server-token")
	out = flat(out)
	if code != 0 || !strings.Contains(out, "leakhound investigate postmark-server-token --since") || !strings.Contains(out, "outbound messages since the leak") {
		t.Errorf("postmark playbook does not point to investigate:\n%s", out)
	}
	out, _, _ = run(t, "", "explain", "aws-secret-access-key", "--format", "markdown")
	out = flat(out)
	if !strings.Contains(out, "`leakhound investigate aws-secret-access-key") || !strings.Contains(out, "CloudTrail events made with the key since the leak") {
		t.Errorf("aws playbook:\n%s", out)
	}
	// A per-shop host is named on the command line; Mailchimp's key names
	// its own.
	out, _, _ = run(t, "", "explain", "shopify-access-token")
	if out = flat(out); !strings.Contains(out, "leakhound investigate shopify-access-token --host NAME.myshopify.com --since") {
		t.Errorf("shopify playbook does not say --host:\n%s", out)
	}
	out, _, _ = run(t, "", "explain", "mailchimp-api-key")
	if out = flat(out); !strings.Contains(out, "leakhound investigate mailchimp-api-key --since") {
		t.Errorf("mailchimp playbook:\n%s", out)
	}
	out, _, _ = run(t, "", "explain", "stripe-webhook-secret")
	if strings.Contains(out, "leakhound investigate") {
		t.Error("a rule without an investigation must not point to one")
	}
}

// A per-shop API is reached only on the shop the user names with --host,
// and only when it matches the rule's *.myshopify.com; the report says
// which host it asked.
func TestInvestigateHost(t *testing.T) {
	const token = "shpat_0123456789abcdef0123456789abcdef"
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.Header.Get("X-Shopify-Access-Token") != token {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`)
			return
		}
		switch r.URL.Path {
		case "/admin/api/2025-01/shop.json":
			fmt.Fprint(w, `{"shop":{"name":"Acme","plan_name":"basic"}}`)
		case "/admin/oauth/access_scopes.json":
			fmt.Fprint(w, `{"access_scopes":[{"handle":"read_orders"}]}`)
		case "/admin/api/2025-01/events.json":
			fmt.Fprint(w, `{"events":[]}`)
		default:
			w.WriteHeader(404)
		}
	}))
	t.Cleanup(srv.Close)
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte("[validation]\nhosts = { \"acme.myshopify.com\" = \""+srv.URL+"\" }\n"), 0o600)

	out, stderr, code := run(t, token+"\n", "investigate", "shopify-access-token", "--since", "2024-01-02", "--host", "acme.myshopify.com", "--config", cfg)
	if code != 0 || !strings.Contains(out, "acme.myshopify.com (named with --host)") || !strings.Contains(out, "read_orders") {
		t.Fatalf("exit %d, want 0 and the host and scopes named:\n%s%s", code, out, stderr)
	}
	if strings.Contains(out+stderr, token) {
		t.Error("the secret reached the output")
	}
	before := hits
	for _, c := range []struct{ host, want string }{
		{"", "name the shop's myshopify.com domain with --host"},
		{"collector.evil.example", "does not match *.myshopify.com"},
		{"acme.myshopify.com.evil.example", "does not match *.myshopify.com"},
	} {
		args := []string{"investigate", "shopify-access-token", "--since", "2024-01-02", "--config", cfg}
		if c.host != "" {
			args = append(args, "--host", c.host)
		}
		_, stderr, code := run(t, token+"\n", args...)
		if code != ExitError || !strings.Contains(stderr, c.want) {
			t.Errorf("--host %q: exit %d %q, want %d and %q", c.host, code, stderr, ExitError, c.want)
		}
	}
	if hits != before {
		t.Errorf("a refused --host still sent %d request(s)", hits-before)
	}
}

// A service-account key file spans many lines; the command reads it whole
// and sends its signed assertion to Google's token endpoint.
func TestInvestigateKeyFile(t *testing.T) {
	var assertion string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		assertion = r.PostForm.Get("assertion")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`)
	}))
	t.Cleanup(srv.Close)
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte("[validation]\nhosts = { \"oauth2.googleapis.com\" = \""+srv.URL+"\" }\n"), 0o600)
	_, keyPEM := testutil.RSAKey(t)
	keyFile := "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"0123456789abcdef0123456789abcdef01234567\",\n" +
		"  \"private_key\": " + strconv.Quote(keyPEM) + ",\n  \"client_email\": \"deployer@acme-prod.iam.gserviceaccount.com\"\n}\n"
	_, stderr, code := run(t, keyFile, "investigate", "gcp-service-account-key", "--since", "2024-01-02", "--config", cfg)
	if code != ExitError || !strings.Contains(stderr, "key is not valid") || strings.Count(assertion, ".") != 2 {
		t.Errorf("exit %d %q, assertion %q: want the whole file read, its assertion sent and refused", code, stderr, assertion)
	}
}
