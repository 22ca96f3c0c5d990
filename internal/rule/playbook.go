package rule

import (
	"fmt"
	"net/url"
	"strings"
)

// Playbook is what to do when a credential leaks. A provider's playbook
// holds what its rules share; a rule's playbook overrides field by field.
// Generic text (rotation order, best practices) lives in internal/playbook,
// so 400 playbooks are not 400 copies of the same prose.
type Playbook struct {
	// About: what the credential is and how it is used.
	About string `yaml:"about,omitempty" json:"about,omitempty"`
	// Risks: what an attacker can do with it, one item each.
	Risks []string `yaml:"risks,omitempty" json:"risks,omitempty"`
	// Create: where and how to create a replacement (URL and steps).
	Create string `yaml:"create,omitempty" json:"create,omitempty"`
	// Revoke: where and how to revoke or deactivate the leaked one.
	Revoke string `yaml:"revoke,omitempty" json:"revoke,omitempty"`
	// Misuse: how to check whether someone else used it (logs, activity).
	Misuse string `yaml:"misuse,omitempty" json:"misuse,omitempty"`
	// EnvVar: the variable name people usually keep it in.
	EnvVar string `yaml:"env_var,omitempty" json:"env_var,omitempty"`
	// Docs: the vendor's page about this credential.
	Docs string `yaml:"docs,omitempty" json:"docs,omitempty"`
}

// Merge returns p with every empty field taken from base.
func (p Playbook) Merge(base Playbook) Playbook {
	if p.About == "" {
		p.About = base.About
	}
	if len(p.Risks) == 0 {
		p.Risks = base.Risks
	}
	if p.Create == "" {
		p.Create = base.Create
	}
	if p.Revoke == "" {
		p.Revoke = base.Revoke
	}
	if p.Misuse == "" {
		p.Misuse = base.Misuse
	}
	if p.EnvVar == "" {
		p.EnvVar = base.EnvVar
	}
	if p.Docs == "" {
		p.Docs = base.Docs
	}
	return p
}

var envVarPattern = lazyRegexp(`^[A-Z][A-Z0-9_]*$`)

// Missing lists the fields a complete playbook lacks.
func (p Playbook) Missing() []string {
	var out []string
	for name, empty := range map[string]bool{
		"about": p.About == "", "risks": len(p.Risks) == 0, "create": p.Create == "",
		"revoke": p.Revoke == "", "misuse": p.Misuse == "", "env_var": p.EnvVar == "",
	} {
		if empty {
			out = append(out, name)
		}
	}
	return out
}

func (p Playbook) check() []string {
	var errs []string
	if p.EnvVar != "" && !envVarPattern().MatchString(p.EnvVar) {
		errs = append(errs, fmt.Sprintf("playbook env_var %q is not an UPPER_SNAKE_CASE name", p.EnvVar))
	}
	for _, u := range []string{p.Docs} {
		if u == "" {
			continue
		}
		if parsed, err := url.Parse(u); err != nil || parsed.Scheme != "https" || parsed.Host == "" {
			errs = append(errs, fmt.Sprintf("playbook docs %q is not an https URL", u))
		}
	}
	for _, text := range append([]string{p.About, p.Create, p.Revoke, p.Misuse}, p.Risks...) {
		if strings.TrimSpace(text) != text {
			errs = append(errs, fmt.Sprintf("playbook text %q has leading or trailing space", text))
		}
	}
	return errs
}
