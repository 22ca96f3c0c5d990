// Package ggshield reads what a team switching from GitGuardian's ggshield
// brings along: its .gitguardian.yaml, in both formats ggshield documents
// (version 2, https://github.com/GitGuardian/ggshield/blob/main/.gitguardian.example.yml,
// and the deprecated version 1 it still converts, ggshield/core/config/v1_config.py),
// translated into leakhound config.
package ggshield

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// ConfigFileNames are the local config files ggshield reads at the
// repository's root, first found wins.
var ConfigFileNames = []string{".gitguardian.yaml", ".gitguardian.yml"}

// Config is the part of a .gitguardian.yaml that decides what is
// reported.
type Config struct {
	Path    string
	Version int
	// ExitZero makes ggshield exit 0 whatever it finds.
	ExitZero bool
	// IgnoredPaths are ggshield path patterns (see PathRegex).
	IgnoredPaths []Entry
	// IgnoredMatches are secrets reviewed as not to report.
	IgnoredMatches []Match
	// IgnoredDetectors are GitGuardian detector names ("Generic Password").
	IgnoredDetectors []Entry
	// IgnoreKnownSecrets leaves out secrets GitGuardian's dashboard
	// already knows, which only the dashboard can tell.
	IgnoreKnownSecrets bool
	// Other are settings that do not decide what is reported (instance,
	// verbose, iac...), named so the import can say they were left out.
	Other []Entry
}

// Entry is a value with the line it was read from.
type Entry struct {
	Value string
	Line  int
}

// Match is an ignored_matches entry: Match is the SHA-256 ggshield
// printed for the secret, or the secret's text itself.
type Match struct {
	Name, Match string
	Line        int
}

// FindConfig returns the ggshield config at root, "" when there is none.
func FindConfig(root string) string {
	for _, n := range ConfigFileNames {
		p := filepath.Join(root, n)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// Read parses a .gitguardian.yaml. Errors name the line.
func Read(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Path = path
	return c, nil
}

// Parse reads a config's text. ggshield accepts keys with dashes or
// underscores (exit-zero, exit_zero), and so does this.
func Parse(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	c := &Config{Version: 1}
	if len(doc.Content) == 0 {
		return c, nil // an empty file is an empty config, as ggshield reads it
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the file is not a mapping of settings", root.Line)
	}
	if v := value(root, "version"); v != nil {
		switch v.Value {
		case "1":
		case "2":
			c.Version = 2
		default:
			return nil, fmt.Errorf("line %d: version %q: ggshield documents versions 1 and 2", v.Line, v.Value)
		}
	}
	var err error
	for i := 0; i+1 < len(root.Content) && err == nil; i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch key := normal(k.Value); {
		case key == "version":
		case key == "exit_zero":
			c.ExitZero, err = boolean(v, key)
		case c.Version == 2 && key == "secret":
			err = c.readSecret(v)
		case c.Version == 1 && key == "paths_ignore":
			c.IgnoredPaths, err = strings_(v, key)
		case c.Version == 1 && key == "banlisted_detectors":
			c.IgnoredDetectors, err = strings_(v, key)
		case c.Version == 1 && key == "matches_ignore":
			c.IgnoredMatches, err = matches(v, key, true)
		default:
			c.Other = append(c.Other, Entry{Value: k.Value, Line: k.Line})
		}
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) readSecret(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return nil
		}
		return fmt.Errorf("line %d: secret must be a mapping", n.Line)
	}
	var err error
	for i := 0; i+1 < len(n.Content) && err == nil; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch key := normal(k.Value); key {
		case "ignored_paths":
			c.IgnoredPaths, err = strings_(v, "secret."+key)
		case "ignored_detectors":
			c.IgnoredDetectors, err = strings_(v, "secret."+key)
		case "ignored_matches":
			c.IgnoredMatches, err = matches(v, "secret."+key, false)
		case "ignore_known_secrets":
			c.IgnoreKnownSecrets, err = boolean(v, "secret."+key)
		default:
			c.Other = append(c.Other, Entry{Value: "secret." + k.Value, Line: k.Line})
		}
	}
	return err
}

func normal(key string) string { return strings.ReplaceAll(key, "-", "_") }

func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if normal(m.Content[i].Value) == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func boolean(n *yaml.Node, field string) (bool, error) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		return false, fmt.Errorf("line %d: %s must be true or false, not %q", n.Line, field, n.Value)
	}
	return b, nil
}

// strings_ reads a list of strings (a null is an empty list).
func strings_(n *yaml.Node, field string) ([]Entry, error) {
	if n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: %s must be a list", n.Line, field)
	}
	var out []Entry
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" || strings.TrimSpace(item.Value) == "" {
			return nil, fmt.Errorf("line %d: %s: each entry must be a non-empty string", item.Line, field)
		}
		out = append(out, Entry{Value: item.Value, Line: item.Line})
	}
	return out, nil
}

// matches reads ignored_matches: {name, match} mappings, or, in version
// 1, a bare string (a hash).
func matches(n *yaml.Node, field string, bare bool) ([]Match, error) {
	if n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: %s must be a list", n.Line, field)
	}
	var out []Match
	for _, item := range n.Content {
		m := Match{Line: item.Line}
		switch {
		case item.Kind == yaml.ScalarNode && bare:
			m.Match = item.Value
		case item.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				k, v := item.Content[i], item.Content[i+1]
				if v.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("line %d: %s: %s must be a string", v.Line, field, k.Value)
				}
				switch k.Value {
				case "name":
					if v.Tag != "!!null" {
						m.Name = v.Value
					}
				case "match":
					m.Match = v.Value
				default:
					return nil, fmt.Errorf("line %d: %s: unknown key %q (want name and match)", k.Line, field, k.Value)
				}
			}
		default:
			return nil, fmt.Errorf("line %d: %s: each entry must be a mapping with name and match", item.Line, field)
		}
		if m.Match == "" {
			return nil, fmt.Errorf("line %d: %s: entry has no match", item.Line, field)
		}
		out = append(out, m)
	}
	return out, nil
}

// PathRegex turns a ggshield path pattern into the RE2 expression ggshield
// itself builds from it (translate_user_pattern in its source): found
// anywhere in the path; a leading / anchors it at the root, a trailing /
// matches everything under a directory, otherwise the pattern must reach
// the end of the path; * is one or more characters within a directory,
// **/ any number of directories.
func PathRegex(p string) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", errors.New("empty pattern")
	}
	var b strings.Builder
	body := p
	if strings.HasPrefix(body, "/") {
		b.WriteString("^")
		body = body[1:]
	} else {
		b.WriteString("(^|/)")
	}
	for i := 0; i < len(body); {
		switch {
		case strings.HasPrefix(body[i:], "**/"):
			b.WriteString("([^/]+/)*")
			i += 3
		case body[i] == '*':
			b.WriteString("[^/]+")
			i++
		default:
			// A byte at a time, so that a character of several bytes
			// (données/) is kept as written.
			b.WriteString(regexp.QuoteMeta(body[i : i+1]))
			i++
		}
	}
	if !strings.HasSuffix(p, "/") {
		b.WriteString("$")
	}
	return b.String(), nil
}
