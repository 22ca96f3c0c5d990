package ggshield

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detectormap"
	"github.com/leakhound/leakhound/internal/rule"
)

// Import reads a .gitguardian.yaml and translates it against the
// catalogue's rules.
func Import(path string, catalogue func() ([]*rule.Rule, error)) (*config.Config, []config.Note, error) {
	c, err := Read(path)
	if err != nil {
		return nil, nil, err
	}
	rules, err := catalogue()
	if err != nil {
		return nil, nil, err
	}
	cfg, notes := Translate(c, rules)
	cfg.Path = path
	return cfg, notes, nil
}

// Translate turns ggshield's decisions into leakhound config: ignored
// paths into a path allowlist (ggshield's own regexes, so the same files
// are left out), ignored matches into a secret_sha256 allowlist (a
// stored secret is written as its hash, never as text), ignored
// detectors into disabled rules. The notes say what could not be
// carried over exactly.
func Translate(c *Config, rules []*rule.Rule) (*config.Config, []config.Note) {
	cfg := &config.Config{}
	var notes config.Notes
	note := notes.Add
	if len(c.IgnoredPaths) > 0 {
		a := config.Allowlist{Description: "ggshield ignored_paths"}
		for _, p := range c.IgnoredPaths {
			re, err := PathRegex(p.Value)
			if err == nil {
				_, err = regexp.Compile(re)
			}
			if err != nil {
				note(fmt.Sprintf("line %d: ignored path %q", p.Line, p.Value), true, "%v; not carried over", err)
				continue
			}
			a.Paths = append(a.Paths, re)
		}
		if len(a.Paths) > 0 {
			cfg.Allowlists = append(cfg.Allowlists, a)
			note("ignored_paths", false, "%d %s: findings in those files are suppressed (the files are still read)", len(a.Paths), config.Plural(len(a.Paths), "pattern", "patterns"))
		}
	}
	if len(c.IgnoredMatches) > 0 {
		hashes := 0
		for _, m := range c.IgnoredMatches {
			h := strings.ToLower(m.Match)
			if config.IsSHA256Hex(m.Match) {
				hashes++
			} else {
				sum := sha256.Sum256([]byte(m.Match))
				h = hex.EncodeToString(sum[:])
			}
			// One list an entry, its line in the description: a scan
			// names the entries that matched nothing by it.
			desc := fmt.Sprintf("%s ignored_matches, line %d", filepath.Base(c.Path), m.Line)
			if c.Path == "" {
				desc = fmt.Sprintf("ggshield ignored_matches, line %d", m.Line)
			}
			if m.Name != "" {
				desc += ": " + m.Name
			}
			cfg.Allowlists = append(cfg.Allowlists, config.Allowlist{Description: desc, SecretSHA256: []string{h}})
		}
		note("ignored_matches", false, "%d %s, written as SHA-256 digests (a secret stored as text is not copied)", len(c.IgnoredMatches), config.Plural(len(c.IgnoredMatches), "entry", "entries"))
		if hashes > 0 {
			note("ignored_matches", true, "%d %s a hash: it holds for the secret whose SHA-256 it is, or whose ggshield ignore hash it is when the secret is of one part; a hash ggshield made over several parts (a user and password, a client id and secret) cannot be recomputed, and those secrets are reported again", hashes, config.Plural(hashes, "entry is", "entries are"))
		}
	}
	if len(c.IgnoredDetectors) > 0 {
		m := detectormap.New(rules)
		for _, d := range c.IgnoredDetectors {
			subject := fmt.Sprintf("line %d: ignored detector %q", d.Line, d.Value)
			var text string
			var inexact bool
			cfg.Scan.DisabledRules, text, inexact = m.Disable(cfg.Scan.DisabledRules, d.Value)
			note(subject, inexact, "%s", text)
		}
	}
	if c.IgnoreKnownSecrets {
		note("secret.ignore_known_secrets", true, "which secrets GitGuardian's dashboard already knows only the dashboard can tell: leakhound reports them (review them into .leakhoundignore)")
	}
	if c.ExitZero {
		note("exit_zero", true, "leakhound sets its exit status by flag, not config: run `leakhound scan --exit-zero` for the same")
	}
	if len(c.Other) > 0 {
		var keys []string
		for _, o := range c.Other {
			keys = append(keys, o.Value)
		}
		note("settings", false, "%s do not decide what is reported; not carried over", strings.Join(keys, ", "))
	}
	return cfg, notes
}
