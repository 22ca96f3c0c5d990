package playbook

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestSiteIndexShowsCoverageByCategory writes the site for part of the
// real catalogue and reads the index's coverage table back: one row per
// category with its counts, and the totals.
func TestSiteIndexShowsCoverageByCategory(t *testing.T) {
	all := testutil.Catalogue(t)
	var some []*rule.Rule
	for _, r := range all {
		if r.Category == "email" || r.Category == "identity" || r.Category == "sms" {
			some = append(some, r)
		}
	}
	dir := t.TempDir()
	if err := WriteSite(dir, some); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`<tr class="cov"><td><a href="#cat-([a-z-]+)">[a-z-]+</a></td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>`)
	var got []string
	for _, m := range row.FindAllStringSubmatch(string(index), -1) {
		got = append(got, fmt.Sprintf("%s %s/%s/%s", m[1], m[2], m[3], m[4]))
	}
	totals, cats := rule.Count(some)
	var want []string
	for _, c := range cats {
		want = append(want, fmt.Sprintf("%s %d/%d/%d", c.Category, c.Rules, c.Providers, c.Validated))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(want) != 3 {
		t.Errorf("coverage rows %v, want %v", got, want)
	}
	total := fmt.Sprintf(`<tr class="total"><th>All</th><th>%d</th><th>%d</th><th>%d</th></tr>`, totals.Rules, totals.Providers, totals.Validated)
	if !regexp.MustCompile(regexp.QuoteMeta(total)).Match(index) {
		t.Errorf("index lacks the totals row %s", total)
	}
	for _, c := range cats {
		if !regexp.MustCompile(`<section class="category" id="cat-` + c.Category + `">`).Match(index) {
			t.Errorf("no section for the link to %s", c.Category)
		}
	}
}
