package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/validate"
)

// awsEnv is a server that keeps secrets and checks and investigates them
// against a local AWS knowing one key pair.
func awsEnv(t *testing.T, st store.Store, keyID, secret string) (*env, *testutil.AWS) {
	t.Helper()
	aws := testutil.NewAWS(t, map[string]string{keyID: secret})
	checker, err := validate.New(validate.Options{Client: aws.Client(), Hosts: aws.Hosts(), Rules: testRules(t), Retries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, st, func(c *Config) {
		c.Keys.Secret = bytes.Repeat([]byte{5}, 32)
		c.Validate, c.Investigate = NewValidator(checker), NewInvestigator(checker)
	}), aws
}

// awsFinding is an AWS secret access key found at path, with its other
// part as a client sends it (empty: none found).
func awsFinding(secret, pair, path string) ReportedFinding {
	return ReportedFinding{Finding: finding.Finding{RuleID: "aws-secret-access-key", Secret: secret,
		Location: finding.Location{Path: path, Line: 2, Date: time.Now().Add(-48 * time.Hour)}}, PairSecret: pair}
}

// incidentAt is the incident of rule seen at path.
func incidentAt(t *testing.T, st store.Store, ruleID, path string) *store.Incident {
	t.Helper()
	ctx := context.Background()
	incs, _, err := st.ListIncidents(ctx, store.IncidentFilter{Page: store.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incs {
		occ, _, err := st.Occurrences(ctx, inc.ID, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if inc.RuleID == ruleID && len(occ) > 0 && occ[0].Path == path {
			return &inc
		}
	}
	t.Fatalf("no %s incident at %s", ruleID, path)
	return nil
}

// TestTwoPartCredentialRevalidatesAndInvestigates: an AWS secret access
// key reported with its access key id is checked and investigated with
// both (the fake verifies each SigV4 signature against the right secret);
// without its id it stays "needs its other part", as before; with another
// key's id it is refused. Neither part ever appears in an answer.
func TestTwoPartCredentialRevalidatesAndInvestigates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		g := testutil.NewGen(71)
		keyID, secret := g.AWSKeyID(), g.AWSSecret()
		e, aws := awsEnv(t, st, keyID, secret)
		lone, stranger, strangerID := g.AWSSecret(), g.AWSSecret(), g.AWSKeyID()
		rep := scanReport("aws", secretFor(70), "unrelated.env")
		rep.Findings = append(rep.Findings,
			ReportedFinding{Finding: finding.Finding{RuleID: "aws-access-key-id", Secret: keyID, Location: finding.Location{Path: "deploy/aws.ini", Line: 1}}},
			awsFinding(secret, keyID, "deploy/aws.ini"), awsFinding(lone, "", "lone/aws.ini"), awsFinding(stranger, strangerID, "other/aws.ini"))
		res, err := (&Client{BaseURL: e.http.URL, Token: e.tokens["member"]}).Send(ctx, &rep)
		if err != nil || res.PairsRefused || res.NewIncidents != 5 {
			t.Fatalf("send: %+v %v", res, err)
		}
		key := incidentAt(t, st, "aws-secret-access-key", "deploy/aws.ini")
		if !key.SecretStored || !key.PairStored {
			t.Fatalf("kept: secret %v pair %v", key.SecretStored, key.PairStored)
		}
		if id := incidentAt(t, st, "aws-access-key-id", "deploy/aws.ini"); id.PairStored {
			t.Error("a pair was kept for the access key id, whose rule takes none")
		}
		p := fmt.Sprintf("/api/v1/incidents/%d", key.ID)
		var answers []string
		code, body := e.do(t, "POST", p+"/validate", e.tokens["member"], nil)
		answers = append(answers, string(body))
		if code != http.StatusOK || !strings.Contains(string(body), `"status": "valid"`) {
			t.Fatalf("revalidate: %d %s", code, body)
		}
		if got := aws.Accepted(); len(got) != 1 || got[0] != keyID {
			t.Fatalf("AWS accepted %v", got)
		}

		// The investigation signs with both parts too: identity, policies
		// and the trail.
		code, body = e.do(t, "POST", p+"/investigate", e.tokens["member"], nil)
		answers = append(answers, string(body))
		if code != http.StatusOK || !strings.Contains(string(body), "123456789012") || !strings.Contains(string(body), "ReadOnlyAccess") {
			t.Fatalf("investigate: %d %s", code, body)
		}
		if n := len(aws.Accepted()); n != 5 { // sts, two IAM lists, one CloudTrail page, after the check
			t.Errorf("%d signed requests accepted, want 5: %v", n, aws.Accepted())
		}

		// Without its other part the key stays unknown, and asks nothing.
		before := len(aws.Accepted()) + aws.Refused()
		code, body = e.do(t, "POST", fmt.Sprintf("/api/v1/incidents/%d/validate", incidentAt(t, st, "aws-secret-access-key", "lone/aws.ini").ID), e.tokens["member"], nil)
		if code != http.StatusOK || !strings.Contains(string(body), `"status": "unknown"`) || !strings.Contains(string(body), "needs its other part") {
			t.Errorf("without the pair: %d %s", code, body)
		}
		code, body = e.do(t, "POST", fmt.Sprintf("/api/v1/incidents/%d/investigate", incidentAt(t, st, "aws-secret-access-key", "lone/aws.ini").ID), e.tokens["member"], nil)
		if code != http.StatusOK || !strings.Contains(string(body), "two parts") {
			t.Errorf("investigate without the pair: %d %s", code, body)
		}
		if after := len(aws.Accepted()) + aws.Refused(); after != before {
			t.Errorf("a key without its other part was sent to AWS (%d requests)", after-before)
		}
		// A key id AWS does not know for this secret: refused, invalid.
		code, body = e.do(t, "POST", fmt.Sprintf("/api/v1/incidents/%d/validate", incidentAt(t, st, "aws-secret-access-key", "other/aws.ini").ID), e.tokens["member"], nil)
		if code != http.StatusOK || !strings.Contains(string(body), `"status": "invalid"`) || aws.Refused() != 1 {
			t.Errorf("another key's id: %d %s (refused %d)", code, body, aws.Refused())
		}

		for _, path := range []string{p, p + "/occurrences", p + "/investigation", "/api/v1/incidents", "/api/v1/audit"} {
			_, body := e.do(t, "GET", path, e.tokens["admin"], nil)
			answers = append(answers, string(body))
		}
		for _, a := range answers {
			for _, part := range []string{keyID, secret, strangerID} {
				if strings.Contains(a, part) {
					t.Fatalf("an answer holds a secret part: %s", a)
				}
			}
		}
	})
}

// TestPairKeptOnlyWhereUsable: the other part is kept for a rule whose
// check takes one, within the secret's length bound; a pair sent with any
// other finding, or too long, is dropped.
func TestPairKeptOnlyWhereUsable(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	g := testutil.NewGen(72)
	e, _ := awsEnv(t, st, g.AWSKeyID(), g.AWSSecret())
	rep := scanReport("bounds", secretFor(73), "gh.env")
	rep.Findings[0].PairSecret = g.AWSKeyID()
	rep.Findings = append(rep.Findings, awsFinding(g.AWSSecret(), strings.Repeat("A", maxStoredSecret+1), "long/aws.ini"),
		awsFinding(g.AWSSecret(), strings.Repeat("A", maxStoredSecret), "bound/aws.ini"))
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != http.StatusCreated {
		t.Fatalf("scan: %d %s", code, body)
	}
	for _, c := range []struct {
		rule, path string
		kept       bool
	}{{"github-personal-access-token", "gh.env", false}, {"aws-secret-access-key", "long/aws.ini", false}, {"aws-secret-access-key", "bound/aws.ini", true}} {
		if inc := incidentAt(t, st, c.rule, c.path); !inc.SecretStored || inc.PairStored != c.kept {
			t.Errorf("%s: secret kept %v, pair kept %v (want %v)", c.path, inc.SecretStored, inc.PairStored, c.kept)
		}
	}
}

// TestRecordKeepsPairForPeriodicRevalidation: a worker's findings carry
// their other part (RawPair) like a client's report; the periodic
// revalidation checks the key with it.
func TestRecordKeepsPairForPeriodicRevalidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		g := testutil.NewGen(74)
		keyID, secret := g.AWSKeyID(), g.AWSSecret()
		e, aws := awsEnv(t, st, keyID, secret)
		res := jobs.Result{ReportID: "push:github:d-74:refs/heads/main", Source: "push", Platform: "github", Repository: "octo/app",
			Ref: "refs/heads/main", Commit: "c0ffee", Findings: []finding.Finding{
				{RuleID: "aws-access-key-id", Location: finding.Location{Path: "aws.ini", Line: 1}, RawSecret: keyID},
				{RuleID: "aws-secret-access-key", Location: finding.Location{Path: "aws.ini", Line: 2}, RawSecret: secret, RawPair: keyID}}}
		if err := e.srv.Record(ctx, res); err != nil {
			t.Fatal(err)
		}
		key := incidentAt(t, st, "aws-secret-access-key", "aws.ini")
		if !key.PairStored || key.Validity != "" {
			t.Fatalf("recorded: %+v", key)
		}
		if err := e.srv.RevalidateOpen(ctx); err != nil {
			t.Fatal(err)
		}
		key, err := st.Incident(ctx, key.ID)
		if err != nil || key.Validity != "valid" {
			t.Fatalf("after the periodic revalidation: %+v %v", key, err)
		}
		if got := aws.Accepted(); len(got) != 1 || got[0] != keyID {
			t.Errorf("AWS accepted %v", got)
		}
	})
}

