// Package nprules reads rule files in the YAML format Nosey Parker
// introduced (docs/RULES.md in praetorian-inc/noseyparker: a top-level
// rules list of name, id, pattern, examples, negative_examples,
// references) and that Titus and Kingfisher's custom rules extend
// (docs/RULES.md in mongodb/kingfisher: min_entropy, confidence,
// visible, depends_on_rule, pattern_requirements, validation,
// revocation), and translates them into leakhound custom rules.
package nprules

import (
	"bytes"
	"fmt"
	"os"
	"regexp/syntax"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/kingfisher"
	"github.com/leakhound/leakhound/internal/regexconv"
	"github.com/leakhound/leakhound/internal/rule"
)

// Rule is one rule of a file.
type Rule struct {
	Name             string   `yaml:"name"`
	ID               string   `yaml:"id"`
	Pattern          string   `yaml:"pattern"`
	Examples         []string `yaml:"examples"`
	NegativeExamples []string `yaml:"negative_examples"`
	References       []string `yaml:"references"`
	Description      string   `yaml:"description"`
	Categories       []string `yaml:"categories"`
	MinEntropy       float64  `yaml:"min_entropy"`
	Confidence       string   `yaml:"confidence"`
	Visible          *bool    `yaml:"visible"`
	// Requirements is Kingfisher's pattern_requirements.
	Requirements *Requirements `yaml:"pattern_requirements"`
	DependsOn    yaml.Node     `yaml:"depends_on_rule"`
	Validation   yaml.Node     `yaml:"validation"`
	Revocation   yaml.Node     `yaml:"revocation"`

	Line int `yaml:"-"`
	// Unknown are keys this package does not know, named by the import.
	Unknown []string `yaml:"-"`
}

// Requirements are Kingfisher's character requirements on a match.
type Requirements struct {
	MinDigits       int      `yaml:"min_digits"`
	MinUppercase    int      `yaml:"min_uppercase"`
	MinLowercase    int      `yaml:"min_lowercase"`
	MinSpecialChars int      `yaml:"min_special_chars"`
	SpecialChars    string   `yaml:"special_chars"`
	IgnoreIfContain []string `yaml:"ignore_if_contains"`
}

// known are the keys Nosey Parker and Kingfisher document for a rule.
var known = map[string]bool{
	"name": true, "id": true, "pattern": true, "examples": true, "negative_examples": true, "references": true,
	"description": true, "categories": true, "min_entropy": true, "confidence": true, "visible": true,
	"pattern_requirements": true, "depends_on_rule": true, "validation": true, "revocation": true,
}

// Read parses a rules file. A file that is not one (a Kingfisher
// baseline, a list with no rules key) is an error saying what it is.
func Read(path string) ([]Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rules, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rules, nil
}

// Parse reads a rules file's text.
func Parse(data []byte) ([]Rule, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a rules file: want a mapping with a rules list")
	}
	root := doc.Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k := root.Content[i].Value; {
		case k == "rules":
			list = root.Content[i+1]
		case kingfisher.BaselineKey(k):
			return nil, fmt.Errorf("line %d: this is a Kingfisher baseline, not a rules file: import it with `leakhound config import kingfisher`", root.Content[i].Line)
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: not a rules file: no rules list", root.Line)
	}
	var out []Rule
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("line %d: a rule must be a mapping", n.Line)
		}
		var r Rule
		if err := n.Decode(&r); err != nil {
			return nil, fmt.Errorf("rule at line %d: %w", n.Line, err)
		}
		r.Line = n.Line
		for i := 0; i < len(n.Content); i += 2 {
			if !known[n.Content[i].Value] {
				r.Unknown = append(r.Unknown, n.Content[i].Value)
			}
		}
		switch {
		case strings.TrimSpace(r.ID) == "":
			return nil, fmt.Errorf("line %d: rule %q has no id", n.Line, r.Name)
		case strings.TrimSpace(r.Pattern) == "":
			return nil, fmt.Errorf("line %d: rule %s has no pattern", n.Line, r.ID)
		}
		switch strings.ToLower(r.Confidence) {
		case "", "low", "medium", "high":
		default:
			return nil, fmt.Errorf("line %d: rule %s: confidence %q is not low, medium or high", n.Line, r.ID, r.Confidence)
		}
		out = append(out, r)
	}
	return out, nil
}

