package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/report"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/server"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/leakhound/leakhound/internal/validate"
)

// pairServer is an incident server in this process that keeps secrets
// and re-checks them against aws, as `leakhound serve` builds it.
func pairServer(t *testing.T, aws *testutil.AWS) (url, dsn, token string, st store.Store) {
	t.Helper()
	dsn = storetest.SQLiteDSN(t)
	st = storetest.Open(t, dsn)
	byID := map[string]*rule.Rule{}
	for _, r := range testutil.Catalogue(t) {
		byID[r.ID] = r
	}
	checker, err := validate.New(validate.Options{Client: aws.Client(), Hosts: aws.Hosts(), Rules: byID})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Store: st, Rules: byID,
		Keys:     server.Keys{Fingerprint: bytes.Repeat([]byte("f"), 32), Secret: bytes.Repeat([]byte("s"), 32)},
		Validate: server.NewValidator(checker), Investigate: server.NewInvestigator(checker)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	token, _, err = st.CreateToken(context.Background(), "ci", store.RoleMember, "test")
	if err != nil {
		t.Fatal(err)
	}
	return hs.URL, dsn, token, st
}

// TestReportToKeepsTheKeyPair: `scan dir --report-to` sends an AWS secret
// access key with its access key id from the same file; the server keeps
// both encrypted and its re-check signs with both, which a local AWS
// verifies. The pair is on the wire only: the local report has it in no
// format, with or without --show-secrets, and the database holds neither
// part in plain text.
func TestReportToKeepsTheKeyPair(t *testing.T) {
	g := testutil.NewGen(81)
	keyID, secret := g.AWSKeyID(), g.AWSSecret()
	aws := testutil.NewAWS(t, map[string]string{keyID: secret})
	url, dsn, token, st := pairServer(t, aws)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"deploy/aws.ini": "[default]\naws_access_key_id = " + keyID + "\naws_secret_access_key = " + secret + "\n",
	})
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--no-progress", "--format", "json", "--report-to", url, "--token", token)
	if code != ExitFindings || !strings.Contains(stderr, "2 secrets, 2 new") {
		t.Fatalf("scan --report-to: %d %s", code, stderr)
	}
	if strings.Contains(stdout, "pair_secret") || strings.Contains(stdout, keyID) || strings.Contains(stdout, secret) {
		t.Errorf("the local report holds a part of the key: %s", stdout)
	}
	ctx := context.Background()
	incs, _, err := st.ListIncidents(ctx, store.IncidentFilter{Query: "aws-secret-access-key"})
	if err != nil || len(incs) != 1 || !incs[0].SecretStored || !incs[0].PairStored {
		t.Fatalf("incidents: %+v %v", incs, err)
	}
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/incidents/%d/validate", url, incs[0].ID), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var check store.ValidityCheck
	err = json.NewDecoder(resp.Body).Decode(&check)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || check.Status != "valid" {
		t.Fatalf("revalidate: %d %+v %v", resp.StatusCode, check, err)
	}
	if got := aws.Accepted(); len(got) != 1 || got[0] != keyID {
		t.Errorf("AWS accepted %v", got)
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	raw, _ := os.ReadFile(path)
	wal, _ := os.ReadFile(path + "-wal")
	for _, part := range []string{keyID, secret} {
		if bytes.Contains(append(raw, wal...), []byte(part)) {
			t.Errorf("the database holds %s… in plain text", part[:4])
		}
	}
}

// TestLocalReportsNeverHoldThePair: with the pair worked out (--validate
// against a local AWS), no report format carries it: without
// --show-secrets neither part appears at all; with it the access key id
// appears only as its own finding's secret, never beside the secret
// access key.
func TestLocalReportsNeverHoldThePair(t *testing.T) {
	g := testutil.NewGen(82)
	keyID, secret := g.AWSKeyID(), g.AWSSecret()
	aws := testutil.NewAWS(t, map[string]string{keyID: secret})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"aws.ini":         "aws_access_key_id = " + keyID + "\naws_secret_access_key = " + secret + "\n",
		".leakhound.toml": "[validation]\nhosts = { \"sts.amazonaws.com\" = \"" + aws.URL + "\" }\n",
	})
	for _, format := range report.Formats {
		stdout, stderr, code := run(t, "", "scan", "dir", dir, "--no-progress", "--validate", "--format", format)
		if code != ExitFindings || strings.Contains(stdout, keyID) || strings.Contains(stdout, secret) || strings.Contains(stdout, "pair") {
			t.Errorf("%s: exit %d, a part of the key or a pair in the report:\n%s%s", format, code, stdout, stderr)
		}
	}
	if n := len(aws.Accepted()); n != len(report.Formats) {
		t.Errorf("%d checks accepted by AWS, want one per scan (%d): the pair was not worked out", n, len(report.Formats))
	}
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--no-progress", "--validate", "--format", "json", "--show-secrets")
	if code != ExitFindings || strings.Contains(stdout, "pair") {
		t.Fatalf("--show-secrets: exit %d %s %s", code, stdout, stderr)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Findings) != 2 {
		t.Fatalf("report: %v %s", err, stdout)
	}
	for _, f := range rep.Findings {
		if f["rule_id"] == "aws-secret-access-key" && (f["secret"] != secret || f["validity"] != "valid" || strings.Contains(fmt.Sprint(f), keyID)) {
			t.Errorf("the secret access key's finding: %v", f)
		}
	}
	if strings.Count(stdout, keyID) != 1 {
		t.Errorf("the access key id appears %d times; once, as its own finding's secret", strings.Count(stdout, keyID))
	}
}

// TestReportToAnOlderServer: a server from before pair_secret refuses the
// field; the scan's report still goes through, without the other parts,
// and the scan says why the server cannot re-check those keys.
func TestReportToAnOlderServer(t *testing.T) {
	var withPair, recorded int
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rep struct {
			server.ScanReport
			Findings []finding.Finding `json:"findings"` // as they were on the wire before pair_secret
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		w.Header().Set("Content-Type", "application/json")
		if err := dec.Decode(&rep); err != nil {
			withPair++
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "bad_request", "message": "invalid JSON body: " + err.Error()}})
			return
		}
		recorded += len(rep.Findings)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(server.ScanReceipt{ScanID: 1, ReportID: rep.ReportID, Findings: len(rep.Findings), Batches: 1, BatchesReceived: 1})
	}))
	defer old.Close()
	g := testutil.NewGen(83)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"aws.ini": "aws_access_key_id = " + g.AWSKeyID() + "\naws_secret_access_key = " + g.AWSSecret() + "\n"})
	_, stderr, code := run(t, "", "scan", "dir", dir, "--no-progress", "--report-to", old.URL, "--token", "t")
	if code != ExitFindings || withPair != 1 || recorded != 2 || !strings.Contains(stderr, "the server predates two-part credentials") {
		t.Errorf("exit %d, %d refused, %d findings recorded: %s", code, withPair, recorded, stderr)
	}
}
