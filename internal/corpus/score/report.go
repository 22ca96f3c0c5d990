package score

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/leakhound/leakhound/internal/corpus"
)

// Summary is the headline of one or more results.
type Summary struct {
	Positives, Found int // planted secrets, and how many were found
	Findings, True   int // findings outside fixture files, and how many matched a secret
}

func (s Summary) Recall() float64    { return ratio(s.Found, s.Positives) }
func (s Summary) Precision() float64 { return ratio(s.True, s.Findings) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Summarize adds up results, keeping findings whose confidence passes keep.
func Summarize(rs []*Result, keep func(Finding) bool) Summary {
	var s Summary
	for _, r := range rs {
		found := make([]bool, len(r.Truth))
		for fi, f := range r.Findings {
			if !keep(f) || r.Kind[fi] == FPFixture {
				continue
			}
			s.Findings++
			if r.Kind[fi] == "" {
				s.True++
				found[r.Match[fi]] = true
			}
		}
		for i, t := range r.Truth {
			if t.Positive() {
				s.Positives++
				if found[i] {
					s.Found++
				}
			}
		}
	}
	return s
}

func all(Finding) bool { return true }

// confidence levels from strongest to weakest.
var levels = []string{"high", "medium", "low"}

func rank(c string) int {
	for i, l := range levels {
		if strings.EqualFold(c, l) {
			return i
		}
	}
	return len(levels)
}

// Options shape the printed report.
type Options struct {
	Show int // misses and false positives listed, each
	// History prints only what a history scan adds to a tree scan: the
	// headline, recall by history shape and the history's misses.
	History bool
	// Every is the same scans scored with every finding, whatever its
	// confidence, when the results printed keep only those at a minimum
	// (AtLeast): the table by confidence is read from it, and a miss
	// found below the minimum says so.
	Every []*Result
}

// Print writes the report of rs (one result per seed) under title.
func Print(w io.Writer, title string, rs []*Result, opt Options) {
	s := Summarize(rs, all)
	fmt.Fprintf(w, "\n== %s\n", title)
	fmt.Fprintf(w, "recall %.3f (%d of %d planted secrets)   precision %.3f (%d of %d findings; %d false positives)\n",
		s.Recall(), s.Found, s.Positives, s.Precision(), s.True, s.Findings, s.Findings-s.True)
	if every := opt.every(rs); hasField(every, func(f Finding) string { return f.Confidence }) {
		printConfidence(w, every)
	}
	positive := func(t corpus.Truth) bool { return t.Positive() }
	if opt.History {
		table(w, "recall by class", rs, positive, func(t corpus.Truth) string { return t.Class })
		table(w, "recall by git history shape", rs, func(t corpus.Truth) bool { return t.Positive() && t.History != "" }, func(t corpus.Truth) string { return t.History })
		printMisses(w, rs, opt, func(t corpus.Truth) bool { return t.History != "" })
		return
	}
	table(w, "recall by class", rs, positive, func(t corpus.Truth) string { return t.Class })
	table(w, "recall by context shape: provider tokens without a unique prefix", rs, classIs(corpus.ClassUnprefixed), func(t corpus.Truth) string { return t.Shape })
	table(w, "recall by shape: provider tokens with a unique prefix", rs, classIs(corpus.ClassPrefixed), func(t corpus.Truth) string { return t.Shape })
	table(w, "recall by generic family", rs, classIs(corpus.ClassGeneric), func(t corpus.Truth) string { return t.Expect })
	table(w, "recall by generic syntax / file / container", rs, classIs(corpus.ClassGeneric), func(t corpus.Truth) string { return t.Expect + " " + t.Shape })
	providerTable(w, rs)
	table(w, "recall by file type", rs, positive, func(t corpus.Truth) string { return t.Format })
	table(w, "recall of weak passwords and of secrets in test directories", rs, func(t corpus.Truth) bool { return t.Positive() && (t.Weak || t.TestDir) }, func(t corpus.Truth) string {
		if t.Weak {
			return "weak password"
		}
		return "in a test directory"
	})
	if hasField(rs, func(f Finding) string { return f.Key }) {
		printKeys(w, rs)
	}
	printDecoys(w, rs)
	printFixtures(w, rs)
	printMisses(w, rs, opt, func(corpus.Truth) bool { return true })
	printFalsePositives(w, rs, opt.Show)
}

// every returns the results with every finding: opt.Every, or rs itself.
func (opt Options) every(rs []*Result) []*Result {
	if len(opt.Every) == len(rs) {
		return opt.Every
	}
	return rs
}

func classIs(c string) func(corpus.Truth) bool {
	return func(t corpus.Truth) bool { return t.Class == c }
}

func hasField(rs []*Result, get func(Finding) string) bool {
	for _, r := range rs {
		for _, f := range r.Findings {
			if get(f) != "" {
				return true
			}
		}
	}
	return false
}

type row struct {
	name         string
	found, total int
	extra        string
}

// tally counts, per key, the truth entries that pass filter and how many
// of them count as found.
func tally(rs []*Result, filter func(corpus.Truth) bool, key func(corpus.Truth) string, found func(r *Result, i int) bool) map[string]*row {
	rows := map[string]*row{}
	for _, r := range rs {
		for i, t := range r.Truth {
			if !filter(t) {
				continue
			}
			k := key(t)
			if rows[k] == nil {
				rows[k] = &row{name: k}
			}
			rows[k].total++
			if found(r, i) {
				rows[k].found++
			}
		}
	}
	return rows
}

func hit(r *Result, i int) bool { return r.Hits[i] > 0 }

// table prints recall of the truth entries that pass filter, grouped by key.
func table(w io.Writer, title string, rs []*Result, filter func(corpus.Truth) bool, key func(corpus.Truth) string) {
	printRows(w, title, tally(rs, filter, key, hit), "")
}

func printRows(w io.Writer, title string, rows map[string]*row, extraHead string) {
	if len(rows) == 0 {
		return
	}
	names := make([]string, 0, len(rows))
	for n := range rows {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  \trecall\tfound\tof%s\n", extraHead)
	for _, n := range names {
		rw := rows[n]
		fmt.Fprintf(tw, "  %s\t%.2f\t%d\t%d%s\n", n, ratio(rw.found, rw.total), rw.found, rw.total, rw.extra)
	}
	tw.Flush()
}

// providerTable is recall per provider, with how many found secrets were
// named by the expected provider's rule.
func providerTable(w io.Writer, rs []*Result) {
	filter := func(t corpus.Truth) bool { return t.Positive() && isProvider(t.Expect) }
	expect := func(t corpus.Truth) string { return t.Expect }
	rows := tally(rs, filter, expect, hit)
	named := tally(rs, filter, expect, func(r *Result, i int) bool { return hit(r, i) && r.Attributed[i] })
	for n, rw := range rows {
		rw.extra = fmt.Sprintf("\t%d", named[n].found)
	}
	printRows(w, "recall by provider (named: found by the provider's own rule)", rows, "\tnamed")
}

// isProvider tells provider ids from generic family labels.
func isProvider(expect string) bool {
	return !strings.HasPrefix(expect, "generic-") && expect != corpus.FamilyHash && expect != corpus.FamilyPrivateKey
}

func printConfidence(w io.Writer, rs []*Result) {
	fmt.Fprintf(w, "\nby minimum confidence\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  \trecall\tprecision\tfindings\tprefixed\tunprefixed\tgeneric\n")
	for i, l := range levels {
		keep := func(f Finding) bool { return rank(f.Confidence) <= i }
		s := Summarize(rs, keep)
		fmt.Fprintf(tw, "  >= %s\t%.3f\t%.3f\t%d", l, s.Recall(), s.Precision(), s.Findings)
		for _, c := range []string{corpus.ClassPrefixed, corpus.ClassUnprefixed, corpus.ClassGeneric} {
			fmt.Fprintf(tw, "\t%.3f", classRecall(rs, c, keep))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func classRecall(rs []*Result, class string, keep func(Finding) bool) float64 {
	found, total := 0, 0
	for _, r := range rs {
		hit := make([]bool, len(r.Truth))
		for fi, f := range r.Findings {
			if keep(f) && r.Kind[fi] == "" {
				hit[r.Match[fi]] = true
			}
		}
		for i, t := range r.Truth {
			if t.Positive() && t.Class == class {
				total++
				if hit[i] {
					found++
				}
			}
		}
	}
	return ratio(found, total)
}

func printKeys(w io.Writer, rs []*Result) {
	rows := tally(rs, func(t corpus.Truth) bool { return t.Positive() && t.Key != "" }, func(t corpus.Truth) string { return t.Class + " " + t.Shape },
		func(r *Result, i int) bool { return r.KeyRight[i] })
	// Only found secrets can have their key reported.
	found := tally(rs, func(t corpus.Truth) bool { return t.Positive() && t.Key != "" }, func(t corpus.Truth) string { return t.Class + " " + t.Shape }, hit)
	for n, rw := range rows {
		if rw.total = found[n].found; rw.total == 0 {
			delete(rows, n)
		}
	}
	printRows(w, "key path reported (of found secrets planted under a key)", rows, "")
}

func printDecoys(w io.Writer, rs []*Result) {
	rows := tally(rs, func(t corpus.Truth) bool { return t.Decoy }, func(t corpus.Truth) string { return t.Shape }, hit)
	findings := map[string]int{}
	for _, r := range rs {
		for fi := range r.Findings {
			if k := r.Kind[fi]; k != "" && k != FPFixture {
				findings[k]++
				if rows[k] == nil {
					rows[k] = &row{name: k}
				}
			}
		}
	}
	names := make([]string, 0, len(rows))
	for n := range rows {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nfalse positives by decoy kind (hit: decoys reported; findings: false findings there)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  \thit\tof\tfindings\n")
	for _, n := range names {
		rw := rows[n]
		total := fmt.Sprint(rw.total)
		if rw.total == 0 {
			total = "-"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%d\n", n, rw.found, total, findings[n])
	}
	tw.Flush()
}

func printFixtures(w io.Writer, rs []*Result) {
	planted, reported := 0, 0
	byConf := map[string]int{}
	for _, r := range rs {
		for i, t := range r.Truth {
			if t.Class == corpus.ClassFixture {
				planted++
				if r.Hits[i] > 0 {
					reported++
				}
			}
		}
		for fi, f := range r.Findings {
			if r.Kind[fi] == FPFixture {
				c := f.Confidence
				if c == "" {
					c = "no confidence field"
				}
				byConf[c]++
			}
		}
	}
	if planted == 0 {
		return
	}
	fmt.Fprintf(w, "\nobvious fakes in test files (scored apart): %d of %d reported", reported, planted)
	var parts []string
	for _, c := range append(levels, "no confidence field") {
		if byConf[c] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", byConf[c], c))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "; findings there: %s", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// printMisses lists the planted secrets not found; one found only below
// the minimum confidence (in opt.Every) is marked with the confidence it
// was found at.
func printMisses(w io.Writer, rs []*Result, opt Options, filter func(corpus.Truth) bool) {
	every := opt.every(rs)
	var items []listed
	below := 0
	for ri, r := range rs {
		for i, t := range r.Truth {
			if !t.Positive() || r.Hits[i] > 0 || !filter(t) {
				continue
			}
			where := fmt.Sprintf("%s:%d", t.Path, t.Line)
			if t.Commit != "" {
				where += " @" + t.Commit[:min(10, len(t.Commit))]
			}
			found := ""
			if c := foundAt(every[ri], i); c != "" {
				found = "  (found " + c + ")"
				below++
			}
			items = append(items, listed{group: t.Class + "/" + t.Shape, text: fmt.Sprintf("  %s  %s/%s  %s  [%s%s]%s", where, t.Class, t.Shape, t.Expect, t.Variant, histSuffix(t), found)})
		}
	}
	lines := spread(items, opt.Show)
	fmt.Fprintf(w, "\nmisses: %d, %d of them found below the minimum confidence (%d shown, taken in turn from each class/shape)\n%s\n", len(items), below, len(lines), strings.Join(lines, "\n"))
}

// foundAt returns the best confidence a finding matching truth entry i has
// in r, or "" when none matches it.
func foundAt(r *Result, i int) string {
	best := len(levels) + 1
	for fi, f := range r.Findings {
		if r.Match[fi] == i && r.Kind[fi] == "" {
			best = min(best, rank(f.Confidence))
		}
	}
	switch {
	case best < len(levels):
		return levels[best]
	case best == len(levels):
		return "without a confidence"
	}
	return ""
}

// listed is a line of a miss or false-positive list and the group it
// belongs to.
type listed struct{ group, text string }

// spread takes up to n lines in turn from each group (in order of first
// appearance), so a short list still shows every kind of problem.
func spread(items []listed, n int) []string {
	var order []string
	groups := map[string][]string{}
	for _, it := range items {
		if groups[it.group] == nil {
			order = append(order, it.group)
		}
		groups[it.group] = append(groups[it.group], it.text)
	}
	var out []string
	for i := 0; len(out) < n; i++ {
		added := false
		for _, g := range order {
			if i < len(groups[g]) && len(out) < n {
				out = append(out, groups[g][i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

func histSuffix(t corpus.Truth) string {
	if t.History == "" {
		return ""
	}
	return ", " + t.History
}

func printFalsePositives(w io.Writer, rs []*Result, show int) {
	var items []listed
	for _, r := range rs {
		for fi, f := range r.Findings {
			k := r.Kind[fi]
			if k == "" || k == FPFixture {
				continue
			}
			detail := ""
			if m := r.Match[fi]; m >= 0 && r.Truth[m].Variant != "" {
				detail = " (" + r.Truth[m].Variant + ")"
			}
			items = append(items, listed{group: k + " " + f.RuleID, text: fmt.Sprintf("  %s:%d  %s  %s%s  %q", f.Path, f.Line, f.RuleID, k, detail, preview(f.Secret))})
		}
	}
	lines := spread(items, show)
	fmt.Fprintf(w, "\nfalse positives: %d (%d shown, taken in turn from each kind and rule)\n%s\n", len(items), len(lines), strings.Join(lines, "\n"))
}

func preview(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
