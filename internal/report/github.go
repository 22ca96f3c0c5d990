package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/termsafe"
)

// writeGitHub prints GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request's files
// (docs.github.com/actions/reference/workflow-commands-for-github-actions).
func writeGitHub(w io.Writer, r *Report) error {
	for _, f := range finding.Flatten(r.Findings) { // an annotation per place
		level := "error"
		if f.Severity == "medium" || f.Severity == "low" {
			level = "warning"
		}
		msg := fmt.Sprintf("%s (%s) found: %s. Rotate it, then remove it from the code. Guide: leakhound explain %s", f.RuleName, f.RuleID, f.Preview, f.RuleID)
		if f.Commit != "" {
			msg += fmt.Sprintf(" (introduced in %s)", f.Commit)
		}
		if f.Validity != "" {
			msg += " Validity: " + f.Validity + " (" + f.ValidityReason + ")."
		}
		if detail := findingDetail(f.Location); detail != "" {
			msg += " Confidence: " + detail + "."
		}
		if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			escapeProperty(f.Path), platformLine(f.Line), f.Column, escapeProperty("Leaked secret: "+f.RuleName), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData and escapeProperty encode what the workflow command syntax
// reserves; other control characters are made visible first, since the
// runner's log is also read on terminals.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(termsafe.String(s))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(termsafe.String(s))
}
