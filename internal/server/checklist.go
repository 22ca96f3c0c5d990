package server

import (
	"strconv"

	"github.com/leakhound/leakhound/internal/playbook"
	"github.com/leakhound/leakhound/internal/rule"
)

// step is one remediation step; its ID is what the store records.
type step struct {
	ID    string
	Title string
}

// rotateIDs name the playbook's "Revoke and rotate" steps, in its order:
// create, update services, revoke, monitor, remove from code.
var rotateIDs = []string{"create", "update", "revoke", "monitor", "cleanup"}

// genericSteps is the checklist for a rule the server's catalogue does not
// know (a custom rule of one team's config).
var genericSteps = []step{
	{"misuse", "Check whether it was used by someone else"},
	{"create", "Create a replacement credential"},
	{"update", "Update every service that uses it (see the occurrences)"},
	{"revoke", "Revoke the leaked credential"},
	{"monitor", "Monitor for failed calls with the old credential and unknown activity"},
	{"cleanup", "Remove it from the code"},
}

// checklistSteps derives the checklist from the rule's playbook: check
// for misuse, then each rotation step, so the checklist says exactly what
// the playbook beside it says.
func checklistSteps(r *rule.Rule) []step {
	if r == nil {
		return genericSteps
	}
	g, err := playbook.Build(r, nil)
	if err != nil {
		return genericSteps
	}
	out := []step{}
	for _, sec := range g.Sections {
		switch sec.ID {
		case "misuse":
			out = append(out, step{"misuse", sec.Title})
		case "rotate":
			for i, text := range sec.Steps {
				id := "step-" + strconv.Itoa(i+1)
				if i < len(rotateIDs) {
					id = rotateIDs[i]
				}
				out = append(out, step{id, text})
			}
		}
	}
	if len(out) == 0 {
		return genericSteps
	}
	return out
}

// guide is the playbook shown beside the checklist; nil for unknown rules.
func guide(r *rule.Rule) *playbook.Guide {
	if r == nil {
		return nil
	}
	g, err := playbook.Build(r, nil)
	if err != nil {
		return nil
	}
	// The occurrences table is this page's inventory; the playbook's own
	// inventory section only says how to get one from a report.
	kept := g.Sections[:0]
	for _, s := range g.Sections {
		if s.ID != "inventory" {
			kept = append(kept, s)
		}
	}
	g.Sections = kept
	return g
}
