package rule

import (
	"reflect"
	"testing"
)

func TestCount(t *testing.T) {
	v := &Validate{}
	rules := []*Rule{
		{ID: "a-one", Provider: "a", Category: "email", Validate: v},
		{ID: "a-two", Provider: "a", Category: "email"},
		{ID: "b-one", Provider: "b", Category: "email", Validate: v},
		{ID: "c-one", Provider: "c", Category: "ai"},
		{ID: "d-one", Provider: "d"},
	}
	all, cats := Count(rules)
	if all != (Totals{Rules: 5, Providers: 4, Validated: 2}) {
		t.Errorf("totals %+v", all)
	}
	want := []CategoryTotals{
		{"ai", Totals{Rules: 1, Providers: 1}},
		{"email", Totals{Rules: 3, Providers: 2, Validated: 2}},
		{"other", Totals{Rules: 1, Providers: 1}},
	}
	if !reflect.DeepEqual(cats, want) {
		t.Errorf("by category %+v", cats)
	}
}
