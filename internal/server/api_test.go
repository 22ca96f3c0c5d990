package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
)

// env is a running server with one token per role.
type env struct {
	srv    *Server
	http   *httptest.Server
	store  store.Store
	tokens map[string]string
}

func newEnv(t testing.TB, st store.Store, mod func(*Config)) *env {
	t.Helper()
	cfg := Config{Store: st, Keys: Keys{Fingerprint: bytes.Repeat([]byte("k"), 32)}, Rules: testRules(t)}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{srv: srv, http: httptest.NewServer(srv.Handler()), store: st, tokens: map[string]string{}}
	t.Cleanup(e.http.Close)
	for _, role := range store.Roles {
		tok, _, err := st.CreateToken(context.Background(), role+"-token", role, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[role] = tok
	}
	return e
}

// testRules are the built-in rules by id, shared by the tests (the server
// only reads them): parsing the catalogue for every server took seconds
// each under the race detector.
func testRules(t testing.TB) map[string]*rule.Rule {
	t.Helper()
	rs := testutil.SharedCatalogue(t)
	shared.rulesOnce.Do(func() {
		shared.rules = map[string]*rule.Rule{}
		for _, r := range rs {
			shared.rules[r.ID] = r
		}
	})
	return shared.rules
}

// testEngine is the built-in catalogue's engine, built once and shared by
// the tests: an engine is read-only once built.
func testEngine(t testing.TB) *detect.Engine {
	t.Helper()
	rs := testutil.SharedCatalogue(t)
	shared.engineOnce.Do(func() { shared.engine, shared.engineErr = detect.New(rs) })
	if shared.engineErr != nil {
		t.Fatal(shared.engineErr)
	}
	return shared.engine
}

var shared struct {
	rulesOnce, engineOnce sync.Once
	rules                 map[string]*rule.Rule
	engine                *detect.Engine
	engineErr             error
}

func (e *env) do(t testing.TB, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// secretFor makes a GitHub token the catalogue's github rule recognises,
// generated so no literal secret is in the repository.
func secretFor(seed uint64) string {
	return testutil.NewGen(seed).GitHubToken("ghp_")
}

func scanReport(id, secret string, paths ...string) ScanReport {
	rep := ScanReport{ReportID: id, Tool: "leakhound", Version: "test", Complete: true,
		Source: SourceIdentity{Kind: "git", Repository: "https://git.example.test/acme/app.git", Ref: "main"}}
	for i, p := range paths {
		rep.Findings = append(rep.Findings, ReportedFinding{Finding: finding.Finding{RuleID: "github-personal-access-token", RuleName: "x", Provider: "github", Severity: "critical",
			Location: finding.Location{Path: p, Line: i + 1, Commit: "0123456789abcdef0123", Author: "dev", Date: time.Now()}, Secret: secret}})
	}
	return rep
}

func TestAPIIngestAndIncidents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		secret := secretFor(1)
		code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("r1", secret, "app/config.yml", ".env"))
		if code != http.StatusCreated {
			t.Fatalf("post scan: %d %s", code, body)
		}
		if bytes.Contains(body, []byte(secret)) {
			t.Fatal("the answer holds the secret")
		}
		var res ScanReceipt
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatal(err)
		}
		if res.NewIncidents != 1 || res.Findings != 2 || res.ReportID != "r1" || res.Links.Scans != "/scans" || res.Links.Report != "/api/v1/reports/r1" {
			t.Fatalf("result: %s", body)
		}
		incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
		if err != nil || len(incs) != 1 || incs[0].RuleName == "x" || incs[0].Preview != secret[:4]+"****" {
			t.Fatalf("incidents: %+v %v", incs, err)
		}
		id := incs[0].ID
		// Retry of the same report: 200, nothing new.
		if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["admin"], scanReport("r1", secret, "app/config.yml", ".env")); code != http.StatusOK || !bytes.Contains(body, []byte(`"duplicate": true`)) {
			t.Fatalf("resend: %d %s", code, body)
		}
		code, body = e.do(t, "GET", "/api/v1/incidents?status=open&provider=github&q=config", e.tokens["viewer"], nil)
		if code != 200 || !bytes.Contains(body, []byte(`"total": 1`)) {
			t.Fatalf("list: %d %s", code, body)
		}
		code, body = e.do(t, "GET", fmt.Sprintf("/api/v1/incidents/%d/occurrences", id), e.tokens["viewer"], nil)
		if code != 200 || !bytes.Contains(body, []byte(`"total": 2`)) || !bytes.Contains(body, []byte("app/config.yml")) {
			t.Fatalf("occurrences: %d %s", code, body)
		}
		code, body = e.do(t, "PATCH", fmt.Sprintf("/api/v1/incidents/%d", id), e.tokens["member"],
			map[string]any{"assignee": "bob", "tags": []string{"prod"}, "notes": "rotating"})
		if code != 200 || !bytes.Contains(body, []byte(`"status": "assigned"`)) {
			t.Fatalf("patch: %d %s", code, body)
		}
		code, body = e.do(t, "PUT", fmt.Sprintf("/api/v1/incidents/%d/checklist/revoke", id), e.tokens["member"], nil)
		if code != 200 || !bytes.Contains(body, []byte(`"done_by": "token:member-token"`)) {
			t.Fatalf("tick: %d %s", code, body)
		}
		if code, body := e.do(t, "PUT", fmt.Sprintf("/api/v1/incidents/%d/checklist/nope", id), e.tokens["member"], nil); code != 400 {
			t.Fatalf("unknown step: %d %s", code, body)
		}
		code, body = e.do(t, "PATCH", fmt.Sprintf("/api/v1/incidents/%d", id), e.tokens["member"], map[string]any{"status": "resolved"})
		if code != 400 || !bytes.Contains(body, []byte("needs a resolution")) {
			t.Fatalf("resolve without resolution: %d %s", code, body)
		}
		code, body = e.do(t, "PATCH", fmt.Sprintf("/api/v1/incidents/%d", id), e.tokens["member"], map[string]any{"status": "resolved", "resolution": "revoked"})
		if code != 200 {
			t.Fatalf("resolve: %d %s", code, body)
		}
		// Seen again: reopened.
		code, body = e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("r2", secret, "app/config.yml"))
		if code != 201 || !bytes.Contains(body, []byte(`"regressions": 1`)) {
			t.Fatalf("regression: %d %s", code, body)
		}
		code, body = e.do(t, "GET", "/api/v1/audit?incident="+fmt.Sprint(id), e.tokens["viewer"], nil)
		for _, want := range []string{`"action": "regression"`, `"action": "checklist_tick"`, `"action": "status"`, `"action": "created"`} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("audit lacks %s: %s", want, body)
			}
		}
		code, body = e.do(t, "GET", "/api/v1/scans", e.tokens["viewer"], nil)
		if code != 200 || !bytes.Contains(body, []byte(`"total": 2`)) {
			t.Fatalf("scans: %d %s", code, body)
		}
		for _, bad := range []any{map[string]any{"report_id": "x"}, map[string]any{"report_id": "x", "source": map[string]string{"kind": "git"},
			"findings": []map[string]any{{"rule_id": "a"}}}, map[string]any{"bogus": 1}} {
			if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], bad); code != 400 || !bytes.Contains(body, []byte(`"code": "bad_request"`)) {
				t.Errorf("bad report %v: %d %s", bad, code, body)
			}
		}
		if code, _ := e.do(t, "GET", "/api/v1/incidents/999999", e.tokens["viewer"], nil); code != 404 {
			t.Errorf("missing incident: %d", code)
		}
		if code, _ := e.do(t, "GET", "/api/v1/incidents?status=weird", e.tokens["viewer"], nil); code != 400 {
			t.Errorf("bad status filter: %d", code)
		}
	})
}

