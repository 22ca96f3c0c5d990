// The race detector slows the pure-Go SQLite engine about tenfold, which
// would take this 20,000-finding report past the package's time limit on a
// busy machine; `make test` runs it in its uninstrumented pass.

//go:build !race

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	_, errOut, code := run(t, "", "scan", "dir", dir, "--no-progress", "--report-to", url, "--token", token, "--format", "json", "--report-id", "ci-run-20000")
	if code != 1 || !strings.Contains(errOut, "recorded as scan 1 in 4 batches, 20000 secrets, 20000 new") {
		t.Fatalf("scan dir --report-to: exit %d, %q", code, errOut)
	}
	// The CI job retried with the same report id records nothing twice.
	_, errOut, code = run(t, "", "scan", "dir", dir, "--no-progress", "--report-to", url, "--token", token, "--format", "json", "--report-id", "ci-run-20000")
	if code != 1 || !strings.Contains(errOut, "recorded as scan 1 in 4 batches (already recorded)") {
		t.Fatalf("same report id again: exit %d, %q", code, errOut)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if scans, n, err := st.Scans(context.Background(), store.Page{}); err != nil || n != 1 || scans[0].Findings != 20000 {
		t.Fatalf("scans: %+v %d %v", scans, n, err)
	}
}
