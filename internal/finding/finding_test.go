package finding

import (
	"fmt"
	"testing"
)

func at(path string, line int) Location { return Location{Path: path, Line: line} }

func paths(ls []Location) string {
	s := ""
	for _, l := range ls {
		s += fmt.Sprintf("%s:%d ", l.Path, l.Line)
	}
	return s
}

func TestGroupAndFlatten(t *testing.T) {
	in := []Finding{
		{Fingerprint: "a", RuleID: "r1", Location: at("x", 1)},
		{Fingerprint: "b", RuleID: "r2", Location: at("y", 2)},
		{Fingerprint: "a", RuleID: "r1", Location: at("z", 3), Places: []Location{at("z", 3), at("w", 4)}},
	}
	g := Group(in)
	if len(g) != 2 || g[0].Fingerprint != "a" || g[1].Fingerprint != "b" {
		t.Fatalf("groups %+v", g)
	}
	if got := paths(g[0].Places); got != "x:1 z:3 w:4 " || g[0].Location != at("x", 1) {
		t.Errorf("places of a: %s (location %+v)", got, g[0].Location)
	}
	if got := paths(g[1].AllPlaces()); got != "y:2 " {
		t.Errorf("places of b: %s", got)
	}
	if in[2].Places[0] != at("z", 3) || len(in[0].Places) != 0 {
		t.Error("Group changed its input")
	}
	if again := Group(g); len(again) != 2 || paths(again[0].Places) != "x:1 z:3 w:4 " {
		t.Errorf("grouping twice: %+v", again)
	}

	flat := Flatten(g)
	if len(flat) != 4 {
		t.Fatalf("flatten: %d findings, want one per place", len(flat))
	}
	var got string
	for _, f := range flat {
		if f.Places != nil || f.RuleID == "" {
			t.Errorf("flat finding %+v", f)
		}
		got += fmt.Sprintf("%s:%s:%d ", f.Fingerprint, f.Path, f.Line)
	}
	if got != "a:x:1 a:z:3 a:w:4 b:y:2 " {
		t.Errorf("flatten: %s", got)
	}
}

// TestAtLeastKeepsSurePlaces: confidence is a place's; the places below
// the floor are dropped and counted, a finding without any left too.
func TestAtLeastKeepsSurePlaces(t *testing.T) {
	low, high := at("test/a.env", 1), at("app/a.env", 2)
	low.Confidence, high.Confidence = "low", "high"
	fs := []Finding{
		{Fingerprint: "a", Location: low, Places: []Location{low, high}},
		{Fingerprint: "b", Location: low},
		{Fingerprint: "c", Location: at("old.env", 3)}, // no confidence: high
	}
	kept, dropped := AtLeast(fs, "medium")
	if dropped != 2 || len(kept) != 2 || kept[0].Location != high || paths(kept[0].Places) != "app/a.env:2 " || kept[1].Fingerprint != "c" {
		t.Errorf("kept %+v, dropped %d", kept, dropped)
	}
}

// TestSortIsTheSameWhateverTheOrderFound: two secrets first seen at one
// place (same path, line, column, rule and commit) come out in one order
// however the workers delivered them.
func TestSortIsTheSameWhateverTheOrderFound(t *testing.T) {
	a := Finding{RuleID: "private-key-pkcs8", Fingerprint: "99a5", Location: Location{Path: "k_test.go", Line: 38, Commit: "d4add250"}}
	b := a
	b.Fingerprint = "bae0"
	x, y := []Finding{a, b}, []Finding{b, a}
	Sort(x)
	Sort(y)
	if x[0].Fingerprint != y[0].Fingerprint || x[1].Fingerprint != y[1].Fingerprint {
		t.Errorf("orders differ: %s,%s and %s,%s", x[0].Fingerprint, x[1].Fingerprint, y[0].Fingerprint, y[1].Fingerprint)
	}
}
