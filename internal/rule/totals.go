package rule

import "sort"

// Totals counts a set of rules: how many, from how many providers, and how
// many can be checked live.
type Totals struct {
	Rules     int
	Providers int
	Validated int // rules with a validity check
}

// CategoryTotals is Totals for one category.
type CategoryTotals struct {
	Category string
	Totals
}

// Count returns the totals of rules, overall and by category (sorted by
// name; a rule without a category counts as "other").
func Count(rules []*Rule) (Totals, []CategoryTotals) {
	var all Totals
	byCat := map[string]*CategoryTotals{}
	providers := map[string]bool{}
	catProviders := map[string]map[string]bool{}
	for _, r := range rules {
		cat := r.Category
		if cat == "" {
			cat = "other"
		}
		c := byCat[cat]
		if c == nil {
			c = &CategoryTotals{Category: cat}
			byCat[cat] = c
			catProviders[cat] = map[string]bool{}
		}
		all.Rules++
		c.Rules++
		if r.Validate != nil {
			all.Validated++
			c.Validated++
		}
		if !providers[r.Provider] {
			providers[r.Provider] = true
			all.Providers++
		}
		if !catProviders[cat][r.Provider] {
			catProviders[cat][r.Provider] = true
			c.Providers++
		}
	}
	cats := make([]CategoryTotals, 0, len(byCat))
	for _, c := range byCat {
		cats = append(cats, *c)
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i].Category < cats[j].Category })
	return all, cats
}
