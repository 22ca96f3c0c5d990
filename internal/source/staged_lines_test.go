package source

import "testing"

// TestLineSetOverlaps: a span of lines meets the set when any of its
// lines is in it, at either end, inside, or across a range.
func TestLineSetOverlaps(t *testing.T) {
	s := LineSet{{First: 3, Last: 4}, {First: 10, Last: 10}, {First: 20, Last: 25}}
	for _, c := range []struct {
		first, last int
		want        bool
	}{
		{1, 2, false}, {1, 3, true}, {4, 9, true}, {5, 9, false}, {9, 11, true},
		{11, 19, false}, {12, 30, true}, {22, 22, true}, {26, 40, false}, {1, 100, true},
	} {
		if got := s.Overlaps(c.first, c.last); got != c.want {
			t.Errorf("lines %d..%d: %v, want %v", c.first, c.last, got, c.want)
		}
	}
	if (LineSet{}).Overlaps(1, 5) {
		t.Error("an empty set holds no line")
	}
}