// Translate makes custom rules of a tool's rules; tool is the provider
// they are filed under ("kingfisher", "noseyparker"), toolName how it
// is written. A rule is exact and runs over whole files, as those tools
// run their patterns over whole blobs.
func Translate(rules []Rule, tool, toolName string) (*config.Config, []config.Note) {
	cfg := &config.Config{}
	var notes config.Notes
	note := notes.Add
	taken := map[string]bool{}
	referenced := 0
	for _, r := range rules {
		subject := fmt.Sprintf("line %d: rule %s", r.Line, r.ID)
		if r.Visible != nil && !*r.Visible {
			note(subject, false, "a hidden helper rule (visible: false) reports nothing on its own; not carried over")
			continue
		}
		pattern := regexconv.Verbose(r.Pattern)
		re, err := syntax.Parse(pattern, syntax.Perl)
		if err != nil {
			note(subject, true, "pattern does not compile in RE2: %v; not carried over", err)
			continue
		}
		group := secretGroup(re)
		if pattern, err = regexconv.NameSecretGroup(pattern, group); err != nil {
			note(subject, true, "%v; not carried over", err)
			continue
		}
		if re.MaxCap() > 1 {
			note(subject, true, "has %d capture groups; %s reports each, leakhound reports group %d as the secret", re.MaxCap(), toolName, group)
		}
		if r.MinEntropy < 0 || r.MinEntropy > 8 {
			note(subject, true, "min_entropy %.2f is outside 0..8; not carried over", r.MinEntropy)
			continue
		}
		id := config.ImportID(tool, r.ID, "rule", func(id string) bool { return taken[id] })
		taken[id] = true
		name := r.Name
		if name == "" {
			name = r.ID
		}
		cr := config.CustomRule{
			Rule: rule.Rule{
				ID: id, Name: name, Aliases: []string{r.ID}, Severity: severity(r.Confidence),
				Pattern: pattern, Entropy: r.MinEntropy, WholeFile: true, Exact: true,
				Examples: r.Examples, NegativeExamples: r.NegativeExamples, Tags: r.Categories,
			},
			ProviderID: tool, ProviderName: "Imported from " + toolName,
		}
		if q := r.Requirements; q != nil {
			if len(q.IgnoreIfContain) > 0 {
				cr.Allowlists = append(cr.Allowlists, config.Allowlist{Description: "pattern_requirements.ignore_if_contains", Stopwords: q.IgnoreIfContain})
			}
			if q.MinDigits+q.MinUppercase+q.MinLowercase+q.MinSpecialChars > 0 {
				note(subject, true, "pattern_requirements' character counts are not carried over (it may find more)")
			}
		}
		if !r.DependsOn.IsZero() {
			note(subject, true, "depends_on_rule is not carried over: the rule reports on its own (it may find more)")
		}
		if !r.Validation.IsZero() || !r.Revocation.IsZero() {
			note(subject, true, "its validation and revocation requests are not carried over: its matches are reported without a validity verdict")
		}
		if len(r.Unknown) > 0 {
			sort.Strings(r.Unknown)
			note(subject, true, "keys %s are not known here; not carried over", strings.Join(r.Unknown, ", "))
		}
		if len(r.References) > 0 || r.Description != "" {
			referenced++
		}
		note(subject, false, "imported as %s", id)
		cfg.Rules = append(cfg.Rules, cr)
	}
	if referenced > 0 {
		note("references", false, "the references and descriptions of %d %s are documentation and are not carried over", referenced, config.Plural(referenced, "rule", "rules"))
	}
	return cfg, notes
}

// secretGroup picks the group holding the secret: the first unnamed one
// (Kingfisher's TOKEN; named groups are its helper captures), else the
// first; 0 (the whole match) when there is none.
func secretGroup(re *syntax.Regexp) int {
	names := re.CapNames()
	for i := 1; i < len(names); i++ {
		if names[i] == "" {
			return i
		}
	}
	if len(names) > 1 {
		return 1
	}
	return 0
}

func severity(confidence string) string {
	switch strings.ToLower(confidence) {
	case "low":
		return rule.SeverityLow
	case "medium":
		return rule.SeverityMedium
	}
	return rule.SeverityHigh
}
