package gitleaks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/rule"
)

// ConfigFileName is read at the scanned root when there is no
// .leakhound.toml, as gitleaks reads it.
const ConfigFileName = ".gitleaks.toml"

// Config is a gitleaks config, with the fields gitleaks' README documents
// (https://github.com/gitleaks/gitleaks#configuration). Keys match in any
// case, as gitleaks' config loader matches them.
type Config struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	MinVersion  string `toml:"minVersion"`
	Extend      Extend `toml:"extend"`
	Rules       []Rule `toml:"rules"`
	// Allowlist is the global allowlist's older form ([allowlist]),
	// Allowlists its form since gitleaks 8.25 ([[allowlists]]).
	Allowlist  *Allowlist  `toml:"allowlist"`
	Allowlists []Allowlist `toml:"allowlists"`
}

// Extend says which config a config builds on.
type Extend struct {
	UseDefault    bool     `toml:"useDefault"`
	Path          string   `toml:"path"`
	URL           string   `toml:"url"`
	DisabledRules []string `toml:"disabledRules"`
}

// Rule is a [[rules]] table.
type Rule struct {
	ID          string   `toml:"id"`
	Description string   `toml:"description"`
	Regex       string   `toml:"regex"`
	SecretGroup int      `toml:"secretGroup"`
	Entropy     float64  `toml:"entropy"`
	Path        string   `toml:"path"`
	Keywords    []string `toml:"keywords"`
	Tags        []string `toml:"tags"`
	// Allowlist is the older form of a rule's allowlist ([rules.allowlist]).
	Allowlist  *Allowlist  `toml:"allowlist"`
	Allowlists []Allowlist `toml:"allowlists"`
	Required   []Required  `toml:"required"`
	SkipReport bool        `toml:"skipReport"`
}

// Required is a composite rule's auxiliary rule (gitleaks 8.28).
type Required struct {
	ID            string `toml:"id"`
	WithinLines   *int   `toml:"withinLines"`
	WithinColumns *int   `toml:"withinColumns"`
}

