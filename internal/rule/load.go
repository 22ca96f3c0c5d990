package rule

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseProvider decodes one provider file strictly: an unknown field is an
// error, so a typo such as "negative_example" cannot silently disable a test.
func ParseProvider(name string, data []byte) (*Provider, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Provider
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); want != p.ID {
		return nil, fmt.Errorf("%s: provider %q must live in %s.yaml", name, p.ID, p.ID)
	}
	return &p, nil
}

// LoadFS reads every *.yaml file of a catalogue.
func LoadFS(fsys fs.FS) ([]*Provider, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var providers []*Provider
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p, err := ParseProvider(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		providers = append(providers, p)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return providers, nil
}

// Flatten returns every rule of the providers and rejects duplicate ids.
func Flatten(providers []*Provider) ([]*Rule, error) {
	seen := map[string]bool{}
	var rules []*Rule
	for _, p := range providers {
		for i := range p.Rules {
			r := &p.Rules[i]
			if seen[r.ID] {
				return nil, fmt.Errorf("rule id %q is defined twice", r.ID)
			}
			seen[r.ID] = true
			rules = append(rules, r)
		}
	}
	return rules, nil
}
