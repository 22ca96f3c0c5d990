// Package config reads .leakhound.toml: path excludes, disabled rules,
// limits and custom rules in the catalogue's schema.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/leakhound/leakhound/internal/rule"
)

// FileName is looked up at the scanned root when --config is not given.
const FileName = ".leakhound.toml"

// Config is the parsed file.
type Config struct {
	Scan       Scan         `toml:"scan,omitempty"`
	Validation Validation   `toml:"validation,omitempty"`
	Rules      []CustomRule `toml:"rules,omitempty"`
	// Allowlists allow matches of any rule, or of the rules and providers
	// they name.
	Allowlists []Allowlist `toml:"allowlists,omitempty"`
	// Path is where the config was read from, "" when none was found.
	Path string `toml:"-"`
}

// Scan holds scan settings.
type Scan struct {
	Exclude       []string `toml:"exclude,omitempty"`
	DisabledRules []string `toml:"disabled_rules,omitempty"`
	MaxFileSize   string   `toml:"max_file_size,omitempty"`
}

// Validation configures live validity checks.
type Validation struct {
	// Hosts maps a provider host to another base URL: an egress gateway,
	// GitHub Enterprise Server, a local fake. Plain http only to loopback.
	Hosts       map[string]string `toml:"hosts,omitempty"`
	Timeout     string            `toml:"timeout,omitempty"`      // per request, e.g. "10s"
	Concurrency int               `toml:"concurrency,omitempty"`  // requests in flight
	PerHost     string            `toml:"per_host_gap,omitempty"` // e.g. "200ms" between requests to one host
	Retries     *int              `toml:"retries,omitempty"`      // on 429 and 5xx
}

// CustomRule is a rule with its provider named inline, the same fields as a
// rules/*.yaml entry.
type CustomRule struct {
	rule.Rule
	ProviderID   string `toml:"provider,omitempty"`
	ProviderName string `toml:"provider_name,omitempty"`
	Category     string `toml:"category,omitempty"`
	// Allowlists allow some of this rule's matches.
	Allowlists []Allowlist `toml:"allowlists,omitempty"`
}

// Load reads an explicit config file (an error if missing) or, when path is
// empty, root/.leakhound.toml if it exists.
func Load(path, root string) (*Config, error) {
	explicit := path != ""
	if !explicit {
		if root == "" {
			return &Config{}, nil
		}
		path = filepath.Join(root, FileName)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return &Config{}, nil
		}
		return nil, fmt.Errorf("reading config: %w", err)
	}
	cfg, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// Parse decodes a config strictly: unknown keys are errors, not silently
// ignored settings.
func Parse(data []byte) (*Config, error) {
	var cfg Config
	dec := toml.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) {
			var keys []string
			for _, e := range sm.Errors {
				row, col := e.Position()
				keys = append(keys, fmt.Sprintf("line %d, column %d: unknown key %q", row, col, strings.Join(e.Key(), ".")))
			}
			return nil, errors.New(strings.Join(keys, "; "))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("line %d, column %d: %s", row, col, de.Error())
		}
		return nil, err
	}
	if _, err := cfg.MaxFileSize(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Providers groups custom rules by provider and checks them like the
// built-in catalogue.
func (c *Config) Providers() ([]*rule.Provider, error) {
	byID := map[string]*rule.Provider{}
	var out []*rule.Provider
	for _, cr := range c.Rules {
		id := cr.ProviderID
		if id == "" {
			id = "custom"
		}
		p := byID[id]
		if p == nil {
			name := cr.ProviderName
			if name == "" {
				name = id
			}
			p = &rule.Provider{ID: id, Name: name, Category: cr.Category}
			byID[id] = p
			out = append(out, p)
		}
		p.Rules = append(p.Rules, cr.Rule)
	}
	for _, p := range out {
		if err := p.Check(); err != nil {
			return nil, fmt.Errorf("custom rules: %w", err)
		}
	}
	return out, nil
}

// RuleSet returns the built-in providers' rules plus the custom rules,
// without the rules scan.disabled_rules names; naming a rule that does
// not exist is an error, not a silent no-op.
func (c *Config) RuleSet(builtin []*rule.Provider) ([]*rule.Rule, error) {
	custom, err := c.Providers()
	if err != nil {
		return nil, err
	}
	all, err := rule.Flatten(append(append([]*rule.Provider(nil), builtin...), custom...))
	if err != nil {
		return nil, err
	}
	disabled := map[string]bool{}
	for _, id := range c.Scan.DisabledRules {
		disabled[id] = true
	}
	known := map[string]bool{}
	out := all[:0]
	for _, r := range all {
		known[r.ID] = true
		if !disabled[r.ID] {
			out = append(out, r)
		}
	}
	for _, id := range c.Scan.DisabledRules {
		if !known[id] {
			return nil, fmt.Errorf("scan.disabled_rules names unknown rule %q", id)
		}
	}
	return out, nil
}

// MaxFileSize parses scan.max_file_size ("10MB", "512KiB", "1048576");
// zero means the caller's default.
func (c *Config) MaxFileSize() (int64, error) {
	if c.Scan.MaxFileSize == "" {
		return 0, nil
	}
	n, err := ParseSize(c.Scan.MaxFileSize)
	if err != nil {
		return 0, fmt.Errorf("scan.max_file_size: %w", err)
	}
	return n, nil
}

// ParseSize reads a byte count with an optional KB/MB/GB (or KiB...) unit.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size such as 50MB", s)
	}
	return n * mult, nil
}