// routes lists every API route with a request that would succeed for a
// strong enough token, and the least role that may make it.
func routes(id int64) []struct{ method, path, role string } {
	p := fmt.Sprintf("/api/v1/incidents/%d", id)
	return []struct{ method, path, role string }{
		{"POST", "/api/v1/scans", store.RoleMember},
		{"GET", "/api/v1/scans", store.RoleViewer},
		{"GET", "/api/v1/reports/seed", store.RoleViewer},
		{"GET", "/api/v1/incidents", store.RoleViewer},
		{"GET", p, store.RoleViewer},
		{"PATCH", p, store.RoleMember},
		{"GET", p + "/occurrences", store.RoleViewer},
		{"GET", p + "/checklist", store.RoleViewer},
		{"PUT", p + "/checklist/misuse", store.RoleMember},
		{"DELETE", p + "/checklist/misuse", store.RoleMember},
		{"POST", p + "/validate", store.RoleMember},
		{"POST", p + "/investigate", store.RoleMember},
		{"GET", p + "/investigation", store.RoleViewer},
		{"GET", "/api/v1/audit", store.RoleViewer},
		{"GET", "/api/v1/openapi.json", store.RoleViewer},
	}
}

func TestAPIAuthorization(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	secretKey := bytes.Repeat([]byte{7}, 32)
	e := newEnv(t, st, func(c *Config) {
		c.Keys.Secret = secretKey
		c.Validate = func(ctx context.Context, r *rule.Rule, secret, pair string) store.ValidityCheck {
			return store.ValidityCheck{Status: "invalid", Reason: "test", CheckedAt: time.Now()}
		}
		c.Investigate = func(ctx context.Context, r *rule.Rule, secret, pair string, since time.Time) (store.Investigation, error) {
			return store.Investigation{Since: since, Summary: "test", Text: "test\n", Report: []byte(`{}`)}, nil
		}
	})
	secret := secretFor(2)
	code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["admin"], scanReport("seed", secret, "a.env"))
	if code != 201 {
		t.Fatalf("seed: %d %s", code, body)
	}
	var res ScanReceipt
	if err := json.Unmarshal(body, &res); err != nil || res.NewIncidents != 1 {
		t.Fatalf("receipt: %s %v", body, err)
	}
	incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
	if err != nil || len(incs) != 1 {
		t.Fatalf("incidents: %+v %v", incs, err)
	}
	id := incs[0].ID
	enc, _, err := st.EncryptedSecret(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	revoked, tok, err := st.CreateToken(context.Background(), "old", store.RoleAdmin, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeToken(context.Background(), tok.ID, "test"); err != nil {
		t.Fatal(err)
	}
	bodyFor := func(method, path string) any {
		switch {
		case method == "POST" && path == "/api/v1/scans":
			return scanReport(fmt.Sprintf("r-%d", time.Now().UnixNano()), secret, "b.env")
		case method == "PATCH":
			return map[string]any{"notes": "n"}
		}
		return nil
	}
	for _, rt := range routes(id) {
		name := rt.method + " " + rt.path
		for _, bad := range []struct{ label, token string }{{"no token", ""}, {"wrong token", store.TokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
			{"garbage", "hunter2"}, {"revoked token", revoked}} {
			if code, body := e.do(t, rt.method, rt.path, bad.token, bodyFor(rt.method, rt.path)); code != 401 || !bytes.Contains(body, []byte(`"code": "unauthorized"`)) {
				t.Errorf("%s with %s: %d %s", name, bad.label, code, body)
			}
		}
		for _, role := range store.Roles {
			code, body := e.do(t, rt.method, rt.path, e.tokens[role], bodyFor(rt.method, rt.path))
			allowed := roleRank(role) >= roleRank(rt.role)
			switch {
			case allowed && code >= 300:
				t.Errorf("%s as %s: %d %s", name, role, code, body)
			case !allowed && (code != 403 || !bytes.Contains(body, []byte(`"code": "forbidden"`))):
				t.Errorf("%s as %s: %d, want 403: %s", name, role, code, body)
			}
			// No answer ever carries the secret or its ciphertext.
			if bytes.Contains(body, []byte(secret)) || bytes.Contains(body, enc) || strings.Contains(string(body), jsonBytes(enc)) {
				t.Errorf("%s as %s: the answer holds the secret or its ciphertext", name, role)
			}
		}
	}
	if code, _ := e.do(t, "GET", "/api/v1/nope", e.tokens["admin"], nil); code != 404 {
		t.Errorf("unknown route: %d", code)
	}
}

func jsonBytes(b []byte) string {
	j, _ := json.Marshal(b)
	return strings.Trim(string(j), `"`)
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	for _, rt := range routes(1) {
		p := strings.Replace(rt.path, "/1", "/{id}", 1)
		p = strings.Replace(p, "/checklist/misuse", "/checklist/{step}", 1)
		p = strings.Replace(p, "/reports/seed", "/reports/{report_id}", 1)
		if doc.Paths[p][strings.ToLower(rt.method)] == nil {
			t.Errorf("openapi.json lacks %s %s", rt.method, p)
		}
	}
}

func TestServerKeyAndEncryption(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadServerKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadServerKey(dir, "")
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("key not kept: %v", err)
	}
	if _, err := LoadServerKey(dir, "short"); err == nil {
		t.Fatal("short env key accepted")
	}
	if _, err := ParseSecretKey("nothex"); err == nil {
		t.Fatal("bad secret key accepted")
	}
	sk, err := ParseSecretKey(strings.Repeat("ab", 32))
	if err != nil {
		t.Fatal(err)
	}
	keys := Keys{Fingerprint: k1, Secret: sk}
	fp := keys.fingerprint("s3cret")
	if fp == keys.fingerprint("s3cret2") || fp != keys.fingerprint("s3cret") || (Keys{Fingerprint: []byte(strings.Repeat("x", 32))}).fingerprint("s3cret") == fp {
		t.Fatal("fingerprint is not a keyed function of the secret")
	}
	enc, err := keys.encrypt("s3cret", fp)
	if err != nil || bytes.Contains(enc, []byte("s3cret")) {
		t.Fatalf("encrypt: %v", err)
	}
	if got, err := keys.decrypt(enc, fp); err != nil || got != "s3cret" {
		t.Fatalf("decrypt: %q %v", got, err)
	}
	if _, err := keys.decrypt(enc, "other"); err == nil {
		t.Fatal("ciphertext decrypted under another incident")
	}
	// The other part is bound to its incident and to its column: neither
	// ciphertext opens in the other's place.
	pairEnc, err := keys.encryptPair("AKIDpart", fp)
	if err != nil || bytes.Contains(pairEnc, []byte("AKIDpart")) {
		t.Fatalf("encryptPair: %v", err)
	}
	if got, err := keys.decryptPair(pairEnc, fp); err != nil || got != "AKIDpart" {
		t.Fatalf("decryptPair: %q %v", got, err)
	}
	for name, open := range map[string]func() (string, error){
		"pair under another incident": func() (string, error) { return keys.decryptPair(pairEnc, keys.fingerprint("s3cret2")) },
		"pair as the secret":          func() (string, error) { return keys.decrypt(pairEnc, fp) },
		"secret as the pair":          func() (string, error) { return keys.decryptPair(enc, fp) },
	} {
		if got, err := open(); err == nil {
			t.Errorf("%s decrypted: %q", name, got)
		}
	}
}

// TestReportedAddressesLoseCredentials: the server strips user:pass@ from
// a report's repository and CI run itself, parsed or not, so a client
// that sent them does not get a password stored or shown.
func TestReportedAddressesLoseCredentials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		rep := scanReport("creds", secretFor(9), "a.env")
		rep.Source.Repository = "https://ci:Sup3r%Secret!Pass@git.example.com/acme/app.git"
		rep.Source.CIRun = "https://bot:hunter2@ci.example.com/run/7"
		if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != 201 {
			t.Fatalf("scan: %d %s", code, body)
		}
		_, scans := e.do(t, "GET", "/api/v1/scans", e.tokens["viewer"], nil)
		incs, _, _ := st.ListIncidents(context.Background(), store.IncidentFilter{})
		_, occ := e.do(t, "GET", fmt.Sprintf("/api/v1/incidents/%d/occurrences", incs[0].ID), e.tokens["viewer"], nil)
		for _, shown := range []string{string(scans), string(occ)} {
			if strings.Contains(shown, "Sup3r") || strings.Contains(shown, "hunter2") {
				t.Fatalf("a password is shown: %s", shown)
			}
			if !strings.Contains(shown, "https://git.example.com/acme/app.git") {
				t.Fatalf("the address is lost: %s", shown)
			}
		}
	})
}

