package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/termsafe"
)

const (
	ansiReset  = "\033[0m"
	ansiBold   = "\033[1m"
	ansiDim    = "\033[2m"
	ansiRed    = "\033[31m"
	ansiYellow = "\033[33m"
	ansiCyan   = "\033[36m"
)

// writeText groups findings by secret, worst first, and says what to do.
func writeText(w io.Writer, r *Report) error {
	paint := func(code, s string) string {
		if !r.Color {
			return s
		}
		return code + s + ansiReset
	}
	if len(r.Findings) == 0 {
		msg := "No secrets found."
		if r.Incomplete {
			msg = "No secrets found in what was scanned, but " + incompleteNote(r)
		}
		if note := ShallowNote(r.Shallow); note != "" {
			msg += "\n" + note
		}
		_, err := fmt.Fprintln(w, msg+belowConfidenceNote(r))
		return err
	}
	var b strings.Builder
	for _, f := range bySecret(r.Findings) {
		places := f.AllPlaces()
		sevColor := ansiYellow
		if f.Severity == "critical" || f.Severity == "high" {
			sevColor = ansiRed
		}
		fmt.Fprintf(&b, "%s %s %s\n", paint(ansiBold+sevColor, strings.ToUpper(f.Severity)), paint(ansiBold, safe(f.RuleName)), paint(ansiDim, "("+safe(f.RuleID)+")"))
		secret := f.Preview
		if f.Secret != "" {
			secret = f.Secret
		}
		fmt.Fprintf(&b, "  secret      %s  fingerprint %s\n", safe(secret), f.Fingerprint)
		// Confidence is a place's: one line when every place has the
		// same, else said at each place.
		details := map[string]bool{}
		for _, p := range places {
			details[findingDetail(p)] = true
		}
		perPlace := len(details) > 1
		if detail := findingDetail(f.Location); !perPlace && detail != "" {
			fmt.Fprintf(&b, "  confidence  %s\n", safe(detail))
		}
		if f.Validity != "" {
			fmt.Fprintf(&b, "  validity    %s\n", validityLabel(f, paint))
		}
		for i, p := range places {
			label := "  found at   "
			if i > 0 {
				label = "             "
			}
			detail := ""
			if perPlace && findingDetail(p) != "" {
				detail = "  [" + findingDetail(p) + "]"
			}
			fmt.Fprintf(&b, "%s %s%s%s\n", label, paint(ansiCyan, location(p)), provenance(p), detail)
		}
		fmt.Fprintf(&b, "  next        %s\n\n", nextStep(r, f, len(places)))
	}
	fmt.Fprintf(&b, "%s%s\n", Summary(r.Findings), belowConfidenceNote(r))
	if note := ShallowNote(r.Shallow); note != "" {
		fmt.Fprintf(&b, "%s\n", note)
	}
	if r.Incomplete {
		fmt.Fprintf(&b, "Also, %s\n", incompleteNote(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// belowConfidenceNote tells how many places --min-confidence left out.
func belowConfidenceNote(r *Report) string {
	if r.BelowConfidence == 0 {
		return ""
	}
	return fmt.Sprintf(" %d %s of confidence below %s not shown (--min-confidence low shows them).",
		r.BelowConfidence, plural(r.BelowConfidence, "place", "places"), r.MinConfidence)
}

// findingDetail says how sure a match is and under which name it was
// found: "medium, key postmark.api_token, weak password".
func findingDetail(f finding.Location) string {
	if f.Confidence == "" {
		return ""
	}
	parts := []string{f.Confidence}
	if f.Key != "" {
		parts = append(parts, "key "+f.Key)
	}
	if f.Note != "" {
		parts = append(parts, f.Note)
	}
	return strings.Join(parts, ", ")
}

// incompleteNote says that, and how much of, the target was not scanned;
// the names are on standard error, next to the other diagnostics.
func incompleteNote(r *Report) string {
	if n := len(r.NotScanned); n > 0 {
		return fmt.Sprintf("the scan is incomplete: %d %s not scanned (named on standard error).", n, plural(n, "item was", "items were"))
	}
	return "the scan is incomplete (see standard error)."
}

func validityLabel(f finding.Finding, paint func(string, string) string) string {
	switch f.Validity {
	case "valid":
		return paint(ansiBold+ansiRed, "LIVE: the provider accepted it") + " (" + safe(f.ValidityReason) + ")"
	case "invalid":
		return "not accepted by the provider (revoked or never valid; " + safe(f.ValidityReason) + ")"
	}
	return "unknown: " + safe(f.ValidityReason)
}

// safe shows text from the scanned content (paths, authors, instructions)
// with what a terminal would act on escaped: the text report is read on
// one. The JSON report has the exact values.
func safe(s string) string { return termsafe.String(s) }

func location(f finding.Location) string {
	return fmt.Sprintf("%s:%d:%d", safe(f.Path), f.Line, f.Column)
}

func provenance(f finding.Location) string {
	var parts []string
	if f.Encoding != "" {
		parts = append(parts, f.Encoding+"-encoded")
	}
	if f.Commit != "" {
		parts = append(parts, fmt.Sprintf("commit %s by %s on %s", safe(shortCommit(f.Commit)), safe(f.Author), f.Date.Format("2006-01-02")))
	}
	if f.Image != "" {
		parts = append(parts, imageProvenance(f))
	}
	if len(parts) == 0 {
		return ""
	}
	return "  (" + strings.Join(parts, ", ") + ")"
}

// imageProvenance names the image, the layer and the instruction that made
// it, shortened to fit a line: the JSON report has them in full.
func imageProvenance(f finding.Location) string {
	s := "image " + safe(f.Image)
	if f.Layer > 0 {
		digest := f.LayerDigest
		if len(digest) > len("sha256:")+12 {
			digest = digest[:len("sha256:")+12]
		}
		s += fmt.Sprintf(" layer %d %s", f.Layer, safe(digest))
	}
	if by := strings.Join(strings.Fields(f.CreatedBy), " "); by != "" {
		if r := []rune(by); len(r) > 60 {
			by = string(r[:59]) + "…"
		}
		s += fmt.Sprintf(" made by %q", by) // %q escapes control characters
	}
	if f.Deleted {
		s += ", deleted by a later layer"
	}
	return s
}

func nextStep(r *Report, f finding.Finding, places int) string {
	where := "where it was issued"
	if rl := r.Rules[f.RuleID]; rl != nil && rl.RevokeURL != "" {
		where = "at " + safe(rl.RevokeURL)
	}
	users := "the services that use it"
	if places > 1 {
		users = fmt.Sprintf("the services that use it (it appears in %d places)", places)
	}
	return fmt.Sprintf("treat it as compromised: create a new one, update %s, then revoke this one %s; removing it from the code does not un-leak it. Full guide: leakhound explain %s", users, where, safe(f.RuleID))
}

// Summary is the one-line count of a report.
func Summary(fs []finding.Finding) string {
	if len(fs) == 0 {
		return "No secrets found."
	}
	secrets := map[string]bool{}
	bySeverity := map[string]int{}
	places := 0
	for _, f := range fs {
		places += len(f.AllPlaces())
		if !secrets[f.Fingerprint] {
			secrets[f.Fingerprint] = true
			bySeverity[f.Severity]++
		}
	}
	var parts []string
	for _, s := range []string{"critical", "high", "medium", "low"} {
		if n := bySeverity[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return fmt.Sprintf("%d %s in %d %s (%s).", len(secrets), plural(len(secrets), "secret", "secrets"), places, plural(places, "place", "places"), strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
