// Package coverage regenerates docs/coverage.md: the inventory of what the
// peer scanners detect (one row per provider, written by hand from their
// rule lists) with leakhound's rules and status for each row, which are
// recomputed from the rule catalogue so the table cannot go stale.
package coverage

import (
	"fmt"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// Row is one provider of the inventory.
type Row struct {
	Provider, Kinds, Peers, Format string
	Rules                          []string // leakhound rule ids
	Status                         string
}

// Doc is the coverage file split into the parts the generator keeps
// (the prose before the totals, and the explanation and table header
// after them) and the rows it recomputes.
type Doc struct {
	Intro, Legend string
	Rows          []Row
}

const (
	totalsHeading = "## Totals\n"
	legendHeading = "## How to read the table\n"
	tableHeader   = "| Provider | Kinds the peers detect | Peers | Format facts (secret prefix, length) | leakhound rules | Status |\n|---|---|---|---|---|---|\n"
	outsideHead   = "## leakhound rules in no row"
)

// Parse reads a coverage file.
func Parse(text string) (*Doc, error) {
	t := strings.Index(text, totalsHeading)
	l := strings.Index(text, legendHeading)
	h := strings.Index(text, tableHeader)
	if t < 0 || l < t || h < l {
		return nil, fmt.Errorf("coverage file: want %q, %q and the table header, in that order", strings.TrimSpace(totalsHeading), strings.TrimSpace(legendHeading))
	}
	d := &Doc{Intro: text[:t], Legend: text[l:h]}
	body := text[h+len(tableHeader):]
	if i := strings.Index(body, "\n"+outsideHead); i >= 0 {
		body = body[:i+1]
	}
	for n, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		if line == "" {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |"), " | ")
		if len(cells) != 6 {
			return nil, fmt.Errorf("coverage table row %d has %d cells, want 6: %.80s", n+1, len(cells), line)
		}
		r := Row{Provider: cells[0], Kinds: cells[1], Peers: cells[2], Format: cells[3], Status: cells[5]}
		for _, id := range strings.Split(cells[4], ", ") {
			if id = strings.Trim(id, "` "); id != "" {
				r.Rules = append(r.Rules, id)
			}
		}
		d.Rows = append(d.Rows, r)
	}
	return d, nil
}

// norm makes names comparable: lower-case letters and digits, without
// the suffixes peers add to a provider's name (apikey, token ...).
func norm(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		}
	}
	n := b.String()
	for changed := true; changed; {
		changed = false
		for _, suf := range []string{"apikey", "apitoken", "accesstoken", "token", "key", "api"} {
			if len(n) > len(suf)+2 && strings.HasSuffix(n, suf) {
				n, changed = strings.TrimSuffix(n, suf), true
			}
		}
	}
	return n
}

// Update recomputes each row's rules and status from the catalogue. A row
// keeps the rule ids it lists that still exist, and gains every rule of a
// provider that belongs to it alone: the provider named as the row (or by
// one of its kinds), or whose rules the row already lists. A status's
// annotation (a missing kind, why a kind is not a secret, why a row is
// skipped or missing) is the inventory's own and is kept.
func (d *Doc) Update(providers []*rule.Provider) {
	byID := map[string]*rule.Rule{}
	byName := map[string][]string{}
	for _, p := range providers {
		for i := range p.Rules {
			byID[p.Rules[i].ID] = &p.Rules[i]
		}
		for _, n := range []string{norm(p.ID), norm(p.Name)} {
			if !contains(byName[n], p.ID) {
				byName[n] = append(byName[n], p.ID)
			}
		}
	}
	// Which rows claim each provider, by the strongest evidence first:
	// the row's own name, the rules it lists, one of its kinds.
	claims := [3]map[string][]int{{}, {}, {}}
	claim := func(level int, p string, row int) {
		if !contains32(claims[level][p], row) {
			claims[level][p] = append(claims[level][p], row)
		}
	}
	for i, r := range d.Rows {
		for _, p := range byName[norm(r.Provider)] {
			claim(0, p, i)
		}
		for _, id := range r.Rules {
			if rl := byID[id]; rl != nil {
				claim(1, rl.Provider, i)
			}
		}
		for _, k := range strings.Split(r.Kinds, "; ") {
			if !strings.Contains(k, "*(not a secret)*") {
				for _, p := range byName[norm(k)] {
					claim(2, p, i)
				}
			}
		}
	}
	owner := map[string]int{}
	for _, p := range providers {
		for _, c := range claims {
			if rows := c[p.ID]; len(rows) > 0 {
				if len(rows) == 1 {
					owner[p.ID] = rows[0]
				}
				break
			}
		}
	}
	for i := range d.Rows {
		r := &d.Rows[i]
		var ids []string
		for _, id := range r.Rules {
			if byID[id] != nil {
				ids = append(ids, id)
			}
		}
		for _, p := range providers {
			if row, ok := owner[p.ID]; ok && row == i {
				for _, rl := range p.Rules {
					if !contains(ids, rl.ID) {
						ids = append(ids, rl.ID)
					}
				}
			}
		}
		sort.Strings(ids)
		r.Rules = ids
		r.Status = status(r.Status, len(ids) > 0)
	}
}

