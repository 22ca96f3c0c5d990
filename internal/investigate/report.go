package investigate

import (
	"fmt"
	"strings"
	"time"
)

// Report is what an investigation found. It never holds the secret.
type Report struct {
	RuleID       string `json:"rule_id"`
	Provider     string `json:"provider"`
	ProviderName string `json:"provider_name"`
	Docs         string `json:"docs,omitempty"`
	// Since is when the key leaked; From is where the activity read
	// starts (Since less the baseline window); At is when it ran.
	Since       time.Time  `json:"since"`
	From        time.Time  `json:"from"`
	At          time.Time  `json:"at"`
	Identity    []Field    `json:"identity"`
	Permissions []string   `json:"permissions"`
	Resources   []Resource `json:"resources"`
	Activity    *Activity  `json:"activity,omitempty"`
	Steps       []StepLog  `json:"steps"`
}

// Field is one fact about the key's owner.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Resource is a kind of thing the key reaches, and which.
type Resource struct {
	Kind      string   `json:"kind"`
	Count     int      `json:"count"`
	Items     []string `json:"items"`
	Truncated bool     `json:"truncated,omitempty"`
}

// StepLog tells how each question was answered: ok, denied (the key lacks
// a permission, named in Detail), unavailable, or failed.
type StepLog struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Step outcomes.
const (
	StepOK          = "ok"
	StepDenied      = "denied"
	StepUnavailable = "unavailable"
	StepFailed      = "failed"
	StepSkipped     = "skipped"
)

// Incomplete reports whether some step failed (not merely denied).
func (r *Report) Incomplete() bool {
	for _, s := range r.Steps {
		if s.Status == StepFailed {
			return true
		}
	}
	return false
}

// Flagged reports whether the activity holds anything unusual.
func (r *Report) Flagged() bool {
	return r.Activity != nil && len(r.Activity.Unusual) > 0
}

// Summary is the report in one line, for an audit entry or a list.
func (r *Report) Summary() string {
	a := r.Activity
	switch {
	case a == nil:
		return fmt.Sprintf("identity and reach read; %s keeps no activity log this key can read", r.ProviderName)
	case len(a.Unusual) > 0:
		var parts []string
		for i, f := range a.Unusual {
			if i == 3 {
				parts = append(parts, fmt.Sprintf("%d more", len(a.Unusual)-3))
				break
			}
			parts = append(parts, f.Kind+" "+f.Value)
		}
		return fmt.Sprintf("%d unusual in %d events since the leak: %s", len(a.Unusual), a.SinceLeak, strings.Join(parts, ", "))
	case a.Truncated:
		return fmt.Sprintf("nothing unusual in %d events since the leak, but the activity could not all be read", a.SinceLeak)
	}
	return fmt.Sprintf("nothing unusual in %d events since the leak", a.SinceLeak)
}