// TestReadmeListsTheAPI: the routes README.md lists under "API" are the
// server's routes, no more and no fewer, and the OpenAPI document is
// served where it says (/api/v1/openapi.json, with a token), not at
// /openapi.json.
func TestReadmeListsTheAPI(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "- **API** under `/api/v1`")
	if start < 0 {
		t.Fatal("README.md has no API paragraph")
	}
	section := text[start:]
	section = section[:strings.Index(section[2:], "\n- **")+2]
	listed := map[string]bool{}
	route := regexp.MustCompile("((?:`[A-Z]+`/)*)`([A-Z]+) (/[^`]*)`")
	for _, m := range route.FindAllStringSubmatch(strings.Join(strings.Fields(section), " "), -1) {
		path := m[3]
		if !strings.HasPrefix(path, "/api/v1/") {
			path = "/api/v1" + path
		}
		for _, method := range append(regexp.MustCompile("[A-Z]+").FindAllString(m[1], -1), m[2]) {
			listed[method+" "+path] = true
		}
	}
	served := map[string]bool{}
	for _, rt := range routes(1) {
		p := strings.Replace(rt.path, "/1", "/{id}", 1)
		p = strings.Replace(p, "/checklist/misuse", "/checklist/{step}", 1)
		p = strings.Replace(p, "/reports/seed", "/reports/{report_id}", 1)
		served[rt.method+" "+p] = true
	}
	for r := range listed {
		if !served[r] {
			t.Errorf("README.md lists %s, which the server does not serve", r)
		}
	}
	for r := range served {
		if !listed[r] {
			t.Errorf("README.md does not list %s", r)
		}
	}
	// The OpenAPI document is where README.md says, taken as written (a
	// reader does not prefix it), and needs a token.
	doc := regexp.MustCompile("OpenAPI 3\\s+document at\\s+`GET (/[^`]*)`").FindStringSubmatch(section)
	if doc == nil {
		t.Fatal("README.md does not say where the OpenAPI document is")
	}
	e := newEnv(t, storetest.Open(t, storetest.SQLiteDSN(t)), nil)
	if code, body := e.do(t, "GET", doc[1], e.tokens["viewer"], nil); code != 200 || !bytes.Contains(body, []byte(`"openapi"`)) {
		t.Errorf("README.md's OpenAPI address GET %s: %d", doc[1], code)
	}
	if code, _ := e.do(t, "GET", doc[1], "", nil); code != 401 {
		t.Errorf("GET %s without a token: %d, want 401", doc[1], code)
	}
}

// TestReportedSeverityMayOnlyBeMilder: a finding the engine judged milder
// than its rule (an expired JWT is low) keeps its severity on the server;
// a client cannot make a finding worse than the catalogue's rule, nor give
// a level the catalogue does not know.
func TestReportedSeverityMayOnlyBeMilder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, nil)
		for i, c := range []struct{ sent, want string }{{"low", "low"}, {"bogus", "critical"}, {"", "critical"}} {
			rep := scanReport(fmt.Sprintf("sev%d", i), secretFor(uint64(100+i)), "app.env")
			rep.Findings[0].Severity = c.sent
			if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != http.StatusCreated {
				t.Fatalf("post: %d %s", code, body)
			}
			incs, _, err := st.ListIncidents(context.Background(), store.IncidentFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, inc := range incs {
				if inc.Preview == secretFor(uint64(100 + i))[:4]+"****" && inc.ID == maxID(incs) {
					got = inc.Severity
				}
			}
			if got != c.want {
				t.Errorf("sent %q: stored %q, want %q", c.sent, got, c.want)
			}
		}
	})
}

func maxID(incs []store.Incident) int64 {
	var m int64
	for _, inc := range incs {
		m = max(m, inc.ID)
	}
	return m
}
