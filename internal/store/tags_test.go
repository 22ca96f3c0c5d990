package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// TestDamagedTagsHideNoIncident: one incident whose stored tags are not a
// JSON list is still listed and read, says its tags are unreadable, and
// keeps the stored value through edits of other fields; the others are
// listed as before.
func TestDamagedTagsHideNoIncident(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		res, err := s.Ingest(ctx, report("r1", item("fpA", "a", 1), item("fpB", "b", 2), item("fpC", "c", 3)))
		if err != nil {
			t.Fatal(err)
		}
		damaged := res.NewIncidents[1]
		const raw = `["prod", "payme` // cut mid-value
		if err := store.SetRawTags(ctx, s, damaged, raw); err != nil {
			t.Fatal(err)
		}
		incs, total, err := s.ListIncidents(ctx, store.IncidentFilter{})
		if err != nil || total != 3 || len(incs) != 3 {
			t.Fatalf("list with one damaged row: %d of %d, %v", len(incs), total, err)
		}
		for _, inc := range incs {
			if inc.TagsUnreadable != (inc.ID == damaged) || len(inc.Tags) != 0 {
				t.Errorf("incident %d: tags %q unreadable %v", inc.ID, inc.Tags, inc.TagsUnreadable)
			}
		}
		if incs, n, err := s.ListIncidents(ctx, store.IncidentFilter{Query: "payme"}); err != nil || n != 1 || incs[0].ID != damaged {
			t.Fatalf("search of the damaged value: %d %v", n, err)
		}
		inc, err := s.Incident(ctx, damaged)
		if err != nil || !inc.TagsUnreadable {
			t.Fatalf("incident: %+v %v", inc, err)
		}

		// An edit of other fields keeps the stored value.
		bob := "bob"
		if inc, err = s.UpdateIncident(ctx, damaged, store.IncidentUpdate{Assignee: &bob}, "alice"); err != nil || inc.Assignee != "bob" || !inc.TagsUnreadable {
			t.Fatalf("assigning: %+v %v", inc, err)
		}
		if got, err := store.RawTags(ctx, s, damaged); err != nil || got != raw {
			t.Fatalf("stored tags after assigning: %q %v", got, err)
		}
		// Setting tags replaces it, and the audit log says what it replaced.
		tags := []string{"prod"}
		if inc, err = s.UpdateIncident(ctx, damaged, store.IncidentUpdate{Tags: &tags}, "alice"); err != nil || inc.TagsUnreadable ||
			strings.Join(inc.Tags, ",") != "prod" {
			t.Fatalf("setting tags: %+v %v", inc, err)
		}
		audit, _, err := s.Audit(ctx, damaged, store.Page{})
		if err != nil || len(audit) == 0 || audit[0].Action != "tags" || !strings.Contains(audit[0].Detail, "unreadable tags replaced") {
			t.Fatalf("audit: %+v %v", audit, err)
		}
	})
}
