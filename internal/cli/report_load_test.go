// The race detector slows the pure-Go SQLite engine about tenfold, which
// would take this 20,000-finding report past the package's time limit on a
// busy machine; `make test` runs it in its uninstrumented pass.

//go:build !race

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestReportToLargeScan: a directory scan with 20,000 findings is
// reported, in batches, and the client says "recorded": the server's
// answer is a receipt of counts, not every incident (it used to pass 8 MiB
// and leave the client saying the report failed although it was
// recorded). Run again with the same --report-id, nothing is recorded twice.
func TestReportToLargeScan(t *testing.T) {
	url, dsn, token := startServeWithToken(t)
	g := testutil.NewGen(20000)
	var b strings.Builder
	for range 20000 {
		b.WriteString("GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tokens.env"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "scan", "dir", dir, "--no-progress", "--report-to", url, "--token", token, "--format", "json",
		"--show-secrets", "--report-id", "ci-run-20000")
	// What the scan found, from its own report (a rule may find a secret
	// another rule found too): the server keeps one incident per secret.
	var rep struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Findings) < 20000 {
		t.Fatalf("scan report: %d findings, %v", len(rep.Findings), err)
	}
	secrets := map[string]bool{}
	for _, f := range rep.Findings {
		secrets[f.Secret] = true
	}
	batches := (len(rep.Findings) + 4999) / 5000
	want := fmt.Sprintf("recorded as scan 1 in %d batches, %d secrets, %d new", batches, len(secrets), len(secrets))
	if code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("scan dir --report-to: exit %d, %q, want %q", code, errOut, want)
	}
	// The CI job retried with the same report id records nothing twice.
	_, errOut, code = run(t, "", "scan", "dir", dir, "--no-progress", "--report-to", url, "--token", token, "--format", "json", "--report-id", "ci-run-20000")
	if want := fmt.Sprintf("recorded as scan 1 in %d batches (already recorded)", batches); code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("same report id again: exit %d, %q, want %q", code, errOut, want)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if scans, n, err := st.Scans(context.Background(), store.Page{}); err != nil || n != 1 || scans[0].Findings != len(rep.Findings) {
		t.Fatalf("scans: %+v %d %v", scans, n, err)
	}
	if _, n, err := st.ListIncidents(context.Background(), store.IncidentFilter{}); err != nil || n != len(secrets) {
		t.Fatalf("%d incidents, want %d (%v)", n, len(secrets), err)
	}
}