// status recomputes a row's status, keeping its annotation.
func status(old string, covered bool) string {
	word, note := old, ""
	if i := strings.IndexAny(old, ";:"); i >= 0 {
		word, note = old[:i], old[i:]
	}
	switch {
	case word == "skipped":
		return old // skipped as a whole, whatever rules exist
	case covered && word == "covered":
		return old
	case covered:
		return "covered" // a missing row's reason ends with it
	case word == "missing" && note != "" && note[0] == ':':
		return old
	}
	return "missing"
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func contains32(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Render writes the coverage file: the kept prose, the totals, the table
// and the rules no row lists.
func (d *Doc) Render(providers []*rule.Provider) string {
	var b strings.Builder
	b.WriteString(d.Intro)
	b.WriteString(totalsHeading + "\n")
	kinds, notSecret, covered, missing, skipped, missingKind := 0, 0, 0, 0, 0, 0
	listed := map[string]bool{}
	for _, r := range d.Rows {
		for _, k := range strings.Split(r.Kinds, "; ") {
			kinds++
			if strings.Contains(k, "*(not a secret)*") {
				notSecret++
			}
		}
		switch {
		case strings.HasPrefix(r.Status, "skipped"):
			skipped++
		case strings.HasPrefix(r.Status, "covered"):
			covered++
			if strings.Contains(r.Status, "missing kind") {
				missingKind++
			}
		default:
			missing++
		}
		for _, id := range r.Rules {
			listed[id] = true
		}
	}
	var all []*rule.Rule
	for _, p := range providers {
		for i := range p.Rules {
			all = append(all, &p.Rules[i])
		}
	}
	t, _ := rule.Count(all)
	fmt.Fprintf(&b, `- **%d provider rows** from %d peer rule names: **%d covered**
  (leakhound has at least one rule for the provider), **%d missing**,
  **%d skipped** as a whole. %d covered rows still lack a kind
  a peer detects ("missing kind"); %d peer kinds are skipped
  as not secrets (marked *not a secret* in the table).
- leakhound: **%d rules from %d providers**, %d with a validity check.
  The leakhound columns and the totals are generated from the rule
  catalogue (go run ./scripts/gencoverage); a test fails when this file
  is stale.

`, len(d.Rows), kinds, covered, missing, skipped, missingKind, notSecret, t.Rules, t.Providers, t.Validated)
	b.WriteString(d.Legend)
	b.WriteString(tableHeader)
	for _, r := range d.Rows {
		quoted := make([]string, len(r.Rules))
		for i, id := range r.Rules {
			quoted[i] = "`" + id + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.Provider, r.Kinds, r.Peers, r.Format, strings.Join(quoted, ", "), r.Status)
	}
	var outside []string
	for _, rl := range all {
		if !listed[rl.ID] {
			outside = append(outside, "`"+rl.ID+"`")
		}
	}
	sort.Strings(outside)
	if len(outside) > 0 {
		fmt.Fprintf(&b, "\n%s (%d)\n\nRules for providers or kinds no peer lists, or that no row above names:\n%s.\n", outsideHead, len(outside), wrap(outside, 78))
	}
	return b.String()
}

// Regenerate parses a coverage file, updates it from the catalogue and
// renders it.
func Regenerate(text string, providers []*rule.Provider) (string, error) {
	d, err := Parse(text)
	if err != nil {
		return "", err
	}
	d.Update(providers)
	return d.Render(providers), nil
}

// wrap joins items with ", " in lines of at most width bytes (an item
// longer than that has a line of its own), so a rule added or removed
// changes a line or two of the file, not one huge line.
func wrap(items []string, width int) string {
	var b strings.Builder
	line := 0
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
			line++
			if line+1+len(it) > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(it)
		line += len(it)
	}
	return b.String()
}
