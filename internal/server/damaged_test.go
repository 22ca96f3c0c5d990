package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestDamagedTagsThroughAPIAndDashboard: one incident whose stored tags
// are damaged is listed with the others by the API and the dashboard,
// marked unreadable, logged by id (never by value), and a dashboard edit
// that leaves its tags field empty keeps the stored value.
func TestDamagedTagsThroughAPIAndDashboard(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := storetest.Open(t, dsn)
		var logs bytes.Buffer
		e := newEnv(t, st, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
		for i, p := range []string{"a.env", "b.env", "c.env"} {
			if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport(fmt.Sprint("r", i), secretFor(uint64(40+i)), p)); code != 201 {
				t.Fatalf("scan: %d %s", code, body)
			}
		}
		incs, _, err := st.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil || len(incs) != 3 {
			t.Fatalf("incidents: %d %v", len(incs), err)
		}
		damaged := incs[1].ID
		const raw = `{"prod": 1 secretive-marker`
		storetest.Exec(t, dsn, fmt.Sprintf(`UPDATE incidents SET tags = '%s' WHERE id = %d`, raw, damaged))

		code, body := e.do(t, "GET", "/api/v1/incidents?status=", e.tokens["viewer"], nil)
		var got struct {
			Items []store.Incident `json:"items"`
			Total int              `json:"total"`
		}
		if err := json.Unmarshal(body, &got); code != 200 || err != nil || got.Total != 3 || len(got.Items) != 3 {
			t.Fatalf("API list: %d %v %s", code, err, body)
		}
		for _, inc := range got.Items {
			if inc.TagsUnreadable != (inc.ID == damaged) {
				t.Errorf("API: incident %d tags_unreadable %v", inc.ID, inc.TagsUnreadable)
			}
		}
		if !strings.Contains(logs.String(), fmt.Sprintf("incident=%d", damaged)) || strings.Contains(logs.String(), "secretive-marker") {
			t.Fatalf("log: %s", logs.String())
		}

		if _, err := st.CreateUser(ctx, "mo", store.RoleMember, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
		mo := newBrowser(t, e)
		if resp, _ := mo.login("mo", "correct horse battery"); resp.StatusCode != 303 {
			t.Fatalf("login: %d", resp.StatusCode)
		}
		_, page := mo.get("/?status=")
		for _, inc := range incs {
			if !strings.Contains(page, fmt.Sprintf(`href="/incidents/%d"`, inc.ID)) {
				t.Errorf("dashboard list lacks incident %d", inc.ID)
			}
		}
		incPath := fmt.Sprintf("/incidents/%d", damaged)
		_, page = mo.get(incPath)
		if !strings.Contains(page, `id="tags-unreadable"`) {
			t.Fatalf("incident page does not say the tags are unreadable")
		}
		token := csrfField.FindStringSubmatch(page)[1]
		if resp, body := mo.post(incPath+"/edit", url.Values{"csrf": {token}, "assignee": {"mo"}, "notes": {""}, "tags": {""}}, mo.base); resp.StatusCode != 303 {
			t.Fatalf("edit: %d %s", resp.StatusCode, body)
		}
		inc, err := st.Incident(ctx, damaged)
		if err != nil || inc.Assignee != "mo" || !inc.TagsUnreadable {
			t.Fatalf("after the edit: %+v %v", inc, err)
		}
	})
}
