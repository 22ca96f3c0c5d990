package rule_test

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

func loadCatalogue(t *testing.T) []*rule.Rule {
	t.Helper()
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatalf("loading catalogue: %v", err)
	}
	// Catalogue authors test new files from a staging folder before
	// moving them into rules/, so one draft cannot break everyone's run.
	if dir := os.Getenv("LEAKHOUND_EXTRA_RULES"); dir != "" {
		extra, err := rule.LoadFS(os.DirFS(dir))
		if err != nil {
			t.Fatalf("loading %s: %v", dir, err)
		}
		providers = append(providers, extra...)
	}
	all, err := rule.Flatten(providers)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestCatalogueExamples proves every rule finds each of its examples and
// none of its negative examples, through the whole engine (prefilter,
// windows, filters, precedence), not just the regular expression.
func TestCatalogueExamples(t *testing.T) {
	all := loadCatalogue(t)
	engine, err := detect.New(all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.Examples) == 0 || len(r.NegativeExamples) == 0 {
				t.Errorf("needs at least one example and one negative example")
			}
			for _, p := range engine.CheckExamples(r) {
				t.Error(p)
			}
		})
	}
}

func TestCatalogueSize(t *testing.T) {
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	const minProviders = 400
	if len(providers) < minProviders {
		t.Errorf("catalogue has %d providers, want at least %d", len(providers), minProviders)
	}
}

// TestPlaybooksComplete proves every rule, after merging its provider's
// playbook, can answer what explain needs.
func TestPlaybooksComplete(t *testing.T) {
	for _, r := range loadCatalogue(t) {
		if missing := r.Playbook.Missing(); len(missing) > 0 {
			sort.Strings(missing)
			t.Errorf("%s (rules/%s.yaml): playbook lacks %v", r.ID, r.Provider, missing)
		}
	}
}

// TestWinsOverNamesOtherProviders proves each declared overlap names a rule
// that exists, of another provider, and that no two rules claim to win
// over each other (the engine could not settle that).
func TestWinsOverNamesOtherProviders(t *testing.T) {
	all := loadCatalogue(t)
	byID := map[string]*rule.Rule{}
	for _, r := range all {
		byID[r.ID] = r
	}
	declared := 0
	for _, r := range all {
		for _, id := range r.WinsOver {
			declared++
			other := byID[id]
			switch {
			case other == nil:
				t.Errorf("%s: wins_over names unknown rule %q", r.ID, id)
			case other.Provider == r.Provider:
				t.Errorf("%s: wins_over %s, a rule of its own provider (split the pattern instead)", r.ID, id)
			case slices.Contains(other.WinsOver, r.ID):
				t.Errorf("%s and %s each declare wins_over the other", r.ID, id)
			}
		}
	}
	if declared == 0 {
		t.Error("no rule declares wins_over: the overlap test proves nothing")
	}
}

// TestNameSeparatorsAcceptSpace keeps the catalogue consistent: a provider
// pattern that joins the words of a key's name with [_.\-] accepts a space
// there too ("Fastly token: ...", "newsapi key: ..."), as keys pasted into
// notes, logs and comments are written. Generic rules name no provider and
// are left to their own classifiers.
// lazyNameRun is the run of name characters between a provider's name and
// its key word ("tyntec" ... "secret").
var lazyNameRun = regexp.MustCompile(`\[\\w\.\\-\]\{0,\d+\}\?`)

func TestNameSeparatorsAcceptSpace(t *testing.T) {
	for _, r := range loadCatalogue(t) {
		if r.Provider == "generic" {
			continue
		}
		if strings.Contains(r.Pattern, `[_.\-]?`) || lazyNameRun.MatchString(r.Pattern) {
			t.Errorf("%s: pattern joins name words with [_.\\-] and no space", r.ID)
		}
	}
}