// Allowlist is a rule's or a global allowlist.
type Allowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	RegexTarget string   `toml:"regexTarget"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
	// TargetRules limits a global allowlist to some rules (gitleaks 8.25).
	TargetRules []string `toml:"targetRules"`
}

// maxExtendDepth is how many configs may be chained with [extend] path,
// gitleaks' own limit.
const maxExtendDepth = 2

// ReadConfig reads a gitleaks config and the configs it extends by path.
// Keys gitleaks does not know are reported as notes: gitleaks ignores
// them, and so does the translation, but not silently.
func ReadConfig(path string) (*Config, []config.Note, error) {
	return readConfig(path, 0)
}

func readConfig(path string, depth int) (*Config, []config.Note, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	cfg, notes, err := ParseConfig(data, path)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Extend.Path == "" {
		return cfg, notes, nil
	}
	if depth+1 > maxExtendDepth {
		return nil, nil, fmt.Errorf("%s: [extend] path %q: configs extend each other more than %d deep", path, cfg.Extend.Path, maxExtendDepth)
	}
	// gitleaks resolves the path from where it runs; the config's own
	// folder is tried first, as a repository's configs usually sit
	// together.
	base := cfg.Extend.Path
	if !filepath.IsAbs(base) {
		if near := filepath.Join(filepath.Dir(path), base); fileExists(near) {
			base = near
		}
	}
	parent, more, err := readConfig(base, depth+1)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: [extend] path: %w", path, err)
	}
	return merge(parent, cfg), append(more, notes...), nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// ParseConfig decodes a gitleaks config; name is used in messages.
func ParseConfig(data []byte, name string) (*Config, []config.Note, error) {
	var cfg Config
	var notes []config.Note
	strict := toml.NewDecoder(strings.NewReader(string(data)))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&cfg); err != nil {
		var sm *toml.StrictMissingError
		if !errors.As(err, &sm) {
			var de *toml.DecodeError
			if errors.As(err, &de) {
				row, col := de.Position()
				return nil, nil, fmt.Errorf("%s: line %d, column %d: %s", name, row, col, de.Error())
			}
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, e := range sm.Errors {
			row, _ := e.Position()
			notes = append(notes, config.Note{Subject: strings.Join(e.Key(), "."), Inexact: true,
				Text: fmt.Sprintf("line %d: not a key gitleaks documents; ignored, as gitleaks ignores it", row)})
		}
		cfg = Config{}
		if err := toml.Unmarshal(data, &cfg); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return &cfg, notes, nil
}

// merge lays a config over the one it extends: its rules replace theirs
// field by field (allowlists are added), its global allowlists are
// added, as gitleaks extends configs.
func merge(base, over *Config) *Config {
	out := *over
	out.Extend.UseDefault = over.Extend.UseDefault || base.Extend.UseDefault
	out.Extend.Path, out.Extend.URL = base.Extend.Path, base.Extend.URL
	out.Extend.DisabledRules = append(append([]string(nil), base.Extend.DisabledRules...), over.Extend.DisabledRules...)
	byID := map[string]int{}
	out.Rules = nil
	for _, r := range base.Rules {
		byID[r.ID] = len(out.Rules)
		out.Rules = append(out.Rules, r)
	}
	for _, r := range over.Rules {
		i, ok := byID[r.ID]
		if !ok {
			byID[r.ID] = len(out.Rules)
			out.Rules = append(out.Rules, r)
			continue
		}
		out.Rules[i] = mergeRule(out.Rules[i], r)
	}
	out.Allowlists = append(append([]Allowlist(nil), base.globalAllowlists()...), over.globalAllowlists()...)
	out.Allowlist = nil
	return &out
}

func mergeRule(base, over Rule) Rule {
	r := base
	if over.Description != "" {
		r.Description = over.Description
	}
	if over.Regex != "" {
		r.Regex = over.Regex
	}
	if over.SecretGroup != 0 {
		r.SecretGroup = over.SecretGroup
	}
	if over.Entropy != 0 {
		r.Entropy = over.Entropy
	}
	if over.Path != "" {
		r.Path = over.Path
	}
	if len(over.Keywords) > 0 {
		r.Keywords = over.Keywords
	}
	if len(over.Tags) > 0 {
		r.Tags = over.Tags
	}
	r.Allowlists = append(base.ruleAllowlists(), over.ruleAllowlists()...)
	r.Allowlist = nil
	return r
}

// globalAllowlists returns the global allowlists of either form.
func (c *Config) globalAllowlists() []Allowlist {
	if c.Allowlist != nil {
		return append([]Allowlist{*c.Allowlist}, c.Allowlists...)
	}
	return c.Allowlists
}

// ruleAllowlists returns a rule's allowlists of either form.
func (r *Rule) ruleAllowlists() []Allowlist {
	if r.Allowlist != nil {
		return append([]Allowlist{*r.Allowlist}, r.Allowlists...)
	}
	return r.Allowlists
}

// Import reads a gitleaks config (and those it extends) and translates
// it against the catalogue's rules.
func Import(path string, catalogue func() ([]*rule.Rule, error)) (*config.Config, []config.Note, error) {
	gc, notes, err := ReadConfig(path)
	if err != nil {
		return nil, nil, err
	}
	rules, err := catalogue()
	if err != nil {
		return nil, nil, err
	}
	cfg, more := Translate(gc, rules)
	cfg.Path = path
	return cfg, append(notes, more...), nil
}

// IsConfigName tells a gitleaks config by its name, as gitleaks names it
// (.gitleaks.toml, gitleaks.toml, ci.gitleaks.toml).
func IsConfigName(path string) bool {
	return strings.HasSuffix(strings.ToLower(filepath.Base(path)), "gitleaks.toml")
}
