package server

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestHugeFieldIsCutNotStored: a 60 MB path was accepted and took 190 MB
// of database. A path of 8 MB (2,000 times its limit) is now cut to its
// limit with a marker, the rest of the report is recorded, and the
// database stays small.
func TestHugeFieldIsCutNotStored(t *testing.T) {
	dir := t.TempDir()
	st := storetest.Open(t, "sqlite://"+filepath.Join(dir, "leakhound.db"))
	e := newEnv(t, st, nil)
	rep := scanReport("huge", secretFor(60), strings.Repeat("a/", 4<<20), "ok.env")
	rep.Findings[0].Author = strings.Repeat("é", 1000)
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != 201 {
		t.Fatalf("scan: %d %.300s", code, body)
	}
	incs, _, _ := st.ListIncidents(context.Background(), store.IncidentFilter{})
	occ, n, err := st.Occurrences(context.Background(), incs[0].ID, store.Page{})
	if err != nil || n != 2 {
		t.Fatalf("occurrences: %d %v", n, err)
	}
	var cut store.Occurrence
	for _, o := range occ {
		if o.Path != "ok.env" {
			cut = o
		}
	}
	at := strings.LastIndex(cut.Path, "…[+")
	if len(cut.Path) > maxPath || at < 0 || cut.Path[at:] != fmt.Sprintf("…[+%d bytes]", 8<<20-at) {
		t.Fatalf("path of %d bytes, ending %q", len(cut.Path), cut.Path[max(0, len(cut.Path)-30):])
	}
	if len(cut.Author) > maxName || !strings.Contains(cut.Author, "…[+") || !strings.HasPrefix(cut.Author, "éé") {
		t.Fatalf("author: %q", cut.Author)
	}
	if strings.ToValidUTF8(cut.Author, "?") != cut.Author {
		t.Fatal("the author was cut inside a character")
	}
	size := int64(0)
	for _, f := range []string{"leakhound.db", "leakhound.db-wal"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += fi.Size()
		}
	}
	if size > 4<<20 {
		t.Fatalf("the database takes %d bytes after one cut 8 MB field", size)
	}
}

// TestReportLimits: identifiers too long to be real are refused with a
// 400 naming the field; edits over their limits are refused; a client
// cuts long fields before sending so a batch stays under the body limit;
// a secret too long to keep is still fingerprinted, just not stored.
func TestReportLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		e := newEnv(t, st, func(c *Config) {
			c.MaxReportBytes = 1 << 20
			c.Keys.Secret = bytes.Repeat([]byte{3}, 32)
		})
		for _, tc := range []struct {
			field string
			mod   func(*ScanReport)
		}{
			{"report_id", func(r *ScanReport) { r.ReportID = strings.Repeat("r", 101) }},
			{"source.kind", func(r *ScanReport) { r.Source.Kind = strings.Repeat("k", 33) }},
			{"source.commit", func(r *ScanReport) { r.Source.Commit = strings.Repeat("c", 65) }},
			{"findings[0].rule_id", func(r *ScanReport) { r.Findings[0].RuleID = strings.Repeat("x", 129) }},
			{"findings[0].commit", func(r *ScanReport) { r.Findings[0].Commit = strings.Repeat("c", 65) }},
			{"findings[0].layer_digest", func(r *ScanReport) { r.Findings[0].LayerDigest = "sha256:" + strings.Repeat("d", 200) }},
		} {
			rep := scanReport("limits-"+tc.field, secretFor(61), "a.env")
			tc.mod(&rep)
			if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], rep); code != 400 || !bytes.Contains(body, []byte(tc.field)) {
				t.Errorf("%s too long: %d %s", tc.field, code, body)
			}
		}
		if _, n, _ := st.Scans(context.Background(), store.Page{}); n != 0 {
			t.Fatalf("refused reports recorded %d scans", n)
		}

		// Through the client: a 3 MB path would make the request larger
		// than the 1 MiB body limit; the client cuts it first.
		rep := scanReport("client-cuts", secretFor(62), strings.Repeat("p", 3<<20))
		long := strings.Repeat("s", maxStoredSecret+1)
		rep.Findings = append(rep.Findings, ReportedFinding{Finding: finding.Finding{RuleID: "custom-long-key", Location: finding.Location{Path: "key.pem", Line: 1}, Secret: long}})
		res, err := (&Client{BaseURL: e.http.URL, Token: e.tokens["member"]}).Send(context.Background(), &rep)
		if err != nil || res.Findings != 2 {
			t.Fatalf("send: %+v %v", res, err)
		}
		incs, _, _ := st.ListIncidents(context.Background(), store.IncidentFilter{Query: "custom-long-key"})
		if len(incs) != 1 || incs[0].SecretStored {
			t.Fatalf("long secret: %+v (want an incident, its secret not kept)", incs)
		}

		incs, _, _ = st.ListIncidents(context.Background(), store.IncidentFilter{})
		path := fmt.Sprintf("/api/v1/incidents/%d", incs[0].ID)
		for _, tc := range []struct {
			field string
			patch map[string]any
		}{
			{"assignee", map[string]any{"assignee": strings.Repeat("a", store.MaxAssigneeLength+1)}},
			{"notes", map[string]any{"notes": strings.Repeat("n", store.MaxNotesLength+1)}},
			{"tags", map[string]any{"tags": manyTags(store.MaxTags + 1)}},
			{"tag", map[string]any{"tags": []string{strings.Repeat("t", store.MaxTagLength+1)}}},
		} {
			if code, body := e.do(t, "PATCH", path, e.tokens["member"], tc.patch); code != 400 || !bytes.Contains(body, []byte(tc.field)) {
				t.Errorf("%s over its limit: %d %s", tc.field, code, body)
			}
		}
		if _, _, err := st.CreateToken(context.Background(), strings.Repeat("n", store.MaxNameLength+1), store.RoleViewer, "t"); err == nil {
			t.Error("a token name over the limit was accepted")
		}
	})
}

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%d", i)
	}
	return out
}