// TestClientDropsPairsForAnOlderServer: a server from before pair_secret
// refuses the unknown field; the client sends the report again without the
// other parts and says so, instead of failing the scan's report.
func TestClientDropsPairsForAnOlderServer(t *testing.T) {
	var bodies []string
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		// The older server's report: its findings were plain findings.
		var rep struct {
			ScanReport
			Findings []finding.Finding `json:"findings"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rep); err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "invalid JSON body: "+err.Error())
			return
		}
		if len(rep.Findings) > 1 {
			writeError(w, http.StatusBadRequest, "bad_request", "too many findings for this test")
			return
		}
		writeJSON(w, http.StatusCreated, ScanReceipt{ScanID: 1, ReportID: rep.ReportID, Findings: len(rep.Findings), Batches: 1, BatchesReceived: 1})
	}))
	defer old.Close()
	g := testutil.NewGen(75)
	keyID := g.AWSKeyID()
	rep := scanReport("old", secretFor(76))
	rep.Findings = append(rep.Findings, awsFinding(g.AWSSecret(), keyID, "aws.ini"))
	res, err := (&Client{BaseURL: old.URL, Token: "t"}).Send(context.Background(), &rep)
	if err != nil || !res.PairsRefused || res.Findings != 1 {
		t.Fatalf("send: %+v %v", res, err)
	}
	if len(bodies) != 2 || !strings.Contains(bodies[0], keyID) || strings.Contains(bodies[1], keyID) || strings.Contains(bodies[1], "pair_secret") {
		t.Errorf("requests: %d, the second with the pair: %v", len(bodies), len(bodies) > 1 && strings.Contains(bodies[1], keyID))
	}
	// A report refused for anything else is not resent.
	bodies = nil
	bad := scanReport("many", secretFor(77), "a.env", "b.env")
	if _, err := (&Client{BaseURL: old.URL, Token: "t"}).Send(context.Background(), &bad); err == nil || !strings.Contains(err.Error(), "too many findings") || len(bodies) != 1 {
		t.Errorf("a report refused for another reason: %d requests, %v", len(bodies), err)
	}
}

// TestTwilioAuthTokenWithItsAccountSID: a Twilio auth token reported with
// the Account SID beside it is re-checked and investigated with both (a
// local Twilio answers only to that SID and token); the investigation
// kept shows the SID only as its preview.
func TestTwilioAuthTokenWithItsAccountSID(t *testing.T) {
	g := testutil.NewGen(78)
	sid, token := "AC"+g.String(testutil.Hex, 32), g.String(testutil.Hex, 32)
	var asked []string
	twilio := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		if user, pw, _ := r.BasicAuth(); user != sid || pw != token {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"code": 20003, "message": "Authenticate", "status": 401}`)
			return
		}
		switch r.URL.Path {
		case "/2010-04-01/Accounts/" + sid + ".json":
			io.WriteString(w, `{"sid": "`+sid+`", "friendly_name": "Shop production", "status": "active", "type": "Full"}`)
		case "/2010-04-01/Accounts/" + sid + "/Messages.json":
			io.WriteString(w, `{"messages": [], "next_page_uri": null}`)
		case "/2010-04-01/Accounts/" + sid + "/Calls.json":
			io.WriteString(w, `{"calls": [], "next_page_uri": null}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer twilio.Close()
	checker, err := validate.New(validate.Options{Client: twilio.Client(), Hosts: map[string]string{"api.twilio.com": twilio.URL}, Rules: testRules(t)})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, storetest.Open(t, storetest.SQLiteDSN(t)), func(c *Config) {
		c.Keys.Secret = bytes.Repeat([]byte{6}, 32)
		c.Validate, c.Investigate = NewValidator(checker), NewInvestigator(checker)
	})
	rep := scanReport("twilio", secretFor(79))
	rep.Findings = []ReportedFinding{{Finding: finding.Finding{RuleID: "twilio-auth-token", Secret: token,
		Location: finding.Location{Path: "twilio.env", Line: 2, Date: time.Now().Add(-24 * time.Hour)}}, PairSecret: sid}}
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != http.StatusCreated {
		t.Fatalf("scan: %d %s", code, body)
	}
	p := fmt.Sprintf("/api/v1/incidents/%d", incidentAt(t, e.store, "twilio-auth-token", "twilio.env").ID)
	code, check := e.do(t, "POST", p+"/validate", e.tokens["member"], nil)
	if code != http.StatusOK || !strings.Contains(string(check), `"status": "valid"`) {
		t.Fatalf("revalidate: %d %s", code, check)
	}
	code, inv := e.do(t, "POST", p+"/investigate", e.tokens["member"], nil)
	if code != http.StatusOK || !strings.Contains(string(inv), "Shop production") || !strings.Contains(string(inv), sid[:4]+"****") {
		t.Fatalf("investigate: %d %s", code, inv)
	}
	if len(asked) != 4 { // the check, then the account, its messages and calls
		t.Errorf("Twilio was asked %v", asked)
	}
	for _, answer := range [][]byte{check, inv} {
		if bytes.Contains(answer, []byte(sid)) || bytes.Contains(answer, []byte(token)) {
			t.Errorf("an answer holds the SID or the token: %s", answer)
		}
	}
}

// TestPairThatNoLongerDecryptsIsDropped: after LEAKHOUND_SECRET_KEY
// changed, a report that brings an AWS secret access key without its
// access key id replaces the unreadable secret; the old id, readable by no
// key alongside it, is dropped (audited, said in the validity reason) and
// the key is checked alone ("needs its other part") at every re-check,
// not marked unreadable again; the next report with the id keeps it and
// the key is checked with it.
func TestPairThatNoLongerDecryptsIsDropped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		g := testutil.NewGen(75)
		keyID, secret := g.AWSKeyID(), g.AWSSecret()
		e, aws := awsEnv(t, st, keyID, secret)
		before, err := New(Config{Store: st, Rules: testRules(t), Keys: Keys{Fingerprint: bytes.Repeat([]byte("k"), 32), Secret: bytes.Repeat([]byte{6}, 32)}})
		if err != nil {
			t.Fatal(err)
		}
		record := func(srv *Server, n int, pair string) {
			t.Helper()
			res := jobs.Result{ReportID: fmt.Sprintf("push:github:d-75-%d:refs/heads/main", n), Source: "push", Platform: "github", Repository: "octo/app",
				Ref: "refs/heads/main", Commit: "c0ffee", Findings: []finding.Finding{
					{RuleID: "aws-secret-access-key", Location: finding.Location{Path: "aws.ini", Line: 2}, RawSecret: secret, RawPair: pair}}}
			if err := srv.Record(ctx, res); err != nil {
				t.Fatal(err)
			}
		}
		recheck := func() *store.Incident {
			t.Helper()
			if err := e.srv.RevalidateOpen(ctx); err != nil {
				t.Fatal(err)
			}
			return incidentAt(t, st, "aws-secret-access-key", "aws.ini")
		}
		record(before, 1, keyID) // both parts kept under the old key
		if key := recheck(); !strings.Contains(key.ValidityReason, "not re-checked") || !key.PairStored {
			t.Fatalf("under the new key: %+v", key)
		}
		record(e.srv, 2, "") // the secret again, without its id
		for i := range 2 {
			key := recheck()
			if key.Validity != "unknown" || !strings.Contains(key.ValidityReason, "needs its other part") || key.PairStored {
				t.Fatalf("re-check %d after the secret alone was reported: %q %q, pair kept %v", i, key.Validity, key.ValidityReason, key.PairStored)
			}
			if i == 0 && !strings.Contains(key.ValidityReason, "the kept other part was dropped") {
				t.Errorf("the first re-check does not say the other part was dropped: %q", key.ValidityReason)
			}
		}
		key := incidentAt(t, st, "aws-secret-access-key", "aws.ini")
		audit, _, err := st.Audit(ctx, key.ID, store.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		drops := 0
		for _, a := range audit {
			if a.Action == "pair_dropped" {
				drops++
				if strings.Contains(a.Detail, keyID) || strings.Contains(a.Detail, secret) {
					t.Errorf("audit names a part: %q", a.Detail)
				}
			}
		}
		if drops != 1 {
			t.Errorf("%d pair_dropped audit entries, want 1", drops)
		}
		record(e.srv, 3, keyID)
		if key := recheck(); key.Validity != "valid" || !key.PairStored {
			t.Fatalf("after a report with the id: %+v", key)
		}
		if got := aws.Accepted(); len(got) != 1 || got[0] != keyID {
			t.Errorf("AWS accepted %v", got)
		}
	})
}
