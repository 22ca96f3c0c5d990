package detect

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGroupByKeywordIsAppendPerKeyword: grouping the (keyword, rule)
// pairs at once gives each keyword the list that appending rule by rule
// gave (rules in order, a rule listing a keyword twice kept once), and no
// list can grow into its neighbour.
func TestGroupByKeywordIsAppendPerKeyword(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		keywords := 1 + r.IntN(20)
		var pairs []keywordRule
		for rule := range int32(r.IntN(30)) {
			for range r.IntN(5) { // a rule's keywords, repeats allowed
				pairs = append(pairs, keywordRule{int32(r.IntN(keywords)), rule})
			}
		}
		want := make([][]int32, keywords)
		for _, p := range pairs {
			if l := want[p.keyword]; len(l) == 0 || l[len(l)-1] != p.rule {
				want[p.keyword] = append(l, p.rule)
			}
		}
		got := make([][]int32, keywords)
		groupByKeyword(pairs, got)
		for k := range want {
			if !slices.Equal(got[k], want[k]) || (got[k] == nil) != (want[k] == nil) {
				t.Fatalf("round %d, keyword %d: %v, want %v", round, k, got[k], want[k])
			}
		}
		for k := range got {
			list := got[k]
			got[k] = append(got[k], -1)
			for j := range got {
				if j != k && !slices.Equal(got[j], want[j]) {
					t.Fatalf("round %d: appending to keyword %d changed keyword %d", round, k, j)
				}
			}
			got[k] = list
		}
	}
}
